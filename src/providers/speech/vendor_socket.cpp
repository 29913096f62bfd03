#include "providers/speech/vendor_socket.h"

#include <utility>

#include "core/logging.h"

namespace ovos::providers::speech {

/// Forwards one connection's events to the socket, tagged with the attempt it belongs to.
class VendorSocket::Handler final : public net::WebSocketHandler {
 public:
  Handler(std::shared_ptr<VendorSocket> socket, int generation)
      : socket_(std::move(socket)), generation_(generation) {}
  void on_text(std::string_view text) override { socket_->on_text(generation_, text); }
  void on_binary(std::span<const std::uint8_t> bytes) override {
    socket_->on_binary(generation_, bytes);
  }
  void on_closed(std::uint16_t code, std::string_view reason) override {
    socket_->on_closed(generation_, code, reason);
  }

 private:
  std::shared_ptr<VendorSocket> socket_;
  int generation_;
};

core::Error vendor_close_error(std::string_view who, std::uint16_t code, std::string_view reason) {
  std::string what = std::string(who) + " closed the stream: " + std::to_string(code);
  if (!reason.empty()) what += " " + std::string(reason);
  if (code == net::WebSocketClose::kPolicyViolation || code == 1003) {
    return core::Error::invalid(what);
  }
  return core::Error::unavailable(what);
}

std::shared_ptr<VendorSocket> VendorSocket::create(VendorSocketSetup setup,
                                                   std::weak_ptr<VendorSocketOwner> owner) {
  return std::shared_ptr<VendorSocket>(new VendorSocket(std::move(setup), std::move(owner)));
}

VendorSocket::VendorSocket(VendorSocketSetup setup, std::weak_ptr<VendorSocketOwner> owner)
    : setup_(std::move(setup)), owner_(std::move(owner)) {}

void VendorSocket::connect() {
  if (stopped_ || connecting_ || retry_pending_ || connection_) return;
  connecting_ = true;
  ++attempt_;
  const int gen = ++generation_;
  std::weak_ptr<VendorSocket> weak = weak_from_this();
  net::WebSocketClient::connect(
      setup_.ws, *setup_.loop, std::make_unique<Handler>(shared_from_this(), gen),
      [weak, gen,
       goodbye = setup_.goodbye](core::Result<std::shared_ptr<net::WebSocketConnection>> result) {
        if (auto self = weak.lock()) {
          self->on_connected(gen, std::move(result));
        } else if (result.ok()) {
          if (!goodbye.empty()) (*result)->send_text(goodbye);
          (*result)->close(net::WebSocketClose::kNormal, "");
        }
      });
}

void VendorSocket::on_connected(int gen,
                                core::Result<std::shared_ptr<net::WebSocketConnection>> result) {
  if (gen != generation_) {
    if (result.ok()) (*result)->close(net::WebSocketClose::kNormal, "");
    return;
  }
  connecting_ = false;
  if (!result.ok()) {
    if (stopped_) return;
    core::Error error = result.error();
    const auto status = net::websocket_handshake_status(error);
    if (status && setup_.describe_refusal) {
      error.message =
          setup_.vendor + ": " + setup_.describe_refusal(*status) + " (" + error.message + ")";
    }
    const bool retryable = status ? setup_.retry.should_retry(*status, attempt_)
                                  : setup_.retry.should_retry(error, attempt_);
    retry_or_fail(std::move(error), retryable, status && !net::retryable_status(*status));
    return;
  }
  auto owner = owner_.lock();
  if (stopped_ || !owner) {
    say_goodbye(**result);
    (*result)->close(net::WebSocketClose::kNormal, "");
    return;
  }
  connection_ = std::move(result).value();
  owner->on_open(*connection_);
}

void VendorSocket::on_text(int gen, std::string_view text) {
  if (stopped_ || gen != generation_) return;
  if (auto owner = owner_.lock()) owner->on_text(text);
}

void VendorSocket::on_binary(int gen, std::span<const std::uint8_t> bytes) {
  if (stopped_ || gen != generation_) return;
  if (auto owner = owner_.lock()) owner->on_binary(bytes);
}

void VendorSocket::on_closed(int gen, std::uint16_t code, std::string_view reason) {
  if (stopped_ || gen != generation_) return;
  connection_.reset();
  if (auto owner = owner_.lock()) owner->on_closed(code, reason);
}

void VendorSocket::reconnect_after(core::Error error) {
  if (stopped_) return;
  const bool retryable = setup_.retry.should_retry(error, attempt_);
  retry_or_fail(std::move(error), retryable, false);
}

void VendorSocket::retry_or_fail(core::Error error, bool retryable, bool permanent) {
  if (!retryable || permanent) {
    attempt_ = 0;  // a later connect() starts a fresh round of attempts
    if (auto owner = owner_.lock()) owner->on_failed(std::move(error), permanent);
    return;
  }
  const auto delay = setup_.retry.delay(attempt_);
  core::log_warn("vendor_socket_reconnect",
                 {{"vendor", setup_.vendor},
                  {"attempt", attempt_},
                  {"error", error.message},
                  {"delay_ms", static_cast<std::int64_t>(delay.count())}});
  retry_pending_ = true;
  retry_timer_ = setup_.loop->post_after(delay, [weak = weak_from_this()] {
    if (auto self = weak.lock()) {
      self->retry_pending_ = false;
      self->connect();
    }
  });
}

void VendorSocket::drop() {
  ++generation_;
  connecting_ = false;
  if (connection_) {
    auto closing = std::move(connection_);
    closing->close(net::WebSocketClose::kNormal, "");
  }
}

void VendorSocket::say_goodbye(net::WebSocketConnection& connection) const {
  if (!setup_.goodbye.empty()) connection.send_text(setup_.goodbye);
}

void VendorSocket::close() {
  if (stopped_) return;
  stopped_ = true;
  retry_timer_.cancel();
  retry_pending_ = false;
  if (connection_) {
    auto closing = std::move(connection_);
    say_goodbye(*closing);
    closing->close(net::WebSocketClose::kNormal, "");
  }
}

}  // namespace ovos::providers::speech
