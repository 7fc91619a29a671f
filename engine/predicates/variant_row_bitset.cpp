// row_bitset: per node, mask tests on the node's 512-bit row (row_index.hpp).
//
// The set program is lowered to row tests once per evaluation: each operand becomes a
// mask over the row plus a fallback list for values that have no bit (answered by a
// binary search in the node's label row). oneTBB runs blocks of whole 64-node words, so
// each output word is written by one task.
#include <algorithm>
#include <array>

#include <boost/container/small_vector.hpp>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "engine/predicates/row_index.hpp"
#include "engine/predicates/variants.hpp"

namespace dsb::pred {
namespace {

using row_mask = std::array<std::uint64_t, row_index::MAX_WORDS>;

/// The non-zero words of a mask: most tests touch one or two of the row's words.
struct sparse_mask {
  boost::container::small_vector<std::pair<std::uint32_t, std::uint64_t>, 4> words;
  static sparse_mask from(const row_mask& mask) {
    sparse_mask out;
    for (std::uint32_t word_idx = 0; word_idx < mask.size(); ++word_idx) {
      if (mask[word_idx] != 0) out.words.emplace_back(word_idx, mask[word_idx]);
    }
    return out;
  }
  bool any_in(const std::uint64_t* row) const noexcept {
    for (const auto& [word_idx, bits] : words) {
      if ((row[word_idx] & bits) != 0) return true;
    }
    return false;
  }
};

struct row_test {
  set_operand::kind type = set_operand::kind::all;
  bool negate = false;
  sparse_mask mask;
  bool key_has_bit = false;
  label_key_id key{};
  std::vector<label_value_id> fallback;  // values of `key` without a bit (sorted)
  const std::vector<label_value_id>* column = nullptr;  // value id per node, for `fallback`
  std::optional<node_id> node;
  std::optional<node_id> always_node;
};

void set_mask_bit(row_mask& mask, std::int32_t bit) { mask[static_cast<std::size_t>(bit) / 64] |= std::uint64_t{1} << (bit % 64); }


row_test lower(const set_operand& operand, const row_index& rows, const evaluation_context& ctx) {
  row_test test;
  row_mask mask{};
  test.type = operand.type;
  test.negate = operand.negate;
  test.key = operand.key;
  test.node = operand.node;
  test.always_node = operand.always_node;
  if (operand.type == set_operand::kind::values) {
    for (label_value_id value : operand.values) {
      const std::int32_t bit = rows.value_bit[to_index(value)];
      if (bit == row_index::NO_BIT) test.fallback.push_back(value);
      else set_mask_bit(mask, bit);
    }
  } else if (operand.type == set_operand::kind::presence) {
    const std::int32_t bit = rows.key_bit[to_index(operand.key)];
    test.key_has_bit = bit != row_index::NO_BIT;
    if (test.key_has_bit) set_mask_bit(mask, bit);
  }
  test.mask = sparse_mask::from(mask);
  if (!test.fallback.empty()) test.column = &ctx.value_column(operand.key);
  return test;
}

bool passes(const row_test& test, const cluster& c, const std::uint64_t* row, node_id node) {
  if (test.always_node && *test.always_node == node) return true;
  bool hit = true;
  switch (test.type) {
    case set_operand::kind::values:
      hit = test.mask.any_in(row);
      if (!hit && test.column != nullptr) {
        const label_value_id value = (*test.column)[to_index(node)];
        hit = value != NO_ID<label_value_id> && std::binary_search(test.fallback.begin(), test.fallback.end(), value);
      }
      break;
    case set_operand::kind::presence:
      hit = test.key_has_bit ? test.mask.any_in(row) : c.label_of(node, test.key).has_value();
      break;
    case set_operand::kind::node: hit = test.node && *test.node == node; break;
    case set_operand::kind::all: hit = true; break;
  }
  return hit != test.negate;
}

}  // namespace

placement evaluate_row_bitset(const compiled_daemonset& ds, const evaluation_context& ctx) {
  const cluster& c = ctx.nodes();
  const row_index& rows = ctx.rows();
  const placement_program& program = ds.program;
  placement out = empty_placement(ds, c);

  std::vector<row_test> selector;
  for (const set_operand& entry : program.selector) selector.push_back(lower(entry, rows, ctx));
  std::vector<std::vector<row_test>> terms;
  for (const term_program& term : program.terms) {
    if (term.never) continue;
    std::vector<row_test> conjuncts;
    for (const set_operand& conjunct : term.conjuncts) conjuncts.push_back(lower(conjunct, rows, ctx));
    terms.push_back(std::move(conjuncts));
  }
  // Untolerated taints as two row masks (NoSchedule, NoExecute); taints without a bit are
  // looked up in the node's taint row.
  row_mask no_schedule_mask{};
  row_mask no_execute_mask{};
  std::vector<std::pair<taint_id, bool>> unbitted_taints;  // (taint, is NoExecute)
  for (std::size_t taint_idx = 0; taint_idx < program.untolerated.size(); ++taint_idx) {
    const std::int32_t bit = rows.taint_bit[to_index(program.untolerated[taint_idx])];
    const bool no_execute = program.untolerated_no_execute[taint_idx];
    if (bit == row_index::NO_BIT) unbitted_taints.emplace_back(program.untolerated[taint_idx], no_execute);
    else set_mask_bit(no_execute ? no_execute_mask : no_schedule_mask, bit);
  }

  const sparse_mask no_schedule_words = sparse_mask::from(no_schedule_mask);
  const sparse_mask no_execute_words = sparse_mask::from(no_execute_mask);
  // Reasons computed here: name, selector entries, affinity (taint reasons are posting views).
  const std::size_t reason_count = out.reasons.size() - program.untolerated.size();
  const bool has_removed = c.nodes.removed_count != 0;
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, node_set::word_count_for(c.node_count()), 64),
                    [&](const tbb::blocked_range<std::size_t>& words) {
    std::vector<std::uint64_t> reason_words(reason_count);
    for (std::size_t word_idx = words.begin(); word_idx < words.end(); ++word_idx) {
      std::fill(reason_words.begin(), reason_words.end(), 0);
      std::uint64_t run_word = 0;
      std::uint64_t continue_word = 0;
      const std::size_t end = std::min(c.node_count(), (word_idx + 1) * 64);
      for (std::size_t node_idx = word_idx * 64; node_idx < end; ++node_idx) {
        const auto node = make_id<node_id>(node_idx);
        if (has_removed && c.nodes.removed.test(node)) continue;  // tombstones are in no set
        const std::uint64_t bit = std::uint64_t{1} << (node_idx % 64);
        const std::uint64_t* row = rows.row(node);
        std::size_t reason = 0;
        bool fits = true;
        if (program.has_node_name) {
          if (!(program.node_name_node && *program.node_name_node == node)) {
            reason_words[reason] |= bit;
            fits = false;
          }
          ++reason;
        }
        for (const row_test& entry : selector) {
          if (!passes(entry, c, row, node)) {
            reason_words[reason] |= bit;
            fits = false;
          }
          ++reason;
        }
        if (program.has_affinity) {
          const bool any = std::any_of(terms.begin(), terms.end(), [&](const std::vector<row_test>& conjuncts) {
            return std::all_of(conjuncts.begin(), conjuncts.end(), [&](const row_test& test) { return passes(test, c, row, node); });
          });
          if (!any) {
            reason_words[reason] |= bit;
            fits = false;
          }
          ++reason;
        }
        bool no_schedule = no_schedule_words.any_in(row);
        bool no_execute = no_execute_words.any_in(row);
        if (!unbitted_taints.empty()) {
          const auto taints = c.nodes.taints.row(node_idx);
          for (const auto& [taint, is_no_execute] : unbitted_taints) {
            if (std::find(taints.begin(), taints.end(), taint) != taints.end()) (is_no_execute ? no_execute : no_schedule) = true;
          }
        }
        if (fits && !no_execute) {
          continue_word |= bit;
          if (!no_schedule) run_word |= bit;
        }
      }
      out.should_run.mutable_words()[word_idx] = run_word;
      out.should_continue_running.mutable_words()[word_idx] = continue_word;
      for (std::size_t reason = 0; reason < reason_count; ++reason) out.reasons[reason].nodes.owned().mutable_words()[word_idx] = reason_words[reason];
    }
  });
  return out;
}

}  // namespace dsb::pred
