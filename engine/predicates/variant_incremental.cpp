// incremental: the per-node id tester that incremental reconcile runs on one changed node
// (node_test.hpp), applied here to every node so that it meets the same differential tests
// as the other variants. Reason sets as the row_bitset variant fills them.
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "engine/predicates/node_test.hpp"
#include "engine/predicates/variants.hpp"

namespace dsb::pred {

placement evaluate_incremental(const compiled_daemonset& ds, const evaluation_context& ctx) {
  const cluster& c = ctx.nodes();
  placement out = empty_placement(ds, c);
  const node_tester tester(ds, c);
  const std::size_t reason_count = out.reasons.size() - ds.program.untolerated.size();
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, node_set::word_count_for(c.node_count()), 64),
                    [&](const tbb::blocked_range<std::size_t>& words) {
    std::vector<std::uint64_t> reason_words(reason_count);
    for (std::size_t word_idx = words.begin(); word_idx < words.end(); ++word_idx) {
      std::fill(reason_words.begin(), reason_words.end(), 0);
      std::uint64_t run_word = 0;
      std::uint64_t continue_word = 0;
      const std::size_t end = std::min(c.node_count(), (word_idx + 1) * 64);
      for (std::size_t node_idx = word_idx * 64; node_idx < end; ++node_idx) {
        const std::uint64_t bit = std::uint64_t{1} << (node_idx % 64);
        const node_verdict verdict = tester.decide(c, make_id<node_id>(node_idx), [&](std::size_t reason) { reason_words[reason] |= bit; });
        if (verdict.should_run) run_word |= bit;
        if (verdict.should_continue_running) continue_word |= bit;
      }
      out.should_run.mutable_words()[word_idx] = run_word;
      out.should_continue_running.mutable_words()[word_idx] = continue_word;
      for (std::size_t reason = 0; reason < reason_count; ++reason) out.reasons[reason].nodes.owned().mutable_words()[word_idx] = reason_words[reason];
    }
  });
  return out;
}

}  // namespace dsb::pred
