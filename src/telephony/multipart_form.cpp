#include "telephony/multipart_form.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace ovos::telephony {
namespace {

core::Error bad(std::string why) {
  return core::Error::invalid("bad multipart/form-data body: " + std::move(why));
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
    text.remove_suffix(1);
  return text;
}

/// The value of `name` among the ';'-separated parameters of a header value, unquoted.
std::string header_parameter(std::string_view value, std::string_view name) {
  std::size_t at = 0;
  while ((at = value.find(';', at)) != std::string_view::npos) {
    ++at;
    const auto end = value.find(';', at);
    const auto piece = trim(value.substr(at, end == std::string_view::npos ? end : end - at));
    const auto eq = piece.find('=');
    if (eq != std::string_view::npos && lower(trim(piece.substr(0, eq))) == name) {
      auto v = trim(piece.substr(eq + 1));
      if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
      return std::string(v);
    }
  }
  return {};
}

/// One part's headers and content: a text field, or nothing for a file part.
core::Result<void> read_part(std::string_view part, FormParams& out) {
  const auto split = part.find("\r\n\r\n");
  if (split == std::string_view::npos) return bad("a part has no blank line after its headers");
  std::string_view headers = part.substr(0, split);
  const std::string_view content = part.substr(split + 4);
  std::string name;
  bool file = false;
  while (!headers.empty()) {
    const auto eol = headers.find("\r\n");
    const auto line = headers.substr(0, eol);
    const auto colon = line.find(':');
    if (colon != std::string_view::npos &&
        lower(trim(line.substr(0, colon))) == "content-disposition") {
      name = header_parameter(line.substr(colon + 1), "name");
      file = !header_parameter(line.substr(colon + 1), "filename").empty();
    }
    if (eol == std::string_view::npos) break;
    headers.remove_prefix(eol + 2);
  }
  if (name.empty()) return bad("a part has no Content-Disposition name");
  if (!file) out.emplace_back(std::move(name), std::string(content));
  return core::ok();
}

}  // namespace

core::Result<FormParams> parse_multipart_form(std::string_view content_type,
                                              std::string_view body) {
  const std::string boundary = header_parameter(content_type, "boundary");
  if (boundary.empty() || boundary.size() > 200) return bad("no boundary in its Content-Type");
  const std::string delimiter = "--" + boundary;
  auto at = body.starts_with(delimiter) ? 0 : body.find("\r\n" + delimiter);
  if (at == std::string_view::npos) return bad("no opening boundary");
  at = body.find(delimiter, at) + delimiter.size();
  FormParams out;
  for (;;) {
    if (body.substr(at).starts_with("--")) return out;  // the closing delimiter
    if (!body.substr(at).starts_with("\r\n")) return bad("a boundary is not followed by CRLF");
    at += 2;
    const auto next = body.find("\r\n" + delimiter, at);
    if (next == std::string_view::npos) return bad("a part has no closing boundary");
    if (out.size() >= kMaxMultipartParts) return bad("more than 200 parts");
    OVOS_TRY(read_part(body.substr(at, next - at), out));
    at = next + 2 + delimiter.size();
  }
}

core::Result<FormParams> parse_webhook_form(std::string_view content_type, std::string_view body) {
  const std::string type = lower(trim(content_type.substr(0, content_type.find(';'))));
  if (type.empty() || type == "application/x-www-form-urlencoded") return parse_form(body);
  if (type == "multipart/form-data") return parse_multipart_form(content_type, body);
  return core::Error{core::ErrorCode::kUnsupportedMediaType,
                     "a webhook body must be a form (x-www-form-urlencoded or multipart/form-data)",
                     {}};
}

core::Result<std::string> encode_multipart_form(const FormParams& params,
                                                std::string_view boundary) {
  if (boundary.empty() || boundary.size() > 70) {
    return core::Error::invalid("a multipart boundary must be 1 to 70 characters");
  }
  std::string body;
  for (const auto& [name, value] : params) {
    if (name.find_first_of("\"\r\n") != std::string::npos) {
      return core::Error::invalid("a multipart field name may not hold '\"', CR or LF");
    }
    if (value.find(boundary) != std::string::npos) {
      return core::Error::invalid("the multipart boundary occurs in the value of " + name);
    }
    body += "--";
    body += boundary;
    body += "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n";
    body += value;
    body += "\r\n";
  }
  body += "--";
  body += boundary;
  body += "--\r\n";
  return body;
}

}  // namespace ovos::telephony
