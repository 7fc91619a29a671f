// Mutation test of the verifier: simulated traces are clean; each mutation injects one kind
// of violation into a pod's events (keeping them in time order) and the verifier must report
// it with the right invariant id.
#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "engine/lifecycle/simulate.hpp"
#include "engine/lifecycle/verify.hpp"

namespace dsb {
namespace {

using namespace lifecycle;
using events_t = std::vector<trace_event>;
constexpr std::int64_t SECOND = 1'000'000;

// --- helpers over one pod's events ------------------------------------------------------

std::optional<std::size_t> find_event(const events_t& events, const std::function<bool(const trace_event&)>& match, std::size_t from = 0) {
  for (std::size_t idx = from; idx < events.size(); ++idx) {
    if (match(events[idx])) return idx;
  }
  return std::nullopt;
}

auto is(event_kind kind, container_index container) {
  return [kind, container](const trace_event& ev) { return ev.kind == kind && ev.container == container; };
}
auto is_kind(event_kind kind) {
  return [kind](const trace_event& ev) { return ev.kind == kind; };
}

// Moves the events at `indexes` (ascending) to just after position `after` (an index of the
// original vector), giving them the time of events[after]. Requires after < indexes.front().
events_t move_after(const events_t& events, std::vector<std::size_t> indexes, std::size_t after) {
  events_t out;
  const std::int64_t time = events[after].t_us;
  for (std::size_t idx = 0; idx < events.size(); ++idx) {
    if (std::find(indexes.begin(), indexes.end(), idx) != indexes.end()) continue;
    out.push_back(events[idx]);
    if (idx == after) {
      for (std::size_t moved : indexes) {
        trace_event ev = events[moved];
        ev.t_us = time;
        out.push_back(ev);
      }
    }
  }
  return out;
}

events_t insert_after(const events_t& events, std::size_t after, std::vector<trace_event> added) {
  events_t out(events.begin(), events.begin() + static_cast<std::ptrdiff_t>(after) + 1);
  for (trace_event ev : added) {
    ev.t_us = events[after].t_us;
    out.push_back(ev);
  }
  out.insert(out.end(), events.begin() + static_cast<std::ptrdiff_t>(after) + 1, events.end());
  return out;
}

trace_event container_event(event_kind kind, container_index container, std::int32_t instance, std::int32_t sandbox = -1) {
  trace_event ev;
  ev.kind = kind;
  ev.container = container;
  ev.instance = instance;
  ev.flags = event_flag::HAS_INSTANCE;
  if (sandbox >= 0) {
    ev.sandbox = sandbox;
    ev.flags |= event_flag::HAS_SANDBOX;
  }
  return ev;
}

// Indexes of the creation and start of the first instance of `container` (after `from`).
std::optional<std::pair<std::size_t, std::size_t>> first_start(const events_t& events, container_index container, std::size_t from = 0) {
  const auto created = find_event(events, is(event_kind::container_created, container), from);
  if (!created) return std::nullopt;
  const auto started = find_event(events, is(event_kind::container_started, container), *created);
  if (!started) return std::nullopt;
  return std::make_pair(*created, *started);
}

container_index named(const trace_spec& spec, const char* name) { return spec.find(name); }

// --- the mutations --------------------------------------------------------------------------

struct mutation {
  const char* name;
  invariant expected;
  std::function<std::optional<events_t>(const trace_spec&, const events_t&)> apply;
};

std::vector<mutation> mutations() {
  std::vector<mutation> all;

  // A regular init container starts while the previous one still runs.
  all.push_back({"init starts before the previous exits", invariant::ord_1, [](const trace_spec& spec, const events_t& events) -> std::optional<events_t> {
                   const auto first = first_start(events, named(spec, "init-1"));
                   const auto second = first_start(events, named(spec, "init-2"));
                   if (!first || !second) return std::nullopt;
                   const auto exited = find_event(events, is(event_kind::container_exited, named(spec, "init-1")), first->second);
                   if (!exited || second->first < *exited) return std::nullopt;
                   return move_after(events, {second->first, second->second}, first->second);
                 }});

  // An app container starts before the pod is initialized.
  all.push_back({"app before Initialized", invariant::ord_4, [](const trace_spec& spec, const events_t& events) -> std::optional<events_t> {
                   const auto last_init = first_start(events, named(spec, "init-2"));
                   const auto app = first_start(events, named(spec, "app-0"));
                   if (!last_init || !app || app->first < last_init->second) return std::nullopt;
                   return move_after(events, {app->first, app->second}, last_init->second);
                 }});

  // A sidecar starts before the sidecar in front of it has started (startup probe pending).
  all.push_back({"sidecar started out of order", invariant::ord_6, [](const trace_spec& spec, const events_t& events) -> std::optional<events_t> {
                   const container_index first_sidecar = named(spec, "sidecar-0");
                   if (!spec.shape.containers[first_sidecar].startup_probe) return std::nullopt;
                   const auto front = first_start(events, first_sidecar);
                   const auto next = first_start(events, named(spec, "sidecar-1"));
                   if (!front || !next || next->first < front->second) return std::nullopt;
                   return move_after(events, {next->first, next->second}, front->second);
                 }});

  // The init container after a sidecar starts before the sidecar's StartedTrue.
  all.push_back({"init before sidecar started", invariant::ord_2, [](const trace_spec& spec, const events_t& events) -> std::optional<events_t> {
                   const container_index sidecar = named(spec, "sidecar-1");
                   if (!spec.shape.containers[sidecar].startup_probe) return std::nullopt;
                   const auto front = first_start(events, sidecar);
                   const auto next = first_start(events, named(spec, "init-1"));
                   if (!front || !next || next->first < front->second) return std::nullopt;
                   return move_after(events, {next->first, next->second}, front->second);
                 }});

  // A restart inside the crash back-off window.
  all.push_back({"restart inside back-off", invariant::bo_1, [](const trace_spec&, const events_t& events) -> std::optional<events_t> {
                   for (std::size_t idx = 0; idx < events.size(); ++idx) {
                     const trace_event& created = events[idx];
                     if (created.kind != event_kind::container_created || created.instance < 2) continue;
                     const auto exit = [&]() -> std::optional<std::size_t> {
                       for (std::size_t back = idx; back-- > 0;) {
                         if (events[back].kind == event_kind::container_exited && events[back].container == created.container) return back;
                       }
                       return std::nullopt;
                     }();
                     if (!exit || events[*exit].instance != created.instance - 1 || created.t_us - events[*exit].t_us < 12 * SECOND) continue;
                     if (std::any_of(events.begin() + static_cast<std::ptrdiff_t>(*exit), events.begin() + static_cast<std::ptrdiff_t>(idx),
                                     [](const trace_event& ev) { return is_sandbox_event(ev.kind); })) {
                       continue;  // a restart in a new sandbox: not a back-off case
                     }
                     const auto started = find_event(events, is(event_kind::container_started, created.container), idx);
                     if (!started || *started != idx + 1) continue;
                     return move_after(events, {idx, idx + 1}, *exit);
                   }
                   return std::nullopt;
                 }});

  // A completed regular init container runs again after an app container started.
  all.push_back({"init re-run after app start", invariant::ord_3, [](const trace_spec& spec, const events_t& events) -> std::optional<events_t> {
                   const auto app = first_start(events, named(spec, "app-0"));
                   if (!app) return std::nullopt;
                   const container_index init = named(spec, "init-0");
                   std::int32_t last_instance = -1;
                   for (std::size_t idx = 0; idx < app->first; ++idx) {
                     if (events[idx].kind == event_kind::container_created && events[idx].container == init) last_instance = events[idx].instance;
                   }
                   if (last_instance < 0) return std::nullopt;
                   const std::int32_t sandbox = events[app->first].sandbox;
                   trace_event exited = container_event(event_kind::container_exited, init, last_instance + 1);
                   exited.value = 0;
                   exited.flags |= event_flag::HAS_VALUE;
                   return insert_after(events, app->second,
                                       {container_event(event_kind::container_created, init, last_instance + 1, sandbox),
                                        container_event(event_kind::container_started, init, last_instance + 1), exited});
                 }});

  // The restart count of a container goes down.
  all.push_back({"restart count goes down", invariant::rc_1, [](const trace_spec&, const events_t& events) -> std::optional<events_t> {
                   for (const trace_event& ev : events) {
                     if (ev.kind != event_kind::container_created || ev.instance < 2) continue;
                     events_t out = events;
                     for (trace_event& changed : out) {
                       if (changed.container == ev.container && changed.instance == ev.instance && changed.has(event_flag::HAS_INSTANCE)) {
                         changed.instance = ev.instance - 2;
                       }
                     }
                     return out;
                   }
                   return std::nullopt;
                 }});

  // After init container i fails, another one is started instead of retrying i.
  all.push_back({"failed init not retried first", invariant::fail_2, [](const trace_spec& spec, const events_t& events) -> std::optional<events_t> {
                   if (spec.shape.restart_policy == pod_restart_policy::never) return std::nullopt;
                   const container_index failing = named(spec, "init-1");
                   for (std::size_t idx = 0; idx < events.size(); ++idx) {
                     const trace_event& ev = events[idx];
                     if (ev.kind != event_kind::container_exited || ev.container != failing || ev.value == 0) continue;
                     const auto retry = find_event(events, is(event_kind::container_created, failing), idx);
                     if (!retry) return std::nullopt;
                     const container_index other = named(spec, "init-2");
                     return insert_after(events, idx,
                                         {container_event(event_kind::container_created, other, 0, events[*retry].sandbox), container_event(event_kind::container_started, other, 0)});
                   }
                   return std::nullopt;
                 }});

  // restartPolicy Never: something starts after an init container failed.
  all.push_back({"start after init failure under Never", invariant::fail_1, [](const trace_spec& spec, const events_t& events) -> std::optional<events_t> {
                   if (spec.shape.restart_policy != pod_restart_policy::never) return std::nullopt;
                   for (std::size_t idx = 0; idx < events.size(); ++idx) {
                     const trace_event& ev = events[idx];
                     if (ev.kind != event_kind::container_exited || ev.container >= spec.shape.init_count ||
                         spec.shape.containers[ev.container].role != container_role::init || ev.value == 0) {
                       continue;
                     }
                     const container_index app = named(spec, "app-0");
                     return insert_after(events, idx, {container_event(event_kind::container_created, app, 0, 0), container_event(event_kind::container_started, app, 0)});
                   }
                   return std::nullopt;
                 }});

  // A new sandbox does not start with initContainers[0].
  all.push_back({"new sandbox skips init-0", invariant::fail_3, [](const trace_spec& spec, const events_t& events) -> std::optional<events_t> {
                   const auto second_sandbox = find_event(events, [](const trace_event& ev) { return ev.kind == event_kind::sandbox_ready && ev.sandbox > 0; });
                   if (!second_sandbox) return std::nullopt;
                   const container_index init = named(spec, "init-0");
                   const auto created = find_event(events, is(event_kind::container_created, init), *second_sandbox);
                   if (!created) return std::nullopt;
                   events_t out;
                   const std::int32_t instance = events[*created].instance;
                   for (std::size_t idx = 0; idx < events.size(); ++idx) {
                     const trace_event& ev = events[idx];
                     if (idx >= *created && ev.container == init && ev.instance == instance) continue;  // drop that instance
                     out.push_back(ev);
                   }
                   // Start the next init container right away instead.
                   const container_index next = named(spec, "sidecar-0");
                   return insert_after(out, *second_sandbox, {container_event(event_kind::container_created, next, 90, events[*second_sandbox].sandbox)});
                 }});

  // A container is created before its sandbox is ready.
  all.push_back({"created before sandbox ready", invariant::cd_5, [](const trace_spec&, const events_t& events) -> std::optional<events_t> {
                   const auto sandbox = find_event(events, is_kind(event_kind::sandbox_created));
                   const auto created = find_event(events, is_kind(event_kind::container_created));
                   if (!sandbox || !created) return std::nullopt;
                   const auto started = find_event(events, is(event_kind::container_started, events[*created].container), *created);
                   if (!started || *started != *created + 1) return std::nullopt;
                   return move_after(events, {*created, *started}, *sandbox);
                 }});

  // During termination a sidecar is stopped while an app container still runs.
  all.push_back({"sidecar stopped before the apps", invariant::sc_3, [](const trace_spec& spec, const events_t& events) -> std::optional<events_t> {
                   const auto deletion = find_event(events, is_kind(event_kind::pod_deletion_requested));
                   if (!deletion) return std::nullopt;
                   for (const char* name : {"sidecar-1", "sidecar-0"}) {
                     const auto stop = find_event(events, is(event_kind::stop_requested, named(spec, name)), *deletion);
                     const auto app_exit = find_event(events, is(event_kind::container_exited, named(spec, "app-0")), *deletion);
                     if (!stop || !app_exit || *app_exit > *stop || events[*app_exit].t_us == events[*deletion].t_us) continue;
                     if (events[*stop].t_us >= events[*deletion].t_us + spec.shape.termination_grace_seconds * SECOND) continue;
                     return move_after(events, {*stop}, *deletion);
                   }
                   return std::nullopt;
                 }});

  // During termination sidecar-0 is stopped while sidecar-1 still runs.
  all.push_back({"sidecars stopped in the wrong order", invariant::sc_4, [](const trace_spec& spec, const events_t& events) -> std::optional<events_t> {
                   const auto deletion = find_event(events, is_kind(event_kind::pod_deletion_requested));
                   if (!deletion) return std::nullopt;
                   const auto later_stop = find_event(events, is(event_kind::stop_requested, named(spec, "sidecar-1")), *deletion);
                   const auto front_stop = find_event(events, is(event_kind::stop_requested, named(spec, "sidecar-0")), *deletion);
                   if (!later_stop || !front_stop || *front_stop < *later_stop) return std::nullopt;
                   const auto later_exit = find_event(events, is(event_kind::container_exited, named(spec, "sidecar-1")), *later_stop);
                   if (!later_exit || events[*later_exit].t_us == events[*later_stop].t_us) return std::nullopt;
                   if (events[*front_stop].t_us >= events[*deletion].t_us + spec.shape.termination_grace_seconds * SECOND) return std::nullopt;
                   return move_after(events, {*front_stop}, *later_stop);
                 }});

  // A sidecar is started again after every app container finished for good.
  all.push_back({"sidecar restarted after the apps finished", invariant::sc_5, [](const trace_spec& spec, const events_t& events) -> std::optional<events_t> {
                   if (spec.shape.restart_policy != pod_restart_policy::never) return std::nullopt;
                   const container_index app = named(spec, "app-0");
                   const container_index app2 = named(spec, "app-1");
                   const auto exit1 = find_event(events, is(event_kind::container_exited, app));
                   const auto exit2 = find_event(events, is(event_kind::container_exited, app2));
                   if (!exit1 || !exit2 || find_event(events, is_kind(event_kind::pod_deletion_requested))) return std::nullopt;
                   const container_index sidecar = named(spec, "sidecar-0");
                   std::int32_t last = -1;
                   for (const trace_event& ev : events) {
                     if (ev.kind == event_kind::container_created && ev.container == sidecar) last = ev.instance;
                   }
                   if (last < 0) return std::nullopt;
                   return insert_after(events, std::max(*exit1, *exit2), {container_event(event_kind::container_created, sidecar, last + 1, 0)});
                 }});

  // A sidecar that crashed is never restarted although the pod goes on.
  all.push_back({"sidecar not restarted", invariant::sc_1, [](const trace_spec& spec, const events_t& events) -> std::optional<events_t> {
                   if (find_event(events, is_kind(event_kind::pod_deletion_requested)) || find_event(events, is_kind(event_kind::sandbox_dead))) return std::nullopt;
                   for (const char* name : {"sidecar-0", "sidecar-1"}) {
                     const container_index sidecar = named(spec, name);
                     const auto crash = find_event(events, is(event_kind::container_exited, sidecar));
                     if (!crash) continue;
                     const auto restart = find_event(events, is(event_kind::container_created, sidecar), *crash);
                     if (!restart) continue;
                     events_t out;
                     for (std::size_t idx = 0; idx < events.size(); ++idx) {
                       if (idx > *crash && events[idx].container == sidecar) continue;  // it never comes back
                     out.push_back(events[idx]);
                     }
                     trace_event late;
                     late.kind = event_kind::phase_changed;
                     late.value = static_cast<std::int32_t>(pod_phase::running);
                     late.flags = event_flag::HAS_VALUE;
                     late.t_us = std::max(out.back().t_us, events[*crash].t_us + 2000 * SECOND);
                     out.push_back(late);
                     return out;
                   }
                   return std::nullopt;
                 }});

  // The phase leaves a terminal value.
  all.push_back({"phase leaves Succeeded/Failed", invariant::ph_2, [](const trace_spec&, const events_t& events) -> std::optional<events_t> {
                   const auto terminal = find_event(events, [](const trace_event& ev) {
                     return ev.kind == event_kind::phase_changed &&
                            (ev.value == static_cast<std::int32_t>(pod_phase::succeeded) || ev.value == static_cast<std::int32_t>(pod_phase::failed));
                   });
                   if (!terminal) return std::nullopt;
                   trace_event again = events[*terminal];
                   again.value = static_cast<std::int32_t>(pod_phase::running);
                   return insert_after(events, *terminal, {again});
                 }});

  // A container is created while another's postStart hook runs.
  all.push_back({"created during a postStart hook", invariant::ord_7, [](const trace_spec& spec, const events_t& events) -> std::optional<events_t> {
                   const auto hook = find_event(events, is_kind(event_kind::post_start_begin));
                   if (!hook) return std::nullopt;
                   const auto end = find_event(events, is(event_kind::post_start_end, events[*hook].container), *hook);
                   if (!end || events[*end].t_us == events[*hook].t_us) return std::nullopt;
                   std::int32_t sandbox = -1;  // the hooked instance's sandbox: move a start of the same one
                   for (std::size_t idx = 0; idx < *hook; ++idx) {
                     if (events[idx].kind == event_kind::container_created && events[idx].container == events[*hook].container) sandbox = events[idx].sandbox;
                   }
                   for (std::size_t other = 0; other < spec.names.size(); ++other) {
                     if (other == events[*hook].container) continue;
                     const auto start = first_start(events, static_cast<container_index>(other), *end);
                     if (start && events[start->first].sandbox == sandbox) return move_after(events, {start->first, start->second}, *hook);
                   }
                   return std::nullopt;
                 }});

  // Two apps of one sync are created against spec order.
  all.push_back({"apps out of spec order", invariant::ord_5, [](const trace_spec& spec, const events_t& events) -> std::optional<events_t> {
                   const container_index first_app = named(spec, "app-0");
                   const container_index second_app = named(spec, "app-1");
                   for (std::size_t idx = 0; idx + 3 < events.size(); ++idx) {
                     const trace_event& a = events[idx];
                     const trace_event& b = events[idx + 1];
                     const trace_event& c = events[idx + 2];
                     const trace_event& d = events[idx + 3];
                     if (a.kind != event_kind::container_created || a.container != first_app || b.kind != event_kind::container_started || b.container != first_app ||
                         c.kind != event_kind::container_created || c.container != second_app || d.kind != event_kind::container_started || d.container != second_app ||
                         c.t_us != b.t_us) {
                       continue;
                     }
                     events_t out = events;
                     const std::int64_t first_len = b.t_us - a.t_us;
                     const std::int64_t second_len = d.t_us - c.t_us;
                     out[idx] = c;
                     out[idx].t_us = a.t_us;
                     out[idx + 1] = d;
                     out[idx + 1].t_us = a.t_us + second_len;
                     out[idx + 2] = a;
                     out[idx + 2].t_us = a.t_us + second_len;
                     out[idx + 3] = b;
                     out[idx + 3].t_us = a.t_us + second_len + first_len;
                     return out;
                   }
                   return std::nullopt;
                 }});

  // An image pull is retried inside the image back-off window.
  all.push_back({"image pull retried too early", invariant::bo_4, [](const trace_spec&, const events_t& events) -> std::optional<events_t> {
                   const auto failed = find_event(events, is_kind(event_kind::image_pull_failed));
                   if (!failed) return std::nullopt;
                   trace_event retry = events[*failed];
                   retry.kind = event_kind::image_pull_started;
                   return insert_after(events, *failed, {retry});
                 }});

  // A restart comes far later than its back-off allows.
  all.push_back({"restart far too late", invariant::bo_2, [](const trace_spec& spec, const events_t& events) -> std::optional<events_t> {
                   for (std::size_t idx = 0; idx < events.size(); ++idx) {
                     const trace_event& ev = events[idx];
                     if (ev.kind != event_kind::container_created || ev.instance < 1 || ev.container >= spec.shape.init_count ||
                         spec.shape.containers[ev.container].role != container_role::init) {
                       continue;
                     }
                     events_t out = events;
                     for (std::size_t later = idx; later < out.size(); ++later) out[later].t_us += 3000 * SECOND;
                     return out;
                   }
                   return std::nullopt;
                 }});
  return all;
}

simulate_options mutation_options(restart_mix policy) {
  simulate_options options;
  options.pods = 4'000;
  options.init_containers = 3;
  options.sidecars = 2;
  options.apps = 2;
  options.seed = 7;
  options.restart_policy = policy;
  options.fail_rate = 0.3;
  options.crash_median_s = 40;
  options.probe_rate = 0.8;
  options.post_start_rate = 0.4;
  options.pull_rate = 0.4;
  options.pull_fail_rate = 0.3;
  options.sandbox_loss_rate = 0.15;
  options.delete_rate = 0.3;
  options.horizon_s = 1200;
  return options;
}

TEST(Mutation, EveryInjectedViolationIsCaughtAndNoCleanTraceIsFlagged) {
  std::vector<trace_set> sets;
  for (restart_mix policy : {restart_mix::always, restart_mix::never, restart_mix::on_failure}) {
    auto traces = simulate_trace_set(mutation_options(policy));
    ASSERT_TRUE(traces.ok());
    const verify_report clean = verify_traces(*traces);
    ASSERT_TRUE(clean.violations.empty()) << clean.violations.size() << " violations in a clean trace, first: " << to_string(clean.violations[0].id) << " "
                                          << clean.violations[0].detail;
    sets.push_back(std::move(*traces));
  }
  constexpr std::size_t MAX_PODS_PER_MUTATION = 25;
  for (const mutation& item : mutations()) {
    SCOPED_TRACE(item.name);
    std::size_t applied = 0;
    std::size_t caught = 0;
    for (const trace_set& traces : sets) {
      for (std::size_t pod_idx = 0; pod_idx < traces.pod_count() && applied < MAX_PODS_PER_MUTATION; ++pod_idx) {
        const trace_spec& spec = traces.spec_of(pod_idx);
        const auto original = traces.events(pod_idx);
        const std::optional<events_t> mutated = item.apply(spec, events_t(original.begin(), original.end()));
        if (!mutated) continue;
        ASSERT_TRUE(std::is_sorted(mutated->begin(), mutated->end(), [](const trace_event& lhs, const trace_event& rhs) { return lhs.t_us < rhs.t_us; }))
            << "a mutation must keep time order";
        trace_set_builder builder;
        builder.add_pod(traces.pod(pod_idx).name, traces.pod(pod_idx).uid, builder.add_spec(spec), *mutated);
        const trace_set single = std::move(builder).finish();
        const verify_report report = verify_traces_serial(single);
        ++applied;
        const bool found = std::any_of(report.violations.begin(), report.violations.end(), [&](const violation& v) { return v.id == item.expected; });
        if (found) {
          ++caught;
        } else {
          std::string seen;
          for (const violation& v : report.violations) seen += std::string(to_string(v.id)) + ": " + v.detail + "; ";
          ADD_FAILURE() << "pod " << traces.pod(pod_idx).name << ": expected " << to_string(item.expected) << ", got [" << seen << "]";
        }
      }
    }
    EXPECT_GT(applied, 0U) << "the mutation found no pod to apply to";
    EXPECT_EQ(caught, applied);
  }
}

}  // namespace
}  // namespace dsb
