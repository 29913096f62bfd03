#include "support/carriers/simulator_web.h"

#include <cctype>
#include <stdexcept>

#include "net/http_types.h"

namespace ovos::testing {
namespace {

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace

std::string form_encode(const FormParams& params) {
  std::string out;
  for (const auto& [name, value] : params) {
    if (!out.empty()) out += '&';
    out += percent_encode(name) + "=" + percent_encode(value);
  }
  return out;
}

FormParams parse_form(std::string_view body) {
  FormParams params;
  while (!body.empty()) {
    const auto amp = body.find('&');
    const auto pair = body.substr(0, amp);
    const auto eq = pair.find('=');
    auto name = net::percent_decode(pair.substr(0, eq), true).value_or("");
    auto value = eq == std::string_view::npos
                     ? std::string()
                     : net::percent_decode(pair.substr(eq + 1), true).value_or("");
    params.emplace_back(std::move(name), std::move(value));
    if (amp == std::string_view::npos) break;
    body.remove_prefix(amp + 1);
  }
  return params;
}

std::string form_param(const FormParams& params, std::string_view name) {
  for (const auto& [k, v] : params)
    if (k == name) return v;
  return {};
}

std::string xml_unescape(std::string text) {
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}, {"&amp;", "&"}}) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
      text.replace(at, from.size(), to);
  }
  return text;
}

std::string xml_attribute(const std::string& head, const std::string& attribute) {
  const auto at = head.find(" " + attribute + "=\"");
  if (at == std::string::npos) return {};
  const auto value = at + attribute.size() + 3;
  return xml_unescape(head.substr(value, head.find('"', value) - value));
}

std::vector<std::string> xml_tag_heads(const std::string& xml, const std::string& tag) {
  std::vector<std::string> heads;
  for (auto open = xml.find("<" + tag); open != std::string::npos;
       open = xml.find("<" + tag, open + 1)) {
    const char next = open + tag.size() + 1 < xml.size() ? xml[open + tag.size() + 1] : '\0';
    if (next != ' ' && next != '>' && next != '/') continue;  // <StreamX> is another tag
    heads.push_back(xml.substr(open, xml.find('>', open) - open));
  }
  return heads;
}

std::string xml_tag_text(const std::string& xml, const std::string& tag) {
  const auto heads = xml_tag_heads(xml, tag);
  if (heads.empty()) return {};
  auto open = xml.find(heads.front());
  open = xml.find('>', open) + 1;
  while (xml.compare(open, 1, "<") == 0 && xml.compare(open, 2, "</") != 0)
    open = xml.find('>', open) + 1;  // <Number>, <Sip>
  return xml_unescape(xml.substr(open, xml.find('<', open) - open));
}

HttpResult post_to(const std::string& url, const std::string& body,
                   const std::vector<std::string>& headers) {
  const auto path_at = url.find('/', url.find("://") + 3);
  HttpClient client(url.substr(0, path_at));
  return client.request("POST", path_at == std::string::npos ? "/" : url.substr(path_at), body, "",
                        headers);
}

void GuardedThreads::run(std::function<void()> work) {
  std::lock_guard lock(mutex_);
  threads_.emplace_back([this, work = std::move(work)] {
    try {
      work();
    } catch (const std::exception& e) {
      on_error_(std::string("simulator: ") + e.what());
    } catch (...) {
      on_error_("simulator: an unknown exception");
    }
  });
}

void GuardedThreads::join_all() {
  for (;;) {
    std::vector<std::thread> threads;
    {
      std::lock_guard lock(mutex_);
      threads.swap(threads_);
    }
    if (threads.empty()) return;
    for (auto& t : threads)
      t.join();
  }
}

std::unique_ptr<net::HttpServer> start_api_server(net::HttpHandler handler) {
  net::HttpServerOptions options;
  options.worker_threads = 2;
  auto started = net::HttpServer::start(options, std::move(handler));
  if (!started.ok()) throw std::runtime_error(started.error().message);
  return std::move(started).value();
}

std::string api_url_of(const net::HttpServer& server) {
  return "http://127.0.0.1:" + std::to_string(server.port());
}

}  // namespace ovos::testing
