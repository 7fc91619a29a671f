// column_bitmap: the compiled program as set algebra over 64-bit words.
//
// The node range is cut into chunks of CHUNK_WORDS words (16,384 nodes, 2 KiB per buffer,
// L1-resident); each chunk runs the whole program, fused, writing its words of every output
// set, and chunks run in parallel with oneTBB. Dense postings are OR-ed word by word;
// sparse ones set their bits after a binary search for the chunk's first node.
#include <algorithm>
#include <array>
#include <cstring>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "engine/predicates/variants.hpp"

namespace dsb::pred {
namespace {

constexpr std::size_t CHUNK_WORDS = 256;
constexpr std::uint64_t ONES = ~std::uint64_t{0};

struct chunk {
  std::size_t first_word;
  std::size_t words;
};

void set_node_bit(std::uint64_t* out, const chunk& range, node_id node) {
  const std::size_t word = to_index(node) / 64;
  if (word >= range.first_word && word < range.first_word + range.words) out[word - range.first_word] |= std::uint64_t{1} << (to_index(node) % 64);
}

void or_posting(const posting_store& store, posting_handle handle, const chunk& range, std::uint64_t* out) {
  if (posting_store::is_dense(handle)) {
    const std::uint64_t* in = store.dense(handle).words().data() + range.first_word;
    for (std::size_t word_idx = 0; word_idx < range.words; ++word_idx) out[word_idx] |= in[word_idx];
    return;
  }
  const auto ids = store.sparse(handle);
  const auto first_node = make_id<node_id>(range.first_word * 64);
  const std::size_t end_node = (range.first_word + range.words) * 64;
  for (auto it = std::lower_bound(ids.begin(), ids.end(), first_node); it != ids.end() && to_index(*it) < end_node; ++it) {
    const std::size_t local = to_index(*it) - range.first_word * 64;
    out[local / 64] |= std::uint64_t{1} << (local % 64);
  }
}

// out = (negate ? ~S : S) | always, over the chunk's words.
void eval_operand(const set_operand& operand, const cluster& c, const chunk& range, std::uint64_t* out) {
  switch (operand.type) {
    case set_operand::kind::values:
      if (operand.materialized) {
        std::memcpy(out, operand.materialized->words().data() + range.first_word, range.words * sizeof(std::uint64_t));
        break;
      }
      std::fill(out, out + range.words, 0);
      for (label_value_id value : operand.values) or_posting(c.labels.postings(), c.labels.value(value).posting, range, out);
      break;
    case set_operand::kind::presence:
      std::memcpy(out, c.labels.key(operand.key).presence.words().data() + range.first_word, range.words * sizeof(std::uint64_t));
      break;
    case set_operand::kind::node:
      std::fill(out, out + range.words, 0);
      if (operand.node) set_node_bit(out, range, *operand.node);
      break;
    case set_operand::kind::all:
      std::fill(out, out + range.words, ONES);
      break;
  }
  if (operand.negate) {
    for (std::size_t word_idx = 0; word_idx < range.words; ++word_idx) out[word_idx] = ~out[word_idx];
  }
  if (operand.always_node) set_node_bit(out, range, *operand.always_node);
}

// Writes a chunk of an output set; `removed` (null when the cluster has no tombstones)
// clears removed nodes, which no output set contains.
void store(node_set& target, const chunk& range, const std::uint64_t* in, std::uint64_t tail_mask, bool last, const std::uint64_t* removed) {
  std::uint64_t* words = target.mutable_words().data() + range.first_word;
  if (removed) {
    for (std::size_t word_idx = 0; word_idx < range.words; ++word_idx) words[word_idx] = in[word_idx] & ~removed[word_idx];
  } else {
    std::memcpy(words, in, range.words * sizeof(std::uint64_t));
  }
  if (last) words[range.words - 1] &= tail_mask;
}

void run_chunk(const compiled_daemonset& ds, const cluster& c, const chunk& range, bool last, placement& out) {
  const placement_program& program = ds.program;
  const std::uint64_t tail = out.should_run.tail_mask();
  const std::uint64_t* removed = c.nodes.removed_count != 0 ? c.nodes.removed.words().data() + range.first_word : nullptr;
  std::array<std::uint64_t, CHUNK_WORDS> fits{};       // name AND selector AND affinity
  std::array<std::uint64_t, CHUNK_WORDS> scratch{};
  std::array<std::uint64_t, CHUNK_WORDS> term_acc{};
  std::array<std::uint64_t, CHUNK_WORDS> any_term{};
  std::array<std::uint64_t, CHUNK_WORDS> no_schedule{};
  std::array<std::uint64_t, CHUNK_WORDS> no_execute{};
  const std::size_t words = range.words;
  std::fill(fits.begin(), fits.begin() + static_cast<std::ptrdiff_t>(words), ONES);
  std::size_t reason = 0;

  auto fail_into_reason = [&](const std::uint64_t* pass) {
    for (std::size_t word_idx = 0; word_idx < words; ++word_idx) {
      scratch[word_idx] = ~pass[word_idx];
      fits[word_idx] &= pass[word_idx];
    }
    store(out.reasons[reason++].nodes.owned(), range, scratch.data(), tail, last, removed);
  };

  if (program.has_node_name) {
    std::fill(term_acc.begin(), term_acc.begin() + static_cast<std::ptrdiff_t>(words), 0);
    if (program.node_name_node) set_node_bit(term_acc.data(), range, *program.node_name_node);
    fail_into_reason(term_acc.data());
  }
  for (const set_operand& entry : program.selector) {
    eval_operand(entry, c, range, term_acc.data());
    fail_into_reason(term_acc.data());
  }
  if (program.has_affinity) {
    std::fill(any_term.begin(), any_term.begin() + static_cast<std::ptrdiff_t>(words), 0);
    for (const term_program& term : program.terms) {
      if (term.never) continue;
      std::fill(term_acc.begin(), term_acc.begin() + static_cast<std::ptrdiff_t>(words), ONES);
      for (const set_operand& conjunct : term.conjuncts) {
        eval_operand(conjunct, c, range, scratch.data());
        for (std::size_t word_idx = 0; word_idx < words; ++word_idx) term_acc[word_idx] &= scratch[word_idx];
      }
      for (std::size_t word_idx = 0; word_idx < words; ++word_idx) any_term[word_idx] |= term_acc[word_idx];
    }
    fail_into_reason(any_term.data());
  }
  // Untolerated taints: their reasons are views of the taint postings (empty_placement);
  // here they only feed the NoSchedule / NoExecute masks.
  const posting_store& taint_postings = c.taints.postings();
  if (program.no_schedule_nodes) std::memcpy(no_schedule.data(), program.no_schedule_nodes->words().data() + range.first_word, words * sizeof(std::uint64_t));
  if (program.no_execute_nodes) std::memcpy(no_execute.data(), program.no_execute_nodes->words().data() + range.first_word, words * sizeof(std::uint64_t));
  for (std::size_t taint_idx = 0; taint_idx < program.untolerated.size(); ++taint_idx) {
    const bool is_no_execute = program.untolerated_no_execute[taint_idx];
    if (is_no_execute ? program.no_execute_nodes != nullptr : program.no_schedule_nodes != nullptr) continue;  // already unioned
    or_posting(taint_postings, c.taints.posting(program.untolerated[taint_idx]), range, is_no_execute ? no_execute.data() : no_schedule.data());
  }
  for (std::size_t word_idx = 0; word_idx < words; ++word_idx) {
    fits[word_idx] &= ~no_execute[word_idx];          // should_continue_running
    scratch[word_idx] = fits[word_idx] & ~no_schedule[word_idx];  // should_run
  }
  store(out.should_continue_running, range, fits.data(), tail, last, removed);
  store(out.should_run, range, scratch.data(), tail, last, removed);
}

}  // namespace

placement evaluate_column_bitmap(const compiled_daemonset& ds, const evaluation_context& ctx) {
  const cluster& c = ctx.nodes();
  placement out = empty_placement(ds, c);
  const std::size_t word_count = node_set::word_count_for(c.node_count());
  const std::size_t chunk_count = (word_count + CHUNK_WORDS - 1) / CHUNK_WORDS;
  auto run = [&](std::size_t chunk_idx) {
    const std::size_t first = chunk_idx * CHUNK_WORDS;
    run_chunk(ds, c, chunk{first, std::min(CHUNK_WORDS, word_count - first)}, chunk_idx + 1 == chunk_count, out);
  };
  // Below ~262k nodes the whole program takes a few microseconds: task scheduling would
  // cost more than the second core saves, so small clusters run on the calling thread.
  constexpr std::size_t MIN_PARALLEL_CHUNKS = 16;
  if (chunk_count < MIN_PARALLEL_CHUNKS) {
    for (std::size_t chunk_idx = 0; chunk_idx < chunk_count; ++chunk_idx) run(chunk_idx);
    return out;
  }
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, chunk_count, 1), [&](const tbb::blocked_range<std::size_t>& chunks) {
    for (std::size_t chunk_idx = chunks.begin(); chunk_idx < chunks.end(); ++chunk_idx) run(chunk_idx);
  });
  return out;
}

}  // namespace dsb::pred
