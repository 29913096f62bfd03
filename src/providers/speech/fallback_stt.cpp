#include "providers/speech/fallback_stt.h"

#include <string>
#include <utility>

#include "core/logging.h"

namespace ovos::providers::speech {
namespace {

/// Shared by the stream and its inner streams' handlers; executor thread only.
struct FallbackSttState {
  SttEventHandler on_event;
  SttProvider* fallback_provider = nullptr;
  SttOptions fallback_options;
  core::Executor* executor = nullptr;
  std::string primary_name;
  std::unique_ptr<SttStream> primary;
  std::unique_ptr<SttStream> fallback;
  bool closed = false;
  std::vector<std::int16_t> utterance;  // audio since the last final
  bool finalize_pending = false;

  void on_final() {
    utterance.clear();
    finalize_pending = false;
  }
  void on_primary(const std::shared_ptr<FallbackSttState>& self, SttEvent event);
  void on_fallback(SttEvent event) {
    if (closed) return;
    if (event.kind == SttEvent::Kind::kFinal) on_final();
    on_event(std::move(event));
  }
};

void FallbackSttState::on_primary(const std::shared_ptr<FallbackSttState>& self, SttEvent event) {
  if (closed || fallback) return;
  if (event.kind == SttEvent::Kind::kFinal) on_final();
  if (event.kind != SttEvent::Kind::kError) {
    on_event(std::move(event));
    return;
  }
  std::weak_ptr<FallbackSttState> weak = self;
  auto opened = fallback_provider->open_stream(fallback_options, *executor, [weak](SttEvent e) {
    if (auto alive = weak.lock()) alive->on_fallback(std::move(e));
  });
  if (!opened.ok()) {
    core::log_warn("stt_fallback_unavailable", {{"error", opened.error().message}});
    on_event(std::move(event));
    return;
  }
  core::log_warn("stt_switched_to_fallback",
                 {{"provider", primary_name}, {"error", event.error.message}});
  fallback = std::move(opened).value();
  primary->close();  // allowed from inside its own handler; it is kept until the call ends
  if (!utterance.empty()) fallback->push_audio(utterance);
  if (finalize_pending) fallback->finalize();
}

class FallbackSttStream final : public SttStream {
 public:
  explicit FallbackSttStream(std::shared_ptr<FallbackSttState> state) : state_(std::move(state)) {}
  ~FallbackSttStream() override { close(); }
  FallbackSttStream(const FallbackSttStream&) = delete;
  FallbackSttStream& operator=(const FallbackSttStream&) = delete;

  void push_audio(std::span<const std::int16_t> samples) override {
    if (state_->closed) return;
    // Kept for a hand-over; bounded by what one utterance can be (the engine finalizes).
    if (state_->utterance.size() < kMaxKept) {
      state_->utterance.insert(state_->utterance.end(), samples.begin(), samples.end());
    }
    current().push_audio(samples);
  }
  void finalize() override {
    if (state_->closed) return;
    state_->finalize_pending = true;
    current().finalize();
  }
  void set_expected_phrases(std::vector<std::string> phrases) override {
    if (state_->closed) return;
    state_->fallback_options.expected_phrases = phrases;
    current().set_expected_phrases(std::move(phrases));
  }
  void close() override {
    if (state_->closed) return;
    state_->closed = true;
    if (state_->primary) state_->primary->close();
    if (state_->fallback) state_->fallback->close();
  }

 private:
  static constexpr std::size_t kMaxKept = 16000 * 60;
  SttStream& current() { return state_->fallback ? *state_->fallback : *state_->primary; }
  std::shared_ptr<FallbackSttState> state_;
};

}  // namespace

FallbackSttProvider::FallbackSttProvider(std::unique_ptr<SttProvider> primary,
                                         SttProvider& fallback)
    : primary_(std::move(primary)), fallback_(fallback) {}

std::vector<std::string_view> FallbackSttProvider::capabilities() const {
  auto out = primary_->capabilities();
  out.emplace_back("fallback");
  return out;
}

core::Result<std::unique_ptr<SttStream>> open_with_fallback(
    SttProvider& primary, const SttOptions& options, SttProvider& fallback,
    SttOptions fallback_options, core::Executor& events_on, SttEventHandler on_event) {
  auto state = std::make_shared<FallbackSttState>();
  state->on_event = std::move(on_event);
  state->fallback_provider = &fallback;
  state->fallback_options = std::move(fallback_options);
  state->fallback_options.sample_rate = options.sample_rate;
  state->fallback_options.expected_phrases = options.expected_phrases;
  state->executor = &events_on;
  state->primary_name = std::string(primary.name());
  std::weak_ptr<FallbackSttState> weak = state;
  auto opened = primary.open_stream(options, events_on, [weak](SttEvent e) {
    if (auto alive = weak.lock()) alive->on_primary(alive, std::move(e));
  });
  if (!opened.ok()) return std::move(opened).error();
  state->primary = std::move(opened).value();
  return std::unique_ptr<SttStream>(std::make_unique<FallbackSttStream>(std::move(state)));
}

core::Result<std::unique_ptr<SttStream>> FallbackSttProvider::open_stream(
    const SttOptions& options, core::Executor& events_on, SttEventHandler on_event) {
  // The local recogniser hears the call's language with its own model.
  SttOptions local;
  local.language = options.language;
  return open_with_fallback(*primary_, options, fallback_, std::move(local), events_on,
                            std::move(on_event));
}

}  // namespace ovos::providers::speech
