// Fuzz target: parse_quantity. A quantity that parses must format to a string that parses
// back to the same value (quantity.hpp: "Round-trips exactly"); value() and milli_value()
// must not overflow (UBSan) and must agree in sign with the quantity.
#include <string>

#include "engine/model/quantity.hpp"
#include "tests/fuzz/fuzz_target.hpp"

DSB_FUZZ_TARGET(quantity) {
  const auto parsed = dsb::parse_quantity(dsb::fuzz::as_text(data, size));
  if (!parsed.ok()) {
    DSB_FUZZ_CHECK(!parsed.err().message.empty());
    return 0;
  }
  const dsb::quantity q = *parsed;
  const std::int64_t value = q.value();
  const std::int64_t milli = q.milli_value();
  DSB_FUZZ_CHECK(!(q.negative() && (value > 0 || milli > 0)));
  DSB_FUZZ_CHECK(!(!q.negative() && (value < 0 || milli < 0)));
  const std::string text = dsb::format_quantity(q);
  const auto again = dsb::parse_quantity(text);
  DSB_FUZZ_CHECK(again.ok());
  DSB_FUZZ_CHECK(again->nano == q.nano);
  return 0;
}
