#include "store/sql_rows.h"

#include <charconv>

namespace ovos::store {

const std::optional<std::string>* RowReader::next() {
  if (next_ >= row_.size()) {
    bad_ = true;
    return nullptr;
  }
  return &row_[next_++];
}

std::string RowReader::text() {
  const auto* cell = next();
  return cell != nullptr && cell->has_value() ? **cell : std::string();
}

std::optional<std::int64_t> RowReader::optional_int64() {
  const auto* cell = next();
  if (cell == nullptr || !cell->has_value()) return std::nullopt;
  const std::string& digits = **cell;
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || end != digits.data() + digits.size()) {
    bad_ = true;
    return std::nullopt;
  }
  return value;
}

std::int64_t RowReader::int64() {
  const auto* cell = next_ < row_.size() ? &row_[next_] : nullptr;
  if (cell != nullptr && !cell->has_value()) bad_ = true;  // NOT NULL column read as NULL
  return optional_int64().value_or(0);
}

bool RowReader::boolean() {
  const auto value = text();
  if (value == "1" || value == "t" || value == "true") return true;
  if (value != "0" && value != "f" && value != "false") bad_ = true;
  return false;
}

core::Result<void> RowReader::status() const {
  if (bad_) return core::Error::internal("unexpected value in a database row");
  return core::ok();
}

std::string join_sql(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (const auto part : parts)
    out += part;
  return out;
}

std::string placeholders(std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i)
    out += i == 0 ? "?" : ", ?";
  return out;
}

Window clamp_window(int limit, int offset) {
  return {std::clamp(limit, 1, 200), std::max(offset, 0)};
}

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string contains_pattern(std::string_view needle) {
  std::string out = "%";
  for (const char c : needle) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  out += '%';
  return out;
}

core::Result<void> expect_affected(core::Result<SqlResult> result, std::string_view not_found) {
  if (!result.ok()) return std::move(result).error();
  if (result->affected == 0) return core::Error::not_found(std::string(not_found));
  return core::ok();
}

}  // namespace ovos::store
