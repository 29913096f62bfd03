#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace ovos::cluster {

/// Where a Redis server is and how to log in: what a redis:// URL says.
struct RedisAddress {
  std::string host = "127.0.0.1";
  int port = 6379;
  std::string user;      // Redis 6 ACL user; empty: the default user
  std::string password;  // empty: no AUTH
  int database = 0;
};

/// Reads redis://[[user]:password@]host[:port][/db]. Percent-escapes in the user and password
/// are decoded. rediss:// (TLS) is refused: Debian 12's hiredis has no TLS. Errors are
/// kValidation and never repeat the password.
[[nodiscard]] core::Result<RedisAddress> parse_redis_url(std::string_view url);

}  // namespace ovos::cluster
