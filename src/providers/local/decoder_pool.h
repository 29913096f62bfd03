#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/executor.h"
#include "core/result.h"
#include "providers/local/pocketsphinx_recognizer.h"

namespace ovos::providers::local {

/// Lends pocketsphinx decoders (about 100 MB and 0.3 s to create each) to recognition streams, one
/// utterance at a time. Decoders are created lazily on the compute pool, up to `max_decoders`;
/// past that, requests wait in order for a decoder to come back. Thread-safe. Leases keep the
/// pool's state alive, so a lease may outlive the DecoderPool object; the ComputePool must
/// outlive both.
class DecoderPool {
 public:
  class Lease;
  /// Receives a decoder, or the error that prevented getting one. Runs on a compute-pool thread,
  /// except that an error may be reported inline (from acquire() or from the release of another
  /// lease) when the compute pool refuses work. Must not block.
  using OnLease = std::function<void(core::Result<Lease>)>;

  DecoderPool(core::ComputePool& compute, PocketsphinxConfig config, std::size_t max_decoders);
  ~DecoderPool();
  DecoderPool(const DecoderPool&) = delete;
  DecoderPool& operator=(const DecoderPool&) = delete;

  /// Asks for a decoder; `on_lease` gets it as soon as one is free (never inline).
  void acquire(OnLease on_lease);

  [[nodiscard]] std::size_t max_decoders() const;
  /// Decoders that exist (lent or idle).
  [[nodiscard]] std::size_t created() const;
  /// Decoders waiting in the pool.
  [[nodiscard]] std::size_t idle() const;
  /// Requests waiting for a decoder.
  [[nodiscard]] std::size_t waiting() const;

 private:
  struct State;  // shared with leases and pool tasks
  std::shared_ptr<State> state_;
};

/// One lent decoder. Move-only; destroying it ends any open utterance (discarding it) and gives
/// the decoder back (to the next waiting request, or to the idle list). Used by one thread at a
/// time.
class DecoderPool::Lease {
 public:
  struct Slot;  // a decoder and the phrases last applied to it

  Lease(Lease&& other) noexcept;
  Lease& operator=(Lease&& other) noexcept;
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  ~Lease();

  [[nodiscard]] PocketsphinxRecognizer& recognizer();
  /// The decoder's channel estimate when it was created: the model's default.
  [[nodiscard]] const std::vector<float>& initial_channel_estimate() const;

  /// Sets the search for the next utterance: a grammar of `phrases`, or open recognition when
  /// empty. Returns the phrases in the grammar (normalised; empty: open recognition, also when no
  /// phrase had a dictionary word). An unchanged list reuses the grammar already built. On error
  /// the decoder is left in open mode.
  [[nodiscard]] core::Result<std::vector<std::string>> use_phrases(
      const std::vector<std::string>& phrases);

 private:
  friend struct DecoderPool::State;
  Lease(std::shared_ptr<State> state, std::unique_ptr<Slot> slot);
  void give_back();

  std::shared_ptr<State> state_;
  std::unique_ptr<Slot> slot_;
};

}  // namespace ovos::providers::local
