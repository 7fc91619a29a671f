// Strong ids and forward declarations of the model.
//
// Every id is a dense index into one table of the cluster. They are distinct enum types
// so that a node cannot be passed where a label value is expected. Use `to_index(id)`
// to index a column and `make_id<Id>(index)` to build one from a loop counter.
#pragma once

#include <cstdint>
#include <limits>
#include <type_traits>

namespace dsb {

enum class node_id : std::uint32_t {};         ///< row of the node table (dense, 0..N-1)
enum class string_id : std::uint32_t {};       ///< interned string in a string_pool
enum class label_key_id : std::uint32_t {};    ///< interned label key
enum class label_value_id : std::uint32_t {};  ///< interned (key, value) pair of the label index
enum class taint_id : std::uint32_t {};        ///< interned (key, value, effect) taint
enum class resource_id : std::uint32_t {};     ///< interned extended resource name

template <class Id>
concept strong_id = std::is_enum_v<Id> && std::is_same_v<std::underlying_type_t<Id>, std::uint32_t>;

template <strong_id Id>
constexpr std::uint32_t to_index(Id id) noexcept {
  return static_cast<std::uint32_t>(id);
}

template <strong_id Id, class Index>
constexpr Id make_id(Index index) noexcept {
  return static_cast<Id>(static_cast<std::uint32_t>(index));
}

/// "No such id" for every id type (never a valid row).
template <strong_id Id>
inline constexpr Id NO_ID = static_cast<Id>(std::numeric_limits<std::uint32_t>::max());

class node_set;
class string_pool;
class label_index;
class taint_index;
struct node_table;
struct cluster;
class cluster_builder;
struct quantity;
struct daemonset;
struct pod;
struct pod_spec;

}  // namespace dsb
