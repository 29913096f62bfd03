#include "agents/error_collector.h"

#include <algorithm>

namespace ovos::agents {

void ErrorCollector::add(std::string path, std::string message, bool type_mismatch) {
  if (full()) return;
  const bool seen = std::any_of(errors_.begin(), errors_.end(), [&](const core::FieldError& e) {
    return e.path == path && e.message == message;
  });
  if (seen) return;
  errors_.push_back({std::move(path), std::move(message)});
  type_mismatch_.push_back(type_mismatch);
}

void ErrorCollector::append(const ErrorCollector& other) {
  for (std::size_t i = 0; i < other.errors_.size(); ++i) {
    add(other.errors_[i].path, other.errors_[i].message, other.type_mismatch_[i]);
  }
}

bool ErrorCollector::only_type_mismatch_at(const std::string& path) const {
  return errors_.size() == 1 && type_mismatch_.front() && errors_.front().path == path;
}

}  // namespace ovos::agents
