#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"

namespace ovos::agents {

/// A compiled ECMAScript regular expression of a JSON Schema "pattern". Immutable; copies share
/// the compiled form; safe to use from any thread.
class Pattern {
 public:
  /// Texts longer than this never match: std::regex recurses per character and a schema's
  /// patterns only describe short values (names, codes).
  static constexpr std::size_t kMaxInput = 1024;

  /// The compiled `source`, or an Error (kInvalidArgument) when it is not a valid regex.
  [[nodiscard]] static core::Result<Pattern> compile(const std::string& source);

  /// True when the pattern matches somewhere in `text` (JSON Schema patterns are unanchored).
  [[nodiscard]] bool search(std::string_view text) const;

 private:
  struct Impl;
  explicit Pattern(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

}  // namespace ovos::agents
