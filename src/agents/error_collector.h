#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/result.h"

namespace ovos::agents {

/// Gathers FieldErrors of one validation, in the order found, without duplicates, up to a cap.
/// Owned by one validation call; not shared between threads.
class ErrorCollector {
 public:
  explicit ErrorCollector(std::size_t cap) : cap_(cap) {}

  /// Adds an error unless the cap is reached or the same (path, message) is already there.
  /// `type_mismatch` marks "must be a <type>" errors at their own path (used to rank anyOf
  /// branches).
  void add(std::string path, std::string message, bool type_mismatch = false);
  void append(const ErrorCollector& other);

  [[nodiscard]] bool full() const { return errors_.size() >= cap_; }
  [[nodiscard]] bool empty() const { return errors_.empty(); }
  [[nodiscard]] std::size_t size() const { return errors_.size(); }
  [[nodiscard]] const std::vector<core::FieldError>& errors() const { return errors_; }
  [[nodiscard]] bool only_type_mismatch_at(const std::string& path) const;
  [[nodiscard]] std::vector<core::FieldError> take() && { return std::move(errors_); }

 private:
  std::size_t cap_;
  std::vector<core::FieldError> errors_;
  std::vector<bool> type_mismatch_;
};

}  // namespace ovos::agents
