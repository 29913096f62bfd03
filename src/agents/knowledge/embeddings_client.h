#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "agents/knowledge/embedding_settings.h"
#include "core/result.h"
#include "net/http_client.h"
#include "net/retry.h"

namespace ovos::net {
class EventLoop;
}

namespace ovos::agents::knowledge {

/// The HTTP limits of embeddings requests: connect 5 s, first byte 60 s, 30 s between reads,
/// responses up to 64 MiB.
[[nodiscard]] net::HttpClientOptions embeddings_http_options();

/// Vectors, one per input, in input order.
using Embeddings = std::vector<std::vector<float>>;

/// An embeddings request in flight. Destroying it or calling cancel() stops it: once cancel()
/// returns, its callback will not start (it may be running on the loop thread at that moment
/// when cancel() comes from another thread). Move-only.
class EmbeddingsCall {
 public:
  struct Job;
  EmbeddingsCall() = default;
  explicit EmbeddingsCall(std::shared_ptr<Job> job) : job_(std::move(job)) {}
  ~EmbeddingsCall() { cancel(); }
  EmbeddingsCall(EmbeddingsCall&&) noexcept = default;
  EmbeddingsCall& operator=(EmbeddingsCall&& other) noexcept;
  EmbeddingsCall(const EmbeddingsCall&) = delete;
  EmbeddingsCall& operator=(const EmbeddingsCall&) = delete;

  void cancel();

 private:
  std::shared_ptr<Job> job_;
};

/// Client of the OpenAI embeddings API (and compatible servers) over net::HttpClient on one
/// event loop: splits the inputs into batches sent one after another, retries each batch on
/// 408/429/5xx and network errors with backoff (Retry-After honoured), and maps failures to
/// clear errors ("embeddings (openai, text-embedding-3-small): HTTP 401 invalid_api_key: ...":
/// 401 kUnauthenticated, 403 kPermissionDenied, 429 kRateLimited, 5xx and malformed bodies
/// kUnavailable). Never logs keys or input text. Thread-safe; the loop must outlive it and its
/// calls.
class EmbeddingsClient {
 public:
  struct Options {
    std::size_t batch_inputs = 64;      // inputs per request
    std::size_t batch_bytes = 200'000;  // of input text per request (a longer input goes alone)
    net::RetryPolicy::Options retry{};
    std::size_t max_error_body_bytes = std::size_t{16} << 10;
    net::HttpClientOptions http = embeddings_http_options();
  };
  using Done = std::function<void(core::Result<Embeddings>)>;

  EmbeddingsClient(net::EventLoop& loop, Options options);
  explicit EmbeddingsClient(net::EventLoop& loop);
  ~EmbeddingsClient();
  EmbeddingsClient(const EmbeddingsClient&) = delete;
  EmbeddingsClient& operator=(const EmbeddingsClient&) = delete;

  /// Embeds `inputs` (non-empty strings); `done` runs once on the loop thread unless cancelled.
  /// An empty list completes at once with no vectors.
  [[nodiscard]] EmbeddingsCall embed(EmbeddingsTarget target, std::vector<std::string> inputs,
                                     Done done);
  /// embed() and wait for it: for worker threads, never the loop's own.
  [[nodiscard]] core::Result<Embeddings> embed_blocking(EmbeddingsTarget target,
                                                        std::vector<std::string> inputs);

 private:
  net::EventLoop& loop_;
  Options options_;
  net::RetryPolicy retry_;
  std::shared_ptr<net::HttpClient> http_;  // shared with the calls in flight
};

}  // namespace ovos::agents::knowledge
