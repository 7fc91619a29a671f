// Errors and results of the engine.
//
// Policy (STYLE.md 10): the engine never prints and never exits on user input. Functions
// that can fail on input return `result<T>`; programmer errors are asserts. The CLI turns
// an `error` into one line on stderr and exit status 2 (bad input or usage).
//
// An error names where the problem is, as precisely as the reader knows it:
//   file     the input file ("<stdin>", "gen:100000", or a path)
//   object   the Kubernetes object: "Node/ip-10-0-0-1" or "items[3]" when it has no name yet
//   field    the field path inside the object: "spec.taints[2].effect"
//   location "line 12" (YAML) or "byte 5120" (JSON), when known
//   message  what is wrong and, where useful, what would be valid
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace dsb {

enum class error_code {
  io,             ///< a file could not be opened, read or written
  syntax,         ///< the bytes are not well-formed JSON or YAML
  type,           ///< a field has the wrong JSON/YAML type (string where a number belongs, ...)
  invalid_value,  ///< a well-typed value that Kubernetes validation rejects (label syntax, quantity, enum)
  missing_field,  ///< a required field is absent
  unsupported,    ///< a kind or feature dsbench does not read
  limit,          ///< a documented size limit was exceeded
  usage,          ///< a command-line argument is wrong
};

/// One-word name of an error code ("syntax", "type", ...).
const char* to_string(error_code code) noexcept;

struct error {
  error_code code = error_code::invalid_value;
  std::string file;
  std::string object;
  std::string field;
  std::string location;
  std::string message;

  /// "FILE: OBJECT: field FIELD (LOCATION): MESSAGE", leaving out empty parts.
  std::string describe() const;
};

/// Either a value or an error; a tiny stand-in for C++23 std::expected.
template <class T>
class [[nodiscard]] result {
 public:
  result(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  result(error err) : state_(std::in_place_index<1>, std::move(err)) {}  // NOLINT: implicit by design

  bool ok() const noexcept { return state_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  T& value() & { assert(ok()); return std::get<0>(state_); }
  const T& value() const& { assert(ok()); return std::get<0>(state_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const error& err() const& { assert(!ok()); return std::get<1>(state_); }
  error&& err() && { assert(!ok()); return std::get<1>(std::move(state_)); }

 private:
  std::variant<T, error> state_;
};

/// result<void>: success or an error.
struct status {
  status() = default;
  status(error err) : err_(std::move(err)), ok_(false) {}  // NOLINT: implicit by design
  bool ok() const noexcept { return ok_; }
  explicit operator bool() const noexcept { return ok_; }
  const error& err() const& { assert(!ok_); return err_; }

 private:
  error err_;
  bool ok_ = true;
};

}  // namespace dsb
