# dsbench front door. `make run` and `make test` work on a fresh Debian 12 machine:
# both install missing packages first (make deps), then build with CMake presets + Ninja.
.PHONY: all deps configure build run test test-quick bench bench-quick debug clean help

PRESET ?= release
BUILD_DIR := build/$(PRESET)
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
DSBENCH := $(BUILD_DIR)/engine/dsbench
RUN_NODES ?= 100000
RUN_DIR := build/run

# Debian packages (see ../shared/BUILD-NOTES.md for versions and CMake targets).
DEB_PACKAGES := g++ cmake ninja-build pkg-config python3 git \
  libtbb-dev libsimdjson-dev libboost-container-dev libboost-dev libyaml-cpp-dev \
  libcli11-dev libgtest-dev libgmock-dev libbenchmark-dev libbenchmark-tools python3-scipy

all: build

help:
	@echo "make run         deps + Release build + the default job"
	@echo "make test        deps + Release build + every test (ctest)"
	@echo "make bench       deps + Release build + the benchmark suites (JSON in build/bench/)"
	@echo "make deps        install missing Debian packages (idempotent)"
	@echo "PRESET=debug|perf|asan-ubsan|tsan selects another build tree"

# Idempotent: quiet when everything is present; apt-get (with sudo when not root) otherwise.
deps:
	@missing=$$(for p in $(DEB_PACKAGES); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; \
	  done); \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing:" $$missing; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null || exit 1; \
	fi

$(BUILD_DIR)/build.ninja:
	cmake --preset $(PRESET)

configure: deps $(BUILD_DIR)/build.ninja

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

# The main job. Until the simulator lands: generate a 100k-node cluster as kubectl JSON,
# ingest it back, inspect it (keys, cardinalities, taints, conditions, memory), and place
# the realistic DaemonSets of datasets/manifests on it.
RUN_MANIFESTS := node-agent kube-proxy node-exporter fluent-bit nvidia-device-plugin control-plane-agent
run: build
	@mkdir -p $(RUN_DIR)
	$(DSBENCH) generate --nodes $(RUN_NODES) --profile eks --seed 1 -o $(RUN_DIR)/nodes-$(RUN_NODES).json
	$(DSBENCH) inspect $(RUN_DIR)/nodes-$(RUN_NODES).json --keys 25
	$(DSBENCH) place --nodes $(RUN_DIR)/nodes-$(RUN_NODES).json $(foreach m,$(RUN_MANIFESTS),--daemonset datasets/manifests/$(m).yaml)

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) --timeout 600

# Unit tests only (skips the label 'slow').
test-quick: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) -LE slow

bench: build
	@mkdir -p build/bench
	perf/run-benchmarks --build $(BUILD_DIR) --out build/bench

bench-quick: build
	@mkdir -p build/bench
	perf/run-benchmarks --build $(BUILD_DIR) --out build/bench --quick

clean:
	rm -rf build
