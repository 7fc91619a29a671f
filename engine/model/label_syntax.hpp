// Label key and value syntax, as kube-apiserver validates it.
//
// Mirrors k8s.io/apimachinery/pkg/api/validate/content (`IsLabelKey`, formerly
// `IsQualifiedName`; `IsLabelValue`; `IsDNS1123Subdomain`), restated in
// ../shared/spec/predicates.md §10:
//   key   = [prefix "/"] name; name 1-63 of [A-Za-z0-9-_.], alphanumeric at both ends;
//           prefix a lowercase DNS-1123 subdomain of at most 253 characters
//   value = empty, or 1-63 of [A-Za-z0-9-_.], alphanumeric at both ends
// The same syntax applies to taint keys and values, toleration keys and values,
// nodeSelector entries and node-affinity keys and values.
//
// Each function returns an empty string when the text is valid, else the reason.
#pragma once

#include <string>
#include <string_view>

namespace dsb {

std::string label_key_problem(std::string_view key);
std::string label_value_problem(std::string_view value);
std::string dns1123_subdomain_problem(std::string_view name);

inline bool is_label_key(std::string_view key) { return label_key_problem(key).empty(); }
inline bool is_label_value(std::string_view value) { return label_value_problem(value).empty(); }
inline bool is_dns1123_subdomain(std::string_view name) { return dns1123_subdomain_problem(name).empty(); }

}  // namespace dsb
