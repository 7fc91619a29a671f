// Shared checks of the io reader targets: every failure is one complete error.
#pragma once

#include <string>

#include "engine/io/read.hpp"
#include "engine/model/error.hpp"
#include "tests/fuzz/fuzz_target.hpp"

namespace dsb::fuzz {

inline constexpr const char* INPUT_NAME = "fuzz-input";

/// An error must name the input and say what is wrong (error.hpp's contract).
inline void check_error(const error& err) {
  DSB_FUZZ_CHECK(!err.message.empty());
  DSB_FUZZ_CHECK(err.file.find(INPUT_NAME) != std::string::npos || err.code == error_code::io);
  (void)err.describe();
}

template <class Read>
void read_both_modes(std::string_view text, io::input_format format, Read read) {
  const io::input_text input = io::input_text::from_string(INPUT_NAME, text);
  for (const io::validation mode : {io::validation::strict, io::validation::lenient}) {
    auto got = read(input, io::read_options{mode, format});
    if (!got.ok()) check_error(got.err());
  }
}

}  // namespace dsb::fuzz
