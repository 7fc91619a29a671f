#include "engine/lifecycle/invariants.hpp"

#include <array>

namespace dsb::lifecycle {
namespace {

struct invariant_text {
  std::string_view id;
  std::string_view statement;
};

constexpr std::array<invariant_text, INVARIANT_COUNT> TEXTS = {{
    {"ORD-1", "within one sandbox no two regular init containers run at the same time"},
    {"ORD-2", "init container i is first created only after every j < i is satisfied in the sandbox"},
    {"ORD-3", "a regular init container that exited 0 is never re-run in the sandbox, nor re-created after a later one"},
    {"ORD-4", "the first app container of a sandbox is created after the pod is initialized in it"},
    {"ORD-5", "app containers started in one sync are created in spec order"},
    {"ORD-6", "the init container after a sidecar is created only after that sidecar started"},
    {"ORD-7", "no container is created, started or stopped while a postStart hook runs"},
    {"SC-1", "a sidecar that exits while apps may still run is restarted after its back-off"},
    {"SC-2", "sidecar terminal states do not influence the pod phase"},
    {"SC-3", "during termination a sidecar is stopped only after every app container exited"},
    {"SC-4", "during termination sidecar i is stopped only after every later sidecar exited"},
    {"SC-5", "no sidecar is created once every app container is finished for good"},
    {"FAIL-1", "restartPolicy Never and a failed init container: nothing else starts and the pod fails"},
    {"FAIL-2", "after init container i fails, the next regular init instance is of i"},
    {"FAIL-3", "the first container of a new sandbox is initContainers[0]"},
    {"RC-1", "restart counts never decrease (init containers restart at 0 in a new sandbox); each new instance is the previous + 1"},
    {"RC-2", "an instance's restart count equals the number of earlier instances"},
    {"RC-3", "lastState finished before the current state started; lastState implies restartCount >= 1"},
    {"RC-4", "terminated startedAt <= finishedAt; status.startTime <= every container startedAt"},
    {"RC-5", "waiting reasons are the kubelet's; CrashLoopBackOff implies restartCount >= 1 and a lastState"},
    {"RC-6", "regular init container: ready == terminated with exit 0, started == running"},
    {"BO-1", "a restart waits at least the crash back-off delay after the previous exit"},
    {"BO-2", "a restart happens within its back-off delay plus sync slack (soft)"},
    {"BO-3", "back-off is per container: other containers' restarts do not change its schedule"},
    {"BO-4", "image pull attempts respect the image pull back-off"},
    {"PH-1", "not initialized and no app container started => phase Pending"},
    {"PH-2", "Succeeded and Failed are final"},
    {"PH-3", "restartPolicy Never and a failed regular init container => phase Failed"},
    {"PH-4", "Succeeded => every app container and regular init container exited 0"},
    {"PH-5", "Failed => no app container running, and a failure explains it"},
    {"PH-6", "Running => every app container has started at least once"},
    {"PH-7", "Running -> Pending only across a sandbox re-creation"},
    {"CD-1", "Initialized matches the kubelet's rule"},
    {"CD-2", "ContainersReady is True iff every sidecar and app container is ready"},
    {"CD-3", "Ready True => ContainersReady True and Initialized True"},
    {"CD-4", "Ready True => phase Running"},
    {"CD-5", "every container of a sandbox is created after the sandbox became ready"},
    {"KS-1", "kubectl STATUS/READY/RESTARTS follow printers.go"},
}};

}  // namespace

std::string_view to_string(invariant id) noexcept { return TEXTS[static_cast<std::size_t>(id)].id; }

std::string_view describe(invariant id) noexcept { return TEXTS[static_cast<std::size_t>(id)].statement; }

std::optional<invariant> parse_invariant(std::string_view text) noexcept {
  for (std::size_t idx = 0; idx < TEXTS.size(); ++idx) {
    if (TEXTS[idx].id == text) return static_cast<invariant>(idx);
  }
  return std::nullopt;
}

}  // namespace dsb::lifecycle
