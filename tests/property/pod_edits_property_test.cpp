// Pod edits in place equal a rebuilt pod table: a fleet takes random batches of pod
// creations and removals (fleet::edit_pods, both the in-place and the re-index path), state
// changes (fleet::set_pod_state: Ready, deleting, bound, phase) and clock moves (set_now
// with minReadySeconds), and after each step every DaemonSet's index, per-node summary and
// status counters equal those of a table built from scratch in the same row order.
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "engine/controller/fleet.hpp"
#include "engine/gen/generate.hpp"
#include "engine/io/read.hpp"
#include "tests/support/test_paths.hpp"

namespace dsb {
namespace {

struct row {
  std::string name;
  node_id node{};
  bool bound = true;
  bool deleting = false;
  bool ready = false;
  pod_phase phase = pod_phase::pending;
  unix_seconds created = 0;
  unix_seconds ready_since = 0;
  bool current = true;
};

void append(ctl::daemon_pods& table, const row& r, const std::string& hash) {
  table.add(r.name, r.node, {}, r.bound, r.deleting, r.ready, r.phase, r.created, r.ready_since, r.current ? std::string_view(hash) : std::string_view("old"),
            ctl::NO_GENERATION);
}

// `count` distinct row numbers below `size`, in draw order.
std::vector<std::uint32_t> distinct_rows(std::mt19937_64& rng, std::size_t count, std::size_t size) {
  std::vector<std::uint32_t> out;
  while (out.size() < count) {
    const auto r = static_cast<std::uint32_t>(rng() % size);
    if (std::find(out.begin(), out.end(), r) == out.end()) out.push_back(r);
  }
  return out;
}

// Mirrors daemon_pods::remove_rows on a plain list: largest first, the last row moves into the hole.
void remove_like_the_table(std::vector<row>& rows, std::vector<std::uint32_t> removed) {
  std::sort(removed.begin(), removed.end(), std::greater<>());
  for (std::uint32_t r : removed) {
    rows[r] = rows.back();
    rows.pop_back();
  }
}

TEST(PodEditsProperty, InPlaceEditsEqualARebuiltTable) {
  cluster c = gen::generate_cluster({700, "eks", 3}).value();
  cluster shadow_cluster = gen::generate_cluster({700, "eks", 3}).value();
  std::vector<daemonset> daemonsets;
  for (const char* name : {"kube-proxy", "fluent-bit", "node-exporter"}) {
    auto read = io::read_daemonsets(io::load_file(test::source_path("datasets/manifests/" + std::string(name) + ".yaml")).value());
    ASSERT_TRUE(read) << name;
    for (daemonset& ds : *read) daemonsets.push_back(std::move(ds));
  }
  daemonsets[1].min_ready_seconds = 30;  // availability moves with the clock
  const std::size_t count = daemonsets.size();
  std::vector<ctl::daemon_pods> empty(count);
  for (auto& t : empty) t.index(c.node_count());
  ctl::fleet_options options;
  options.now = 1000 * ctl::NANOS_PER_SECOND;
  ctl::fleet edited(c, daemonsets, empty, options);
  ctl::fleet rebuilt(shadow_cluster, daemonsets, empty, options);

  std::mt19937_64 rng(42);
  std::vector<std::vector<row>> rows(count);
  ctl::nanos now = options.now;
  int serial = 0;
  auto random_row = [&](std::size_t d) {
    row r;
    r.name = "p" + std::to_string(serial++);
    r.node = make_id<node_id>(rng() % c.node_count());
    r.bound = rng() % 4 != 0;
    r.deleting = rng() % 10 == 0;
    r.ready = rng() % 2 == 0;
    r.phase = r.ready ? pod_phase::running : (rng() % 8 == 0 ? pod_phase::failed : pod_phase::pending);
    r.created = now / ctl::NANOS_PER_SECOND - static_cast<unix_seconds>(rng() % 50);
    r.ready_since = r.ready ? now / ctl::NANOS_PER_SECOND - static_cast<unix_seconds>(rng() % 60) : 0;
    r.current = rng() % 3 != 0;
    (void)d;
    return r;
  };

  for (int step = 0; step < 400; ++step) {
    const std::size_t d = rng() % count;
    const std::string& hash = edited.hash(d);
    auto& mine = rows[d];
    switch (rng() % 4) {
      case 0: {  // a batch of creations and removals: small (in place) or large (re-index)
        const std::size_t adds = rng() % 2 == 0 ? rng() % 6 : 20 + rng() % 60;
        const std::size_t removes = mine.empty() ? 0 : std::min<std::size_t>(mine.size(), rng() % (adds + 3));
        const std::vector<std::uint32_t> removed = distinct_rows(rng, removes, mine.size());
        ctl::daemon_pods added;
        std::vector<row> new_rows;
        for (std::size_t i = 0; i < adds; ++i) {
          new_rows.push_back(random_row(d));
          append(added, new_rows.back(), hash);
        }
        edited.edit_pods(d, removed, added);
        remove_like_the_table(mine, removed);
        mine.insert(mine.end(), new_rows.begin(), new_rows.end());
        break;
      }
      case 1:
      case 2: {  // one pod changes state
        if (mine.empty()) break;
        const auto r = static_cast<std::uint32_t>(rng() % mine.size());
        row& x = mine[r];
        x.bound = x.bound || rng() % 2 == 0;
        x.deleting = x.deleting || rng() % 6 == 0;
        const bool ready = rng() % 2 == 0;
        if (ready && !x.ready) x.ready_since = now / ctl::NANOS_PER_SECOND;
        x.ready = ready;
        x.phase = ready ? pod_phase::running : pod_phase::pending;
        edited.set_pod_state(d, r, x.bound, x.deleting, x.ready, x.phase, x.ready ? x.ready_since : 0);
        break;
      }
      case 3:  // the clock moves
        now += static_cast<ctl::nanos>(rng() % 20) * ctl::NANOS_PER_SECOND + static_cast<ctl::nanos>(rng() % 1000);
        edited.set_now(now);
        break;
    }
    // Every DaemonSet: a table rebuilt in the same row order gives the same index, summary and counters.
    rebuilt.set_now(now);
    for (std::size_t k = 0; k < count; ++k) {
      ctl::daemon_pods table;
      for (const row& r : rows[k]) append(table, r, edited.hash(k));
      table.index(c.node_count());
      ASSERT_TRUE(edited.pods(k).same_index(table)) << "step " << step << " ds " << k;
      rebuilt.replace_pods(k, std::move(table));
      ASSERT_EQ(edited.summary(k), rebuilt.summary(k)) << "step " << step << " ds " << k;
      ASSERT_EQ(edited.counts(k), rebuilt.counts(k)) << "step " << step << " ds " << k;
      ASSERT_TRUE(edited.index(k) == rebuilt.index(k)) << "step " << step << " ds " << k;
    }
  }
}

// daemon_pods::edit_indexed alone, on a small cluster with many pods per node, off-cluster
// rows, equal creation times (the name decides) and batches from one row to the whole table:
// the index equals the one `index` builds over the same rows.
TEST(PodEditsProperty, BatchEditIndexEqualsARebuiltIndex) {
  constexpr std::size_t NODES = 9;
  std::mt19937_64 rng(7);
  std::vector<row> mine;
  ctl::daemon_pods table;
  table.index(NODES);
  int serial = 0;
  auto random_row = [&] {
    row r;
    r.name = "p" + std::to_string(1000 + (serial++ * 7919) % 9000);  // names not in creation order
    r.node = rng() % 6 == 0 ? NO_ID<node_id> : make_id<node_id>(rng() % NODES);
    r.bound = rng() % 3 != 0;
    r.created = static_cast<unix_seconds>(rng() % 4);
    return r;
  };
  for (int step = 0; step < 3000; ++step) {
    const std::size_t adds = rng() % 3 == 0 ? 0 : rng() % (step % 50 == 0 ? 40 : 5);
    const std::size_t removes = mine.empty() ? 0 : std::min<std::size_t>(mine.size(), rng() % (step % 70 == 0 ? mine.size() + 1 : 4));
    const std::vector<std::uint32_t> removed = distinct_rows(rng, removes, mine.size());
    ctl::daemon_pods added;
    std::vector<row> new_rows;
    for (std::size_t i = 0; i < adds; ++i) {
      new_rows.push_back(random_row());
      added.add(new_rows.back().name, new_rows.back().node, new_rows.back().node == NO_ID<node_id> ? "gone-" + new_rows.back().name : std::string(),
                new_rows.back().bound, false, false, pod_phase::pending, new_rows.back().created, 0, "h", ctl::NO_GENERATION);
    }
    table.edit_indexed(removed, added);
    remove_like_the_table(mine, removed);
    mine.insert(mine.end(), new_rows.begin(), new_rows.end());

    ctl::daemon_pods rebuilt;
    for (const row& r : mine) {
      rebuilt.add(r.name, r.node, r.node == NO_ID<node_id> ? "gone-" + r.name : std::string(), r.bound, false, false, pod_phase::pending, r.created,
                  0, "h", ctl::NO_GENERATION);
    }
    rebuilt.index(NODES);
    ASSERT_EQ(table.names, rebuilt.names) << "step " << step;
    ASSERT_EQ(table.missing_targets, rebuilt.missing_targets) << "step " << step;
    ASSERT_EQ(table.flags, rebuilt.flags) << "step " << step;
    ASSERT_TRUE(table.same_index(rebuilt)) << "step " << step;
  }
}

}  // namespace
}  // namespace dsb
