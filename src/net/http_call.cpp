#include "net/http_call_control.h"
#include "net/http_client.h"

namespace ovos::net {

HttpCall::HttpCall(std::shared_ptr<detail::HttpCallControl> control)
    : control_(std::move(control)) {}

HttpCall::~HttpCall() {
  cancel();
}

HttpCall::HttpCall(HttpCall&& other) noexcept = default;

HttpCall& HttpCall::operator=(HttpCall&& other) noexcept {
  if (this != &other) {
    cancel();
    control_ = std::move(other.control_);
  }
  return *this;
}

void HttpCall::cancel() {
  if (control_) control_->cancel();
}

}  // namespace ovos::net
