#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "net/http_client.h"

namespace ovos::net::testing {

/// Records what one request's callbacks saw (they run on the loop thread; the test reads
/// from its own thread).
class CallRecorder {
 public:
  /// Runs `f` under the lock, returning its value.
  template <class F>
  auto locked(F f) const -> decltype(f()) {
    const std::lock_guard lock(mutex_);
    return f();
  }
  HttpClientCallbacks callbacks() {
    HttpClientCallbacks cb;
    cb.on_response_head = [this](int status, const std::vector<HttpHeader>& headers) {
      const std::lock_guard lock(mutex_);
      status_ = status;
      headers_ = headers;
      changed_.notify_all();
    };
    cb.on_body_chunk = [this](std::string_view chunk) {
      const std::lock_guard lock(mutex_);
      chunks_.emplace_back(chunk);
      changed_.notify_all();
    };
    cb.on_complete = [this](core::Result<void> result) {
      const std::lock_guard lock(mutex_);
      ++completions_;
      result_ = std::move(result);
      changed_.notify_all();
    };
    return cb;
  }
  /// Waits until on_complete ran; false on timeout.
  bool wait_done(std::chrono::milliseconds limit = std::chrono::seconds(10)) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, limit, [&] { return result_.has_value(); });
  }
  /// Waits until at least `n` body chunks arrived.
  bool wait_chunks(std::size_t n, std::chrono::milliseconds limit = std::chrono::seconds(10)) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, limit, [&] { return chunks_.size() >= n; });
  }
  int status() const {
    return locked([&] { return status_; });
  }
  std::vector<std::string> chunks() const {
    return locked([&] { return chunks_; });
  }
  std::string body() const {
    return locked([&] {
      std::string out;
      for (const auto& c : chunks_)
        out += c;
      return out;
    });
  }
  int completions() const {
    return locked([&] { return completions_; });
  }
  /// The outcome; call after wait_done().
  core::Result<void> result() const {
    return locked([&] { return *result_; });
  }
  std::string error_message() const {
    return locked(
        [&]() -> std::string { return result_ && !result_->ok() ? result_->error().message : ""; });
  }
  std::optional<std::string> header(std::string_view name) const {
    return locked([&]() -> std::optional<std::string> {
      for (const auto& h : headers_) {
        if (iequals(h.name, name)) return h.value;
      }
      return std::nullopt;
    });
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  int status_ = 0;
  std::vector<HttpHeader> headers_;
  std::vector<std::string> chunks_;
  int completions_ = 0;
  std::optional<core::Result<void>> result_;
};

}  // namespace ovos::net::testing
