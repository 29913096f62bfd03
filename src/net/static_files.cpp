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

/// The file as a response, or nullopt when it is not a readable regular file of sane size.
std::optional<HttpResponse> file_response(const std::filesystem::path& file, int status,
                                          bool immutable) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) return std::nullopt;
  const auto size = std::filesystem::file_size(file, ec);
  if (ec || size > kMaxFileBytes) return std::nullopt;
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream content;
  content << in.rdbuf();
  HttpResponse r = HttpResponse::text(status, content.str(),
                                      std::string(content_type_for(file.filename().string())));
  r.set_header("Cache-Control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
  r.set_header("X-Content-Type-Options", "nosniff");
  return r;
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
  const bool immutable = path.find("/_next/static/") != std::string::npos;
  return file_response(candidate, 200, immutable);
}

std::optional<HttpResponse> StaticFiles::not_found_page(const HttpRequest& request) const {
  if (root_.empty() || (request.method != "GET" && request.method != "HEAD")) return std::nullopt;
  const auto accept = request.header("accept");
  if (!accept || accept->find("text/html") == std::string_view::npos) return std::nullopt;
  return file_response(root_ / "404.html", 404, false);
}

}  // namespace ovos::net
