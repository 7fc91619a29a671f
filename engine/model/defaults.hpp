// API defaulting that raw manifests lack (../shared/spec/predicates.md §1).
//
// Objects read back from the API server already carry these; manifests written by hand do
// not. Reading applies them where Kubernetes would: pod defaulting to Pods (not to pod
// templates: the controller applies it to the pods it creates from a template).
#pragma once

#include "engine/model/pod_spec.hpp"

namespace dsb {

/// SetDefaults_Pod: per container and init container, requests[r] = limits[r] where a
/// limit is set without a request; with hostNetwork, every port with hostPort 0 gets
/// hostPort = containerPort (defaultHostNetworkPorts).
void apply_pod_defaults(pod_spec& spec);

}  // namespace dsb
