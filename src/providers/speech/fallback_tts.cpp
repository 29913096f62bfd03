#include "providers/speech/fallback_tts.h"

#include <map>
#include <set>
#include <string>
#include <utility>

#include "core/logging.h"

namespace ovos::providers::speech {
namespace {

/// What the fallback voice says, in English, for a piece nobody could speak in the call's
/// language.
constexpr std::string_view kApology = "Sorry, I had a problem answering that.";

/// Shared by the stream and the handlers it gives its two inner streams; executor thread only.
struct FallbackState {
  TtsEventHandler on_event;
  TtsProvider* fallback_provider = nullptr;
  TtsOptions fallback_options;
  core::Executor* executor = nullptr;
  std::string primary_name;
  int switch_after = 2;
  std::unique_ptr<TtsStream> primary;
  std::unique_ptr<TtsStream> fallback;
  bool fallback_failed = false;        // it could not be opened
  std::unique_ptr<TtsStream> apology;  // the fallback in English, when the language is not its
  bool apology_failed = false;
  bool apologized = false;  // in this run of failures
  bool switched = false;    // everything goes to the fallback now
  int failures_in_a_row = 0;
  bool closed = false;
  std::map<TtsContextId, std::string> text;  // of contexts not yet ended
  std::set<TtsContextId> with_audio;         // the primary spoke some of it

  void forget(TtsContextId context) {
    text.erase(context);
    with_audio.erase(context);
  }
  TtsStream* open_fallback(const std::shared_ptr<FallbackState>& self);
  bool apologize(const std::shared_ptr<FallbackState>& self, TtsContextId context);
  void on_primary(const std::shared_ptr<FallbackState>& self, TtsEvent event);
};

TtsStream* FallbackState::open_fallback(const std::shared_ptr<FallbackState>& self) {
  if (fallback || fallback_failed) return fallback.get();
  std::weak_ptr<FallbackState> weak = self;
  auto opened = fallback_provider->open_stream(fallback_options, *executor, [weak](TtsEvent e) {
    auto state = weak.lock();
    if (!state || state->closed) return;
    if (e.kind != TtsEvent::Kind::kAudio) state->forget(e.context);
    state->on_event(std::move(e));
  });
  if (!opened.ok()) {
    core::log_warn("tts_fallback_unavailable", {{"error", opened.error().message}});
    fallback_failed = true;
    return nullptr;
  }
  fallback = std::move(opened).value();
  return fallback.get();
}

// Says the apology in `context` through the fallback voice in English, once per run of
// failures; false when it cannot (then the error stands).
bool FallbackState::apologize(const std::shared_ptr<FallbackState>& self, TtsContextId context) {
  if (apologized) return false;
  if (!apology && !apology_failed) {
    TtsOptions english = fallback_options;
    english.language = "en";
    std::weak_ptr<FallbackState> weak = self;
    auto opened = fallback_provider->open_stream(english, *executor, [weak](TtsEvent e) {
      auto state = weak.lock();
      if (!state || state->closed) return;
      if (e.kind != TtsEvent::Kind::kAudio) state->forget(e.context);
      state->on_event(std::move(e));
    });
    if (opened.ok()) {
      apology = std::move(opened).value();
    } else {
      apology_failed = true;
    }
  }
  if (!apology) return false;
  apologized = true;
  core::log_warn("tts_apology", {{"provider", primary_name}});
  apology->push_text(context, kApology);
  apology->flush(context);
  return true;
}

void FallbackState::on_primary(const std::shared_ptr<FallbackState>& self, TtsEvent event) {
  if (closed) return;
  const TtsContextId context = event.context;
  switch (event.kind) {
    case TtsEvent::Kind::kAudio:
      if (!event.samples.empty()) with_audio.insert(context);
      failures_in_a_row = 0;
      on_event(std::move(event));
      return;
    case TtsEvent::Kind::kDone:
      failures_in_a_row = 0;
      apologized = false;
      forget(context);
      on_event(std::move(event));
      return;
    case TtsEvent::Kind::kError:
      break;
  }
  const auto it = text.find(context);
  TtsStream* backup =
      with_audio.contains(context) || it == text.end() ? nullptr : open_fallback(self);
  if (backup == nullptr) {
    // Nobody speaks the call's language: an apology in English rather than silence.
    if (fallback_failed && !with_audio.contains(context) && it != text.end() &&
        apologize(self, context)) {
      return;
    }
    forget(context);
    on_event(std::move(event));
    return;
  }
  if (++failures_in_a_row >= switch_after && !switched) {
    switched = true;
    core::log_warn("tts_switched_to_fallback",
                   {{"provider", primary_name}, {"failures", failures_in_a_row}});
  }
  core::log_warn("tts_fallback", {{"provider", primary_name}, {"error", event.error.message}});
  backup->push_text(context, it->second);
  backup->flush(context);
}

class FallbackTtsStream final : public TtsStream {
 public:
  explicit FallbackTtsStream(std::shared_ptr<FallbackState> state) : state_(std::move(state)) {}
  ~FallbackTtsStream() override { close(); }
  FallbackTtsStream(const FallbackTtsStream&) = delete;
  FallbackTtsStream& operator=(const FallbackTtsStream&) = delete;

  void push_text(TtsContextId context, std::string_view text) override {
    if (state_->closed) return;
    state_->text[context] += text;
    if (TtsStream* to = target()) to->push_text(context, text);
  }
  void flush(TtsContextId context) override {
    if (state_->closed) return;
    if (TtsStream* to = target()) to->flush(context);
  }
  void cancel(TtsContextId context) override {
    if (state_->closed) return;
    state_->forget(context);
    state_->primary->cancel(context);
    if (state_->fallback) state_->fallback->cancel(context);
    if (state_->apology) state_->apology->cancel(context);
  }
  void close() override {
    if (state_->closed) return;
    state_->closed = true;
    state_->primary->close();
    if (state_->fallback) state_->fallback->close();
    if (state_->apology) state_->apology->close();
  }

 private:
  TtsStream* target() {
    if (state_->switched) {
      if (TtsStream* backup = state_->open_fallback(state_)) return backup;
    }
    return state_->primary.get();
  }
  std::shared_ptr<FallbackState> state_;
};

}  // namespace

FallbackTtsProvider::FallbackTtsProvider(std::unique_ptr<TtsProvider> primary,
                                         TtsProvider& fallback, int switch_after)
    : primary_(std::move(primary)), fallback_(fallback), switch_after_(switch_after) {}

std::vector<std::string_view> FallbackTtsProvider::capabilities() const {
  auto out = primary_->capabilities();
  out.emplace_back("fallback");
  return out;
}

core::Result<std::unique_ptr<TtsStream>> open_with_fallback(
    TtsProvider& primary, const TtsOptions& options, TtsProvider& fallback,
    TtsOptions fallback_options, int switch_after, core::Executor& events_on,
    TtsEventHandler on_event) {
  auto state = std::make_shared<FallbackState>();
  state->on_event = std::move(on_event);
  state->fallback_provider = &fallback;
  state->fallback_options = std::move(fallback_options);
  state->fallback_options.sample_rate = options.sample_rate;
  state->executor = &events_on;
  state->primary_name = std::string(primary.name());
  state->switch_after = switch_after;
  std::weak_ptr<FallbackState> weak = state;
  auto opened = primary.open_stream(options, events_on, [weak](TtsEvent e) {
    if (auto alive = weak.lock()) alive->on_primary(alive, std::move(e));
  });
  if (!opened.ok()) return std::move(opened).error();
  state->primary = std::move(opened).value();
  return std::unique_ptr<TtsStream>(std::make_unique<FallbackTtsStream>(std::move(state)));
}

core::Result<std::unique_ptr<TtsStream>> FallbackTtsProvider::open_stream(
    const TtsOptions& options, core::Executor& events_on, TtsEventHandler on_event) {
  // The local voice speaks the call's language in its own default voice.
  TtsOptions local;
  local.language = options.language;
  return open_with_fallback(*primary_, options, fallback_, std::move(local), switch_after_,
                            events_on, std::move(on_event));
}

}  // namespace ovos::providers::speech
