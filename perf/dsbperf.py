"""Shared helpers of the perf/ scripts (not a script itself): the curated suite list,
build folders, running Google Benchmark executables, run context, Mann-Whitney U tests.

Python 3 standard library only; scipy is imported where a U test is needed.
"""
import datetime
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys

PERF_DIR = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(PERF_DIR)
DEFAULT_SUITE = os.path.join(PERF_DIR, "suite.txt")
MODES = ("quick", "full", "callgrind")


class PerfError(Exception):
    """A failure the scripts report as one message on stderr (exit code in .code)."""

    def __init__(self, message, code=2):
        super().__init__(message)
        self.code = code


def die(prog, err):
    print(f"{prog}: error: {err}", file=sys.stderr)
    sys.exit(err.code if isinstance(err, PerfError) else 2)


def note(prog, message):
    print(f"{prog}: {message}", file=sys.stderr)


# ---- the curated suite ---------------------------------------------------------------
class SuiteLine:
    def __init__(self, executable, filter_regex, modes, datasets, lineno):
        self.executable = executable
        self.filter = filter_regex
        self.modes = modes
        self.datasets = datasets
        self.lineno = lineno


def read_suite(path):
    """Parses perf/suite.txt: EXECUTABLE FILTER MODES [datasets=SPEC,...] per line."""
    if not os.path.isfile(path):
        raise PerfError(f"suite file {path} not found")
    lines = []
    with open(path) as f:
        for lineno, raw in enumerate(f, 1):
            text = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
            if not text:
                continue
            fields = text.split()
            if len(fields) < 3:
                raise PerfError(f"{path}:{lineno}: expected 'EXECUTABLE FILTER MODES [datasets=...]', got {raw.strip()!r}")
            executable, filter_regex, modes = fields[0], fields[1], fields[2].split(",")
            bad = [m for m in modes if m not in MODES]
            if bad:
                raise PerfError(f"{path}:{lineno}: unknown mode {bad[0]!r} (modes: {', '.join(MODES)})")
            if "(?" in filter_regex or "\\d" in filter_regex:
                raise PerfError(f"{path}:{lineno}: {filter_regex!r}: Google Benchmark filters are POSIX extended "
                                "regexes: no (?...) groups, no \\d (use [0-9])")
            try:
                re.compile(filter_regex)
            except re.error as e:
                raise PerfError(f"{path}:{lineno}: bad filter regex {filter_regex!r}: {e}")
            datasets = []
            for extra in fields[3:]:
                if not extra.startswith("datasets="):
                    raise PerfError(f"{path}:{lineno}: unknown field {extra!r} (only datasets=SPEC,... may follow the modes)")
                datasets += [d for d in extra[len("datasets="):].split(",") if d]
            lines.append(SuiteLine(executable, filter_regex, modes, datasets, lineno))
    return lines


def suite_runs(lines, mode):
    """Groups the lines of one mode by executable: [(executable, combined filter, datasets)],
    in the order of first appearance (one process per executable)."""
    order, filters, datasets = [], {}, {}
    for line in lines:
        if mode not in line.modes:
            continue
        if line.executable not in filters:
            order.append(line.executable)
            filters[line.executable], datasets[line.executable] = [], []
        filters[line.executable].append(line.filter)
        datasets[line.executable] += [d for d in line.datasets if d not in datasets[line.executable]]
    runs = []
    for exe in order:
        parts = filters[exe]
        # Google Benchmark compiles filters as POSIX extended regexes: no (?:...) groups.
        combined = parts[0] if len(parts) == 1 else "|".join(f"({p})" for p in parts)
        runs.append((exe, combined, datasets[exe]))
    return runs


# ---- build folders ---------------------------------------------------------------------
def bench_executable(build, name):
    return os.path.join(build, "bench", name)


def built_benchmarks(build):
    folder = os.path.join(build, "bench")
    if not os.path.isdir(folder):
        return []
    return sorted(n for n in os.listdir(folder) if n.startswith("bench_") and os.access(os.path.join(folder, n), os.X_OK)
                  and os.path.isfile(os.path.join(folder, n)))


def cmake_source_dir(build):
    cache = os.path.join(build, "CMakeCache.txt")
    if os.path.isfile(cache):
        with open(cache) as f:
            for line in f:
                if line.startswith("CMAKE_HOME_DIRECTORY:"):
                    return line.split("=", 1)[1].strip()
    return None


def require_tool(name, hint):
    path = shutil.which(name)
    if not path:
        raise PerfError(f"'{name}' not found on PATH ({hint})")
    return path


def configure_and_build(source, build, preset, targets, jobs, prog, extra_cmake=()):
    """Configures `build` from `source` with a CMake preset (if not configured yet) and
    builds `targets` (ninja makes this a no-op when up to date)."""
    require_tool("cmake", "Debian: cmake; make deps installs it")
    if not os.path.isfile(os.path.join(build, "CMakeCache.txt")):
        note(prog, f"configuring {build} (preset {preset}, source {source})")
        cmd = ["cmake", "-S", source, "--preset", preset, "-B", build, "-DDSB_BUILD_TESTS=OFF", *extra_cmake]
        if subprocess.run(cmd, stdout=subprocess.DEVNULL).returncode != 0:
            raise PerfError(f"cmake configure failed: {' '.join(cmd)}", 3)
    known = build_targets(build)
    missing = [t for t in targets if known and t not in known]
    if missing:
        note(prog, f"note: {build} has no target {', '.join(missing)}: skipped")
        targets = [t for t in targets if t not in missing]
    if not targets:
        return
    # dsbench (the CLI) only serves dataset checksums: its failure is a note, not an error.
    optional = [t for t in targets if t == "dsbench"]
    required = [t for t in targets if t != "dsbench"]
    if required:
        note(prog, f"building {', '.join(required)} in {build} (-j{jobs})")
        cmd = ["cmake", "--build", build, "-j", str(jobs), "--target", *required]
        result = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if result.returncode != 0:
            sys.stderr.write(result.stdout[-4000:])
            raise PerfError(f"build failed: {' '.join(cmd)}", 3)
    for target in optional:
        cmd = ["cmake", "--build", build, "-j", str(jobs), "--target", target]
        if subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode != 0:
            note(prog, f"note: {target} did not build in {build}: dataset checksums of generated clusters unavailable")


def build_targets(build):
    """Names of the targets a configured build folder knows (empty set if unknown)."""
    result = subprocess.run(["cmake", "--build", build, "--target", "help"], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    return {line.split(":")[0].strip() for line in result.stdout.splitlines() if ":" in line}


def default_jobs():
    return int(os.environ.get("JOBS", "2"))


# ---- context ---------------------------------------------------------------------------
def _read(path):
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError:
        return None


def cpu_model():
    text = _read("/proc/cpuinfo") or ""
    for line in text.splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def machine_context():
    """What the benchmark binary cannot know: governor, affinity, load, kernel."""
    governor = _read("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor") or "unavailable (no cpufreq: VM or fixed clock)"
    boost = _read("/sys/devices/system/cpu/cpufreq/boost")
    try:
        affinity = sorted(os.sched_getaffinity(0))
    except AttributeError:
        affinity = []
    return {
        "dsbench_cpu_governor": governor,
        "dsbench_cpu_boost": boost if boost is not None else "unavailable",
        "dsbench_cpu_affinity": ",".join(map(str, affinity)),
        "dsbench_load_average": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "dsbench_kernel": platform.release(),
        "dsbench_run_utc": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def source_state(build):
    """git describe --always --dirty of the tree the build folder was configured from."""
    source = cmake_source_dir(build)
    if not source or not shutil.which("git"):
        return "unknown"
    result = subprocess.run(["git", "-C", source, "describe", "--always", "--dirty", "--abbrev=12"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    return result.stdout.strip() or "unknown"


_checksum_cache = {}


def dataset_checksum(spec, build):
    """A checksum per dataset spec: repository files by SHA-256 (first 16 hex digits);
    gen:NODES:PROFILE:SEED by the engine's own cluster digest (dsbench inspect --format
    json, 'clusterDigest'), which changes when the generator's output changes."""
    key = (spec, build)
    if key in _checksum_cache:
        return _checksum_cache[key]
    value = "unavailable"
    if spec.startswith("gen:"):
        dsbench = os.path.join(build, "engine", "dsbench")
        if os.access(dsbench, os.X_OK):
            result = subprocess.run([dsbench, "inspect", spec, "--format", "json"], stdout=subprocess.PIPE,
                                    stderr=subprocess.DEVNULL, text=True)
            if result.returncode == 0:
                try:
                    value = "digest:" + json.loads(result.stdout)["clusterDigest"]
                except (ValueError, KeyError):
                    pass
        else:
            value = "unavailable (no engine/dsbench in the build folder)"
    else:
        source = cmake_source_dir(build) or REPO
        path = os.path.join(source, spec)
        if os.path.isfile(path):
            with open(path, "rb") as f:
                value = "sha256:" + hashlib.sha256(f.read()).hexdigest()[:16]
        else:
            value = "missing"
    _checksum_cache[key] = value
    return value


THREADS_RE = re.compile(r"/threads:(\d+)")


def annotate(json_path, build, datasets, extra_context):
    """Adds dsbench's run context to a Google Benchmark JSON file in place: machine facts,
    source state, dataset checksums, and per benchmark `dsbench_threads` and
    `dsbench_variant` (the label the suites set, e.g. the placement variant)."""
    data = load_json(json_path)
    context = data.setdefault("context", {})
    context.update(machine_context())
    context["dsbench_source_state"] = source_state(build)
    context["dsbench_dataset_checksums"] = "; ".join(f"{d}={dataset_checksum(d, build)}" for d in datasets) or "none listed"
    context.update(extra_context)
    threads = set()
    variants = set()
    for bench in data.get("benchmarks", []):
        m = THREADS_RE.search(bench.get("run_name", bench["name"]))
        if m:
            bench["dsbench_threads"] = int(m.group(1))
            threads.add(int(m.group(1)))
        if bench.get("label"):
            bench["dsbench_variant"] = bench["label"]
            variants.add(bench["label"])
    context["dsbench_threads_measured"] = ",".join(map(str, sorted(threads))) or "n/a"
    context["dsbench_variants_measured"] = ",".join(sorted(variants)) or "n/a"
    with open(json_path, "w") as f:
        json.dump(data, f, indent=1)
    return data


def load_json(path):
    """A benchmark's JSON output, or PerfError (exit 3) when it is missing or empty, as
    Google Benchmark leaves it after a bad filter regex (while still exiting 0)."""
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError) as err:
        raise PerfError(f"{path}: no benchmark results ({err}); a filter Google Benchmark rejected "
                        "(POSIX extended regex: no (?:...), no \\d) leaves it empty", 3)


def run_benchmark(exe, out_json, filter_regex, repetitions, min_time, taskset=None, extra_args=(), quiet=False):
    """Runs one Google Benchmark executable with JSON output; returns the exit code."""
    cmd = []
    if taskset:
        cmd += [require_tool("taskset", "Debian: util-linux"), "-c", taskset]
    cmd += [exe, f"--benchmark_filter={filter_regex}", f"--benchmark_repetitions={repetitions}",
            f"--benchmark_min_time={min_time}", f"--benchmark_out={out_json}", "--benchmark_out_format=json",
            *extra_args]
    if quiet:
        return subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return subprocess.run(cmd, stderr=subprocess.PIPE, text=True)


def iteration_runs(data):
    """name -> [benchmark entries] for the per-repetition (non-aggregate) results."""
    runs = {}
    for bench in data.get("benchmarks", []):
        if bench.get("run_type", "iteration") != "iteration" or bench.get("error_occurred"):
            continue
        runs.setdefault(bench.get("run_name", bench["name"]), []).append(bench)
    return runs


TIME_UNITS = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}


def seconds(bench, metric):
    return bench[metric] * TIME_UNITS[bench.get("time_unit", "ns")]


def human_time(value):
    if value >= 1.0:
        return f"{value:.3f} s"
    if value >= 1e-3:
        return f"{value * 1e3:.3f} ms"
    if value >= 1e-6:
        return f"{value * 1e6:.3f} us"
    return f"{value * 1e9:.1f} ns"


def median(values):
    ordered = sorted(values)
    n = len(ordered)
    return ordered[n // 2] if n % 2 else (ordered[n // 2 - 1] + ordered[n // 2]) / 2


def u_test(old, new):
    """Two-sided Mann-Whitney U test (as Google Benchmark's compare.py runs it)."""
    try:
        from scipy.stats import mannwhitneyu
    except ImportError:
        raise PerfError(f"scipy is missing for {sys.executable} (Debian: python3-scipy, which make deps installs, serves /usr/bin/python3: run the script directly, not with another python)")
    if len(old) < 2 or len(new) < 2:
        return None
    if len(set(old) | set(new)) == 1:
        return 1.0
    return float(mannwhitneyu(old, new, alternative="two-sided").pvalue)


def print_table(rows, headers, out=sys.stdout):
    widths = [max(len(str(h)), *(len(str(r[i])) for r in rows)) if rows else len(str(h)) for i, h in enumerate(headers)]
    fmt = "  ".join("{:<%d}" % w if i == 0 else "{:>%d}" % w for i, w in enumerate(widths))
    print(fmt.format(*headers), file=out)
    print("  ".join("-" * w for w in widths), file=out)
    for row in rows:
        print(fmt.format(*[str(c) for c in row]), file=out)
