#pragma once

#include <boost/json/value.hpp>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace ovos::testing {

/// One HTTP exchange's outcome. Header names are lowercased.
struct HttpResult {
  long status = 0;
  std::string body;
  std::map<std::string, std::string> headers;

  /// The body parsed as JSON; a null value when it is not JSON.
  [[nodiscard]] boost::json::value json() const;
  [[nodiscard]] std::string header(const std::string& name) const;
  /// The "path" of each entry of a problem+json body's "errors".
  [[nodiscard]] std::set<std::string> error_paths() const;
};

/// A small blocking HTTP client over libcurl, for tests against the running binary.
/// Not thread-safe; one per test thread.
class HttpClient {
 public:
  explicit HttpClient(std::string base_url);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  /// Sends a request. `body` is sent with Content-Type: application/json unless `headers`
  /// names another Content-Type. `bearer` adds Authorization: Bearer.
  HttpResult request(const std::string& method, const std::string& path,
                     const std::string& body = "", const std::string& bearer = "",
                     const std::vector<std::string>& headers = {});

  HttpResult get(const std::string& path, const std::string& bearer = "") {
    return request("GET", path, "", bearer);
  }
  HttpResult post(const std::string& path, const boost::json::value& body,
                  const std::string& bearer = "");
  HttpResult put(const std::string& path, const boost::json::value& body,
                 const std::string& bearer = "");
  HttpResult del(const std::string& path, const std::string& bearer = "") {
    return request("DELETE", path, "", bearer);
  }

 private:
  std::string base_url_;
  void* curl_;
};

}  // namespace ovos::testing
