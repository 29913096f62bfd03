#include "providers/speech/phrase_cache.h"

#include <functional>
#include <map>
#include <utility>

namespace ovos::providers::speech {
namespace {

/// One call's stream: forwards to the wrapped stream, answers cached phrases itself.
class CachingTtsStream final : public TtsStream {
 public:
  struct State {
    std::shared_ptr<PhraseCache> cache;
    std::string provider;
    TtsOptions options;
    TtsEventHandler on_event;
    core::Executor* executor = nullptr;
    bool closed = false;
    std::map<TtsContextId, std::string> text;     // pushed, not yet flushed
    std::map<TtsContextId, std::string> pending;  // flushed to the inner stream: key to store
    std::map<TtsContextId, PhraseAudio> heard;    // audio of those contexts so far
    std::map<TtsContextId, bool> cancelled;
  };

  CachingTtsStream(std::shared_ptr<State> state, std::unique_ptr<TtsStream> inner)
      : state_(std::move(state)), inner_(std::move(inner)) {}
  ~CachingTtsStream() override { close(); }
  CachingTtsStream(const CachingTtsStream&) = delete;
  CachingTtsStream& operator=(const CachingTtsStream&) = delete;

  /// What the inner stream reports, on the executor.
  static void on_inner(const std::shared_ptr<State>& state, TtsEvent event) {
    if (state->closed || state->cancelled.contains(event.context)) return;
    const auto pending = state->pending.find(event.context);
    if (pending != state->pending.end()) {
      PhraseAudio& audio = state->heard[event.context];
      if (event.kind == TtsEvent::Kind::kAudio) {
        audio.samples.insert(audio.samples.end(), event.samples.begin(), event.samples.end());
        if (audio.sample_rate == 0) audio.sample_rate = event.sample_rate;
        if (audio.sample_rate != event.sample_rate) audio.sample_rate = -1;  // mixed: not kept
      } else {
        if (event.kind == TtsEvent::Kind::kDone && audio.sample_rate > 0) {
          state->cache->store(pending->second, std::move(audio));
        }
        state->heard.erase(event.context);
        state->pending.erase(pending);
      }
    }
    state->on_event(std::move(event));
  }

  void push_text(TtsContextId context, std::string_view text) override {
    if (state_->closed) return;
    state_->text[context] += text;
  }

  void flush(TtsContextId context) override {
    if (state_->closed) return;
    std::string text = std::move(state_->text[context]);
    state_->text.erase(context);
    const std::string key = state_->cache->key(state_->provider, state_->options, text);
    if (!key.empty()) {
      if (auto audio = state_->cache->find(key)) {
        state_->executor->post([state = state_, context, audio, chars = text.size()] {
          if (state->closed || state->cancelled.contains(context)) return;
          TtsEvent event;
          event.kind = TtsEvent::Kind::kAudio;
          event.context = context;
          event.samples = audio->samples;
          event.sample_rate = audio->sample_rate;
          state->on_event(std::move(event));
          if (state->closed || state->cancelled.contains(context)) return;
          TtsEvent done;
          done.kind = TtsEvent::Kind::kDone;
          done.context = context;
          done.characters = chars;
          state->on_event(std::move(done));
        });
        return;
      }
      state_->pending[context] = key;
    }
    inner_->push_text(context, text);
    inner_->flush(context);
  }

  void cancel(TtsContextId context) override {
    if (state_->closed) return;
    state_->cancelled[context] = true;
    state_->text.erase(context);
    state_->pending.erase(context);
    state_->heard.erase(context);
    inner_->cancel(context);
  }

  void close() override {
    if (state_->closed) return;
    state_->closed = true;
    inner_->close();
  }

 private:
  std::shared_ptr<State> state_;
  std::unique_ptr<TtsStream> inner_;
};

}  // namespace

PhraseCache::PhraseCache(std::size_t max_bytes, std::size_t max_text)
    : max_bytes_(max_bytes), max_text_(max_text) {}

std::string PhraseCache::key(std::string_view provider, const TtsOptions& options,
                             std::string_view text) const {
  if (text.empty() || text.size() > max_text_) return {};
  std::string account;
  for (const auto& [name, value] : options.credentials)
    account += name + '=' + value + '\n';
  const std::size_t digest = std::hash<std::string>{}(account);
  std::string key;
  for (const std::string_view part :
       {provider, std::string_view(options.voice), std::string_view(options.voice_id),
        std::string_view(options.model), std::string_view(options.language)}) {
    key += part;
    key += '\x1f';
  }
  key += std::to_string(options.sample_rate) + '\x1f' + std::to_string(digest) + '\x1f';
  key += text;
  return key;
}

std::shared_ptr<const PhraseAudio> PhraseCache::find(const std::string& key) {
  const std::lock_guard lock(mutex_);
  const auto it = index_.find(key);
  if (it == index_.end()) return nullptr;
  order_.splice(order_.begin(), order_, it->second);
  return it->second->second;
}

void PhraseCache::store(const std::string& key, PhraseAudio audio) {
  const std::size_t size = audio.samples.size() * sizeof(std::int16_t);
  if (key.empty() || size == 0 || size > max_bytes_) return;
  const std::lock_guard lock(mutex_);
  if (const auto it = index_.find(key); it != index_.end()) {
    bytes_ -= it->second->second->samples.size() * sizeof(std::int16_t);
    order_.erase(it->second);
    index_.erase(it);
  }
  order_.emplace_front(key, std::make_shared<const PhraseAudio>(std::move(audio)));
  index_[key] = order_.begin();
  bytes_ += size;
  while (bytes_ > max_bytes_ && !order_.empty()) {
    bytes_ -= order_.back().second->samples.size() * sizeof(std::int16_t);
    index_.erase(order_.back().first);
    order_.pop_back();
  }
}

std::size_t PhraseCache::bytes() const {
  const std::lock_guard lock(mutex_);
  return bytes_;
}

std::size_t PhraseCache::size() const {
  const std::lock_guard lock(mutex_);
  return index_.size();
}

CachingTtsProvider::CachingTtsProvider(std::unique_ptr<TtsProvider> inner,
                                       std::shared_ptr<PhraseCache> cache)
    : inner_(std::move(inner)), cache_(std::move(cache)) {}

std::vector<std::string_view> CachingTtsProvider::capabilities() const {
  auto out = inner_->capabilities();
  out.emplace_back("phrase_cache");
  return out;
}

core::Result<std::unique_ptr<TtsStream>> CachingTtsProvider::open_stream(const TtsOptions& options,
                                                                         core::Executor& events_on,
                                                                         TtsEventHandler on_event) {
  auto state = std::make_shared<CachingTtsStream::State>();
  state->cache = cache_;
  state->provider = std::string(inner_->name());
  state->options = options;
  state->on_event = std::move(on_event);
  state->executor = &events_on;
  std::weak_ptr<CachingTtsStream::State> weak = state;
  auto inner = inner_->open_stream(options, events_on, [weak](TtsEvent event) {
    if (auto alive = weak.lock()) CachingTtsStream::on_inner(alive, std::move(event));
  });
  if (!inner.ok()) return std::move(inner).error();
  return std::unique_ptr<TtsStream>(
      std::make_unique<CachingTtsStream>(std::move(state), std::move(inner).value()));
}

}  // namespace ovos::providers::speech
