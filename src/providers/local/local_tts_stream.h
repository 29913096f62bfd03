#pragma once

#include <memory>
#include <string_view>

#include "audio/resampler.h"
#include "core/executor.h"
#include "providers/local/flite_synthesizer.h"
#include "providers/tts.h"

namespace ovos::providers::local {

/// One call's flite synthesis (opened by LocalTtsProvider). Its methods run on the call's
/// executor and only queue text: one synthesis task per stream at a time runs on the compute pool,
/// speaking the queued texts in order and posting audio back in pieces of 20-40 ms (each text's
/// first piece as soon as flite makes it). cancel() stops the context's synthesis within one flite
/// chunk and drops its queued text; audio already posted is filtered on the executor, so nothing of
/// a cancelled context, and nothing at all after close(), is delivered. Owns its synthesizer and
/// resampler; the compute pool must outlive the work it has scheduled.
class LocalTtsStream final : public TtsStream {
 public:
  static constexpr int kMinPieceMs = 20;
  static constexpr int kMaxPieceMs = 40;

  /// `resampler` converts flite's 16 kHz output to the stream's rate (same-rate: a copy).
  LocalTtsStream(core::ComputePool& compute, core::Executor& events_on, TtsEventHandler on_event,
                 FliteSynthesizer synthesizer, audio::Resampler resampler);
  ~LocalTtsStream() override;
  LocalTtsStream(const LocalTtsStream&) = delete;
  LocalTtsStream& operator=(const LocalTtsStream&) = delete;

  void push_text(TtsContextId context, std::string_view text) override;
  void flush(TtsContextId context) override;
  void cancel(TtsContextId context) override;
  void close() override;

  [[nodiscard]] int sample_rate() const;

 private:
  class Core;  // shared with the synthesis task and the posted events
  std::shared_ptr<Core> core_;
};

}  // namespace ovos::providers::local
