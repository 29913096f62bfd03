#include "net/websocket.h"

namespace ovos::net {
namespace {

/// True when the comma-separated header value `list` holds `token` (case-insensitive).
bool has_token(std::string_view list, std::string_view token) {
  while (!list.empty()) {
    const auto comma = list.find(',');
    auto item = list.substr(0, comma);
    const auto b = item.find_first_not_of(" \t");
    const auto e = item.find_last_not_of(" \t");
    if (b != std::string_view::npos && iequals(item.substr(b, e - b + 1), token)) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace

bool is_websocket_upgrade(const HttpRequest& request) {
  if (request.method != "GET") return false;
  const auto connection = request.header("connection");
  const auto upgrade = request.header("upgrade");
  return connection && upgrade && has_token(*connection, "upgrade") &&
         has_token(*upgrade, "websocket");
}

std::uint16_t sendable_close_code(std::uint16_t code) {
  const bool ok = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1013) ||
                  (code >= 3000 && code <= 4999);
  return ok ? code : WebSocketClose::kNormal;
}

}  // namespace ovos::net
