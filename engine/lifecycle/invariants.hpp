// The invariant catalog of kubelet-lifecycle.md §10: the ids the verifier reports.
//
// Ids are part of the command-line contract (`lifecycle verify --format json` prints them)
// and of the conformance vectors. `T` invariants are checked on traces, `S` on Pod snapshots
// (kubectl get pods -o json); see engine/lifecycle/README.md for what each check decides on
// which input and where it is a necessary condition only.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace dsb::lifecycle {

enum class invariant : std::uint8_t {
  ord_1, ord_2, ord_3, ord_4, ord_5, ord_6, ord_7,
  sc_1, sc_2, sc_3, sc_4, sc_5,
  fail_1, fail_2, fail_3,
  rc_1, rc_2, rc_3, rc_4, rc_5, rc_6,
  bo_1, bo_2, bo_3, bo_4,
  ph_1, ph_2, ph_3, ph_4, ph_5, ph_6, ph_7,
  cd_1, cd_2, cd_3, cd_4, cd_5,
  ks_1,
};
inline constexpr std::size_t INVARIANT_COUNT = 38;

/// "ORD-1", "SC-3", ... as the spec writes them.
std::string_view to_string(invariant id) noexcept;
std::optional<invariant> parse_invariant(std::string_view text) noexcept;
/// The one-line statement of the invariant (for reports).
std::string_view describe(invariant id) noexcept;

}  // namespace dsb::lifecycle
