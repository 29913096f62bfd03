#include "store/database_url.h"

#include <filesystem>
#include <vector>

namespace ovos::store {
namespace {

constexpr std::string_view kMask = "***";
constexpr std::string_view kPasswordParam = "password=";

struct Span {
  std::size_t begin = 0;
  std::size_t end = 0;
};

// Where the passwords sit in `url`: the user-info one and any `password=` query values.
std::vector<Span> password_spans(std::string_view url) {
  std::vector<Span> spans;
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return spans;
  const auto authority = scheme_end + 3;
  auto authority_end = url.find_first_of("/?#", authority);
  if (authority_end == std::string_view::npos) authority_end = url.size();
  const auto at = url.substr(0, authority_end).rfind('@');
  if (at != std::string_view::npos && at >= authority) {
    const auto colon = url.find(':', authority);
    if (colon < at) spans.push_back({colon + 1, at});
  }
  const auto query = url.find('?', authority);
  for (auto pos = query; pos != std::string_view::npos && pos < url.size();) {
    const auto start = pos + 1;
    auto end = url.find('&', start);
    if (end == std::string_view::npos) end = url.size();
    if (url.substr(start, end - start).starts_with(kPasswordParam)) {
      spans.push_back({start + kPasswordParam.size(), end});
    }
    pos = end;
  }
  return spans;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
        hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

void replace_all(std::string& text, std::string_view secret) {
  if (secret.empty()) return;
  for (auto pos = text.find(secret); pos != std::string::npos;
       pos = text.find(secret, pos + kMask.size())) {
    text.replace(pos, secret.size(), kMask);
  }
}

}  // namespace

core::Result<DatabaseTarget> parse_database_url(std::string_view url, std::string_view data_dir) {
  if (url.empty()) {
    if (data_dir.empty()) return core::Error::invalid("no database URL and no data directory");
    return DatabaseTarget{Dialect::kSqlite,
                          (std::filesystem::path(data_dir) / "openvoiceos.db").string()};
  }
  if (url.starts_with("sqlite://")) {
    const auto path = url.substr(std::string_view("sqlite://").size());
    if (path.empty()) return core::Error::invalid("sqlite:// database URL has no file path");
    return DatabaseTarget{Dialect::kSqlite, std::string(path)};
  }
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    return DatabaseTarget{Dialect::kPostgres, std::string(url)};
  }
  const auto scheme_end = url.find("://");
  const std::string scheme(scheme_end == std::string_view::npos ? "" : url.substr(0, scheme_end));
  return core::Error::invalid("unsupported database URL" +
                              (scheme.empty() ? std::string() : " scheme \"" + scheme + "\"") +
                              "; use sqlite://PATH or postgresql://...");
}

std::string redact_url(std::string_view url) {
  std::string out(url);
  const auto spans = password_spans(url);
  for (auto it = spans.rbegin(); it != spans.rend(); ++it) {
    out.replace(it->begin, it->end - it->begin, kMask);
  }
  return out;
}

std::string redact_password(std::string text, std::string_view url) {
  for (const auto& span : password_spans(url)) {
    const auto raw = url.substr(span.begin, span.end - span.begin);
    replace_all(text, raw);
    replace_all(text, percent_decode(raw));
  }
  return text;
}

}  // namespace ovos::store
