#include <utility>

#include "net/http_client.h"

namespace ovos::net {

std::optional<std::string_view> HttpClientResponse::header(std::string_view name) const {
  for (const auto& h : headers) {
    if (iequals(h.name, name)) return std::string_view(h.value);
  }
  return std::nullopt;
}

HttpCall send_and_collect(HttpClient& client, HttpClientRequest request,
                          std::function<void(core::Result<HttpClientResponse>)> done,
                          std::optional<core::VendorTag> vendor) {
  // Shared by the three callbacks, which all run on the loop thread, one at a time.
  auto response = std::make_shared<HttpClientResponse>();
  HttpClientCallbacks callbacks;
  callbacks.on_response_head = [response](int status, const std::vector<HttpHeader>& headers) {
    response->status = status;
    response->headers = headers;
  };
  callbacks.on_body_chunk = [response](std::string_view chunk) { response->body.append(chunk); };
  callbacks.on_complete = [response, done = std::move(done)](core::Result<void> result) {
    if (!result.ok()) {
      done(std::move(result).error());
      return;
    }
    done(std::move(*response));
  };
  return client.send(std::move(request), std::move(callbacks), std::move(vendor));
}

}  // namespace ovos::net
