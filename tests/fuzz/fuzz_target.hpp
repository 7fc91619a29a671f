// One fuzz target = one tests/fuzz/<name>.cpp written as `DSB_FUZZ_TARGET(name) { body }`.
//
// The same body is compiled two ways:
//   - with DSB_FUZZ_ENTRY (the `fuzz` preset, tests/fuzz/CMakeLists.txt): the body becomes
//     libFuzzer's LLVMFuzzerTestOneInput, one executable per target (fuzz_<name>);
//   - without it (tests/CMakeLists.txt, test_fuzz_regressions): the body registers itself under
//     its name, and tests/fuzz/replay/replay_test.cpp runs every kept input of
//     tests/fuzz/regressions/<name>/ through it in the ordinary `make test`.
// A body returns 0 and reports a broken invariant with DSB_FUZZ_CHECK, which aborts (a crash
// libFuzzer keeps, a death GoogleTest reports).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

namespace dsb::fuzz {

using entry_fn = int (*)(const std::uint8_t* data, std::size_t size);

struct target {
  const char* name;
  entry_fn run;
};

inline std::vector<target>& registry() {
  static std::vector<target> targets;
  return targets;
}

struct registrar {
  registrar(const char* name, entry_fn run) { registry().push_back({name, run}); }
};

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) noexcept {
  return size == 0 ? std::string_view{} : std::string_view(reinterpret_cast<const char*>(data), size);
}

[[noreturn]] inline void check_failed(const char* what, const char* file, int line) {
  std::fprintf(stderr, "%s:%d: fuzz invariant broken: %s\n", file, line, what);
  std::abort();
}

}  // namespace dsb::fuzz

#define DSB_FUZZ_CHECK(cond) \
  do { if (!(cond)) ::dsb::fuzz::check_failed(#cond, __FILE__, __LINE__); } while (false)

#ifdef DSB_FUZZ_ENTRY
#define DSB_FUZZ_TARGET(NAME)                                                                  \
  static int dsb_fuzz_body(const std::uint8_t* data, std::size_t size);                       \
  extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {          \
    return dsb_fuzz_body(data, size);                                                          \
  }                                                                                            \
  static int dsb_fuzz_body(const std::uint8_t* data, std::size_t size)
#else
#define DSB_FUZZ_TARGET(NAME)                                                                  \
  static int dsb_fuzz_body(const std::uint8_t* data, std::size_t size);                       \
  static const ::dsb::fuzz::registrar dsb_fuzz_registrar_##NAME{#NAME, &dsb_fuzz_body};       \
  static int dsb_fuzz_body(const std::uint8_t* data, std::size_t size)
#endif
