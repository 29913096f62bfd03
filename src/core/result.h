#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace ovos::core {

/// What kind of failure an Error is; the API layer maps each to an HTTP status.
enum class ErrorCode {
  kInvalidArgument,   // malformed input (bad JSON, wrong content type)
  kValidation,        // well-formed input that breaks a rule; `fields` says where
  kUnauthenticated,   // missing or bad credentials
  kPermissionDenied,  // authenticated but not allowed
  kNotFound,
  kConflict,  // unique constraint, stale state
  kRateLimited,
  kTooLarge,
  kUnsupportedMediaType,  // a body in a format the endpoint does not take
  kUnavailable,           // a dependency (database, vendor) cannot be reached now
  kInternal,
};

/// One bad field of a validated document: a JSON path ("$.agent_config.tasks[0].task_type")
/// and what is wrong with it.
struct FieldError {
  std::string path;
  std::string message;
  bool operator==(const FieldError&) const = default;
};

/// An expected failure, carried as a value. Plain data; safe to copy across threads.
struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::vector<FieldError> fields;

  static Error invalid(std::string msg) {
    return {ErrorCode::kInvalidArgument, std::move(msg), {}};
  }
  static Error not_found(std::string msg) { return {ErrorCode::kNotFound, std::move(msg), {}}; }
  static Error conflict(std::string msg) { return {ErrorCode::kConflict, std::move(msg), {}}; }
  static Error internal(std::string msg) { return {ErrorCode::kInternal, std::move(msg), {}}; }
  static Error unavailable(std::string msg) {
    return {ErrorCode::kUnavailable, std::move(msg), {}};
  }
  static Error unauthenticated(std::string msg) {
    return {ErrorCode::kUnauthenticated, std::move(msg), {}};
  }
  static Error validation(std::string msg, std::vector<FieldError> fields) {
    return {ErrorCode::kValidation, std::move(msg), std::move(fields)};
  }
};

/// Either a T or an Error. `Result<void>` carries only success or an Error.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}      // NOLINT: implicit
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT: implicit

  [[nodiscard]] bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<0>(state_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(state_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(state_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const& {
    assert(!ok());
    return std::get<1>(state_);
  }
  Error&& error() && {
    assert(!ok());
    return std::get<1>(std::move(state_));
  }

 private:
  std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)) {}  // NOLINT: implicit

  [[nodiscard]] bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const& {
    assert(!ok());
    return *error_;
  }
  Error&& error() && {
    assert(!ok());
    return std::move(*error_);
  }

 private:
  std::optional<Error> error_;
};

/// Success value for Result<void>.
inline Result<void> ok() {
  return {};
}

}  // namespace ovos::core

/// Evaluates `expr` (a Result); returns its Error from the enclosing function on failure.
#define OVOS_TRY(expr)                                           \
  do {                                                           \
    auto&& ovos_try_result_ = (expr);                            \
    if (!ovos_try_result_.ok()) return ovos_try_result_.error(); \
  } while (false)

#define OVOS_CONCAT_INNER(a, b) a##b
#define OVOS_CONCAT(a, b) OVOS_CONCAT_INNER(a, b)
/// Declares `lhs` from the value of `expr` (a Result<T>), or returns its Error.
#define OVOS_ASSIGN_OR_RETURN(lhs, expr) \
  OVOS_ASSIGN_OR_RETURN_IMPL(OVOS_CONCAT(ovos_result_, __LINE__), lhs, expr)
// NOLINTNEXTLINE(bugprone-macro-parentheses): lhs is a declaration and cannot be parenthesized.
#define OVOS_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                               \
  if (!tmp.ok()) return std::move(tmp).error();    \
  lhs = std::move(tmp).value()
