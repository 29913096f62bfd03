#pragma once

// What every carrier simulator needs on the web side: form bodies, reading the XML documents a
// carrier fetches, posting a callback, and running the carrier's own threads safely.

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "net/http_server.h"
#include "support/http_client.h"

namespace ovos::testing {

using FormParams = std::vector<std::pair<std::string, std::string>>;

/// application/x-www-form-urlencoded.
std::string form_encode(const FormParams& params);
/// The pairs of a form body, decoded ('+' is a space); bad escapes read as empty.
FormParams parse_form(std::string_view body);
/// The first value of `name`, or empty.
std::string form_param(const FormParams& params, std::string_view name);

/// XML character references (&lt; &gt; &quot; &apos; &amp;) replaced by their characters.
std::string xml_unescape(std::string text);
/// The value of `attribute` in a tag's head ("<Stream url=\"...\""), unescaped; empty if absent.
std::string xml_attribute(const std::string& head, const std::string& attribute);
/// The heads of every <tag ...> or <tag> in `xml`, in order.
std::vector<std::string> xml_tag_heads(const std::string& xml, const std::string& tag);
/// The text inside the first <tag>...</tag> (or inside its first child, as in
/// <Dial><Number>...</Number></Dial>), unescaped; empty if absent.
std::string xml_tag_text(const std::string& xml, const std::string& tag);

/// POSTs `body` to the absolute `url` with `headers` ("Name: value"); status 0 if unreachable.
HttpResult post_to(const std::string& url, const std::string& body,
                   const std::vector<std::string>& headers);

/// A simulated carrier's REST API on a loopback port, answered by `handler` on two workers;
/// throws std::runtime_error when it cannot listen.
std::unique_ptr<net::HttpServer> start_api_server(net::HttpHandler handler);
/// http://127.0.0.1:<port> of such a server.
std::string api_url_of(const net::HttpServer& server);

/// The threads a simulated carrier runs on its own (ringing, callbacks, streams). A failure
/// on one of them (the server gone, a refused socket) goes to `on_error` instead of ending the
/// test binary. Thread-safe; the destructor joins every thread, including those started by
/// threads while it waits.
class GuardedThreads {
 public:
  explicit GuardedThreads(std::function<void(std::string)> on_error)
      : on_error_(std::move(on_error)) {}
  ~GuardedThreads() { join_all(); }
  GuardedThreads(const GuardedThreads&) = delete;
  GuardedThreads& operator=(const GuardedThreads&) = delete;

  void run(std::function<void()> work);
  void join_all();

 private:
  std::function<void(std::string)> on_error_;
  std::mutex mutex_;
  std::vector<std::thread> threads_;
};

}  // namespace ovos::testing
