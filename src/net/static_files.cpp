#include "net/static_files.h"

#include <array>
#include <fstream>
#include <sstream>
#include <utility>

namespace ovos::net {
namespace {

constexpr std::uintmax_t kMaxFileBytes = 64ULL << 20;

constexpr std::array<std::pair<std::string_view, std::string_view>, 22> kTypes = {{
    {".html", "text/html; charset=utf-8"},
    {".htm", "text/html; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".json", "application/json"},
    {".map", "application/json"},
    {".txt", "text/plain; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".jpeg", "image/jpeg"},
    {".gif", "image/gif"},
    {".webp", "image/webp"},
    {".ico", "image/x-icon"},
    {".woff", "font/woff"},
    {".woff2", "font/woff2"},
    {".wav", "audio/wav"},
    {".mp3", "audio/mpeg"},
    {".wasm", "application/wasm"},
    {".webmanifest", "application/manifest+json"},
    {".xml", "application/xml"},
}};

bool is_within(const std::filesystem::path& root, const std::filesystem::path& p) {
  const auto [r, _] = std::mismatch(root.begin(), root.end(), p.begin(), p.end());
  return r == root.end();
}

}  // namespace

std::string_view content_type_for(std::string_view filename) {
  const auto dot = filename.rfind('.');
  if (dot == std::string_view::npos) return "application/octet-stream";
  const auto ext = filename.substr(dot);
  for (const auto& [e, type] : kTypes) {
    if (iequals(e, ext)) return type;
  }
  return "application/octet-stream";
}

StaticFiles::StaticFiles(std::filesystem::path root) {
  std::error_code ec;
  if (!root.empty() && std::filesystem::is_directory(root, ec)) {
    root_ = std::filesystem::canonical(root, ec);
    if (ec) root_.clear();
  }
}

std::optional<HttpResponse> StaticFiles::serve(const HttpRequest& request) const {
  if (root_.empty() || (request.method != "GET" && request.method != "HEAD")) return std::nullopt;
  const std::string& path = request.path;
  if (path.empty() || path.front() != '/' || path.find('\0') != std::string::npos) {
    return std::nullopt;
  }
  std::error_code ec;
  auto candidate = std::filesystem::weakly_canonical(root_ / path.substr(1), ec);
  if (ec || !is_within(root_, candidate)) return std::nullopt;
  if (std::filesystem::is_directory(candidate, ec)) {
    if (path.back() != '/') {
      HttpResponse redirect;
      redirect.status = 308;
      redirect.set_header("Location",
                          path + "/" + (request.query.empty() ? "" : "?" + request.query));
      return redirect;
    }
    candidate /= "index.html";
  }
  if (!std::filesystem::is_regular_file(candidate, ec)) return std::nullopt;
  const auto size = std::filesystem::file_size(candidate, ec);
  if (ec || size > kMaxFileBytes) return std::nullopt;
  std::ifstream in(candidate, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream content;
  content << in.rdbuf();
  HttpResponse r = HttpResponse::text(200, content.str(),
                                      std::string(content_type_for(candidate.filename().string())));
  const bool immutable = path.find("/_next/static/") != std::string::npos;
  r.set_header("Cache-Control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
  r.set_header("X-Content-Type-Options", "nosniff");
  return r;
}

}  // namespace ovos::net
