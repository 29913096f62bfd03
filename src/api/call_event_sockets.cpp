#include "api/call_event_sockets.h"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <memory>

#include "api/call_events.h"
#include "api/problem.h"
#include "api/route_helpers.h"
#include "api/used_tokens.h"
#include "cluster/fanout.h"
#include "crypto/jwt.h"
#include "crypto/tokens.h"

namespace ovos::api {
namespace {

namespace json = boost::json;

/// The connection while it is open; touched only on the connection's executor.
struct Link {
  net::WebSocketConnection* connection = nullptr;
};

/// One dashboard's stream: the user's events from the Fanout, posted to the connection's
/// executor and sent from there.
class EventStreamHandler final : public net::WebSocketHandler {
 public:
  EventStreamHandler(net::WebSocketConnection& connection, cluster::Fanout& fanout,
                     const std::string& user_id, const std::string& call_id,
                     const std::string& node_id)
      : fanout_(fanout), link_(std::make_shared<Link>(Link{&connection})) {
    connection.send_text(json::serialize(json::object{{"type", "subscribed"}, {"node", node_id}}));
    const std::string match = call_id.empty() ? "" : "\"call_id\":\"" + call_id + "\"";
    subscription_ = fanout_.subscribe(
        user_id, [link = link_, executor = &connection.executor(), match](const std::string& m) {
          if (!match.empty() && m.find(match) == std::string::npos) return;
          executor->post([link, m] {
            if (link->connection == nullptr) return;
            if (link->connection->queued_bytes() > CallEventSockets::kMaxQueuedBytes) {
              link->connection->close(1013, "the dashboard reads events too slowly");
              link->connection = nullptr;
              return;
            }
            link->connection->send_text(m);
          });
        });
  }
  ~EventStreamHandler() override { fanout_.unsubscribe(subscription_); }

  void on_text(std::string_view text) override {
    // A keep-alive from the dashboard; anything else is ignored.
    if (text.find("\"ping\"") != std::string_view::npos && link_->connection != nullptr) {
      link_->connection->send_text(R"({"type":"pong"})");
    }
  }
  void on_binary(std::span<const std::uint8_t>) override {}
  void on_closed(std::uint16_t, std::string_view) override {
    link_->connection = nullptr;
    fanout_.unsubscribe(subscription_);
  }

 private:
  cluster::Fanout& fanout_;
  std::shared_ptr<Link> link_;
  std::uint64_t subscription_ = 0;
};

}  // namespace

void CallEventSockets::add_routes(Router& router) {
  router.add("POST", "/v1/event-tokens",
             [this](const net::HttpRequest& r, const RouteParams&) { return issue_ticket(r); });
}

core::Result<net::HttpResponse> CallEventSockets::issue_ticket(const net::HttpRequest& request) {
  OVOS_ASSIGN_OR_RETURN(const auto me, auth_.authenticate(request));
  if (context_.events == nullptr) return core::Error::unavailable("live events are off here");
  const std::int64_t now = context_.clock.unix_ms() / 1000;
  crypto::JwtClaims claims;
  claims.subject = me.user.id;
  claims.issued_at = now;
  claims.expires_at = now + kTicketSeconds;
  claims.issuer = std::string(kTicketIssuer);
  claims.token_id = crypto::random_token("ev.", 12);
  const std::string token = crypto::sign_jwt(claims, context_.config.jwt_secret);
  return json_response(201, json::object{{"token", token},
                                         {"expires_in", kTicketSeconds},
                                         {"url", std::string(kPath) + "?token=" + token}});
}

net::WebSocketAccept CallEventSockets::accept(net::HttpRequest& request) {
  auto accepted = accept_stream(request);
  if (!accepted.ok()) return net::WebSocketAccept::refuse(problem(request, accepted.error()));
  return std::move(accepted).value();
}

core::Result<net::WebSocketAccept> CallEventSockets::accept_stream(net::HttpRequest& request) {
  if (request.method != "GET") return core::Error::not_found("no WebSocket endpoint here");
  if (context_.events == nullptr) return core::Error::unavailable("live events are off here");
  std::string user_id;
  if (auto token = request.query_param("token"); token && !token->empty()) {
    const std::int64_t now = context_.clock.unix_ms() / 1000;
    OVOS_ASSIGN_OR_RETURN(const auto claims, crypto::verify_jwt(*token, context_.config.jwt_secret,
                                                                now, kTicketIssuer));
    OVOS_ASSIGN_OR_RETURN(
        const bool first,
        context_.used_tokens->first_use("events:" + claims.token_id, claims.expires_at, now));
    if (!first) return core::Error::unauthenticated("the token was already used");
    user_id = claims.subject;
  } else {
    OVOS_ASSIGN_OR_RETURN(const auto me, auth_.authenticate(request));
    user_id = me.user.id;
  }
  std::string call_id;
  if (auto only = request.query_param("call_id"); only && !only->empty()) {
    // A call of someone else's would simply never send anything; say so instead.
    OVOS_TRY(context_.store.get_call(user_id, *only));
    call_id = *only;
  }
  CallEvents* events = context_.events;
  return net::WebSocketAccept::accept(
      [events, user_id, call_id](net::WebSocketConnection& connection) {
        return std::make_unique<EventStreamHandler>(connection, events->fanout(), user_id, call_id,
                                                    events->node_id());
      });
}

}  // namespace ovos::api
