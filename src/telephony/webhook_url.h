#pragma once

#include <string_view>

namespace ovos::telephony {

// Splitting the URL a carrier signed, the way its reference SDK splits it (Python's urlparse),
// with no normalisation and no percent-decoding. Stateless; safe from any thread.

/// The pieces of "scheme://authority/path?query#fragment"; views into the string given to
/// split_url, which must outlive them.
struct UrlParts {
  std::string_view scheme;     // "https" as written; empty when the URL has no "scheme://"
  std::string_view authority;  // "user:pw@host:8443"; empty without a scheme
  std::string_view path;       // "/a/b", up to '?' or '#'
  std::string_view query;      // after the first '?', before '#'
  std::string_view fragment;   // after the first '#'
  bool has_query = false;
  bool has_fragment = false;
};

[[nodiscard]] UrlParts split_url(std::string_view url);

/// An authority split into "userinfo@", host and port. The port is what follows the last ':'
/// outside an IPv6 literal's brackets ("[::1]:8080" has port "8080", "[::1]" has none).
struct Authority {
  std::string_view userinfo;  // "user:pw@" including the '@', or empty
  std::string_view host;      // "example.com", "[::1]"
  std::string_view port;      // digits as written, possibly empty ("host:" has an empty port)
  bool has_port = false;
};

[[nodiscard]] Authority split_authority(std::string_view authority);

}  // namespace ovos::telephony
