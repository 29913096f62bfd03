#include "providers/local/decoder_pool.h"

#include <algorithm>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <utility>

#include "core/logging.h"

namespace ovos::providers::local {

struct DecoderPool::Lease::Slot {
  explicit Slot(PocketsphinxRecognizer r)
      : recognizer(std::move(r)), initial_channel(recognizer.channel_estimate()) {}
  PocketsphinxRecognizer recognizer;
  std::vector<float> initial_channel;  // the model's default channel estimate
  std::vector<std::string> requested;  // phrases last applied (empty: open recognition)
  std::vector<std::string> kept;       // what the grammar made of them
};

struct DecoderPool::State : std::enable_shared_from_this<DecoderPool::State> {
  using Slot = Lease::Slot;
  struct Waiter {
    std::uint64_t id = 0;
    OnLease on_lease;
  };

  State(core::ComputePool& c, PocketsphinxConfig cfg, std::size_t max)
      : compute(c), config(std::move(cfg)), max_decoders(std::max<std::size_t>(1, max)) {}

  core::ComputePool& compute;
  const PocketsphinxConfig config;
  const std::size_t max_decoders;

  mutable std::mutex mutex;
  std::vector<std::unique_ptr<Slot>> idle;
  std::deque<Waiter> waiters;
  std::size_t created = 0;
  std::size_t creating = 0;
  std::uint64_t next_waiter_id = 1;

  void acquire(OnLease on_lease);
  void create_decoder();
  void serve(std::unique_ptr<Slot> slot);
  bool deliver(const OnLease& on_lease, std::unique_ptr<Slot>& slot);
  void fail_all(const core::Error& error);
  std::optional<OnLease> remove_waiter(std::uint64_t id);
};

void DecoderPool::State::acquire(OnLease on_lease) {
  std::unique_ptr<Slot> slot;
  std::uint64_t id = 0;
  bool create = false;
  {
    std::lock_guard lock(mutex);
    id = next_waiter_id++;
    waiters.push_back({id, std::move(on_lease)});
    if (!idle.empty()) {
      slot = std::move(idle.back());
      idle.pop_back();
    } else if (created + creating < max_decoders) {
      ++creating;
      create = true;
    }
  }
  if (slot) {
    serve(std::move(slot));
    return;
  }
  if (!create) return;
  if (compute.submit([self = shared_from_this()] { self->create_decoder(); })) return;
  {
    std::lock_guard lock(mutex);
    --creating;
  }
  if (auto waiter = remove_waiter(id)) {
    (*waiter)(core::Error::unavailable("compute pool is full: cannot create a decoder"));
  }
}

std::optional<DecoderPool::OnLease> DecoderPool::State::remove_waiter(std::uint64_t id) {
  std::lock_guard lock(mutex);
  const auto it = std::find_if(waiters.begin(), waiters.end(),
                               [id](const Waiter& waiter) { return waiter.id == id; });
  if (it == waiters.end()) return std::nullopt;
  OnLease on_lease = std::move(it->on_lease);
  waiters.erase(it);
  return on_lease;
}

// On a compute-pool thread.
void DecoderPool::State::create_decoder() {
  auto made = PocketsphinxRecognizer::create(config);
  if (made.ok()) {
    core::log_info("stt.local.decoder_created",
                   {{"init_seconds", made->init_seconds()}, {"max", max_decoders}});
    {
      std::lock_guard lock(mutex);
      --creating;
      ++created;
    }
    serve(std::make_unique<Slot>(std::move(made).value()));
    return;
  }
  core::log_error("stt.local.decoder_failed", {{"error", made.error().message}});
  bool none_coming = false;
  {
    std::lock_guard lock(mutex);
    --creating;
    none_coming = created == 0 && creating == 0;
  }
  // With decoders alive, waiters are served when one comes back; with none, nobody would be.
  if (none_coming) fail_all(made.error());
}

void DecoderPool::State::fail_all(const core::Error& error) {
  std::deque<Waiter> failed;
  {
    std::lock_guard lock(mutex);
    failed.swap(waiters);
  }
  for (auto& waiter : failed)
    waiter.on_lease(error);
}

// Hands `slot` to the oldest waiter, or keeps it idle when nobody waits.
void DecoderPool::State::serve(std::unique_ptr<Slot> slot) {
  for (;;) {
    OnLease on_lease;
    {
      std::lock_guard lock(mutex);
      if (waiters.empty()) {
        idle.push_back(std::move(slot));
        return;
      }
      on_lease = std::move(waiters.front().on_lease);
      waiters.pop_front();
    }
    if (deliver(on_lease, slot)) return;
    on_lease(core::Error::unavailable("compute pool is full: cannot decode"));
  }
}

// Runs on_lease with the decoder on the compute pool; false (slot kept) when the pool refuses.
bool DecoderPool::State::deliver(const OnLease& on_lease, std::unique_ptr<Slot>& slot) {
  auto holder = std::make_shared<std::unique_ptr<Slot>>(std::move(slot));
  const bool submitted = compute.submit(
      [self = shared_from_this(), on_lease, holder] { on_lease(Lease(self, std::move(*holder))); });
  if (!submitted) slot = std::move(*holder);
  return submitted;
}

DecoderPool::DecoderPool(core::ComputePool& compute, PocketsphinxConfig config,
                         std::size_t max_decoders)
    : state_(std::make_shared<State>(compute, std::move(config), max_decoders)) {}

DecoderPool::~DecoderPool() = default;

void DecoderPool::acquire(OnLease on_lease) {
  state_->acquire(std::move(on_lease));
}

std::size_t DecoderPool::max_decoders() const {
  return state_->max_decoders;
}

std::size_t DecoderPool::created() const {
  std::lock_guard lock(state_->mutex);
  return state_->created;
}

std::size_t DecoderPool::idle() const {
  std::lock_guard lock(state_->mutex);
  return state_->idle.size();
}

std::size_t DecoderPool::waiting() const {
  std::lock_guard lock(state_->mutex);
  return state_->waiters.size();
}

DecoderPool::Lease::Lease(std::shared_ptr<State> state, std::unique_ptr<Slot> slot)
    : state_(std::move(state)), slot_(std::move(slot)) {}

DecoderPool::Lease::Lease(Lease&& other) noexcept = default;

DecoderPool::Lease& DecoderPool::Lease::operator=(Lease&& other) noexcept {
  if (this != &other) {
    give_back();
    state_ = std::move(other.state_);
    slot_ = std::move(other.slot_);
  }
  return *this;
}

DecoderPool::Lease::~Lease() {
  give_back();
}

void DecoderPool::Lease::give_back() {
  if (!slot_ || !state_) return;
  // The next user starts clean: an utterance cut short (the stream closed) is discarded.
  if (slot_->recognizer.in_utterance()) (void)slot_->recognizer.end_utterance();
  std::shared_ptr<State> state = std::move(state_);
  state->serve(std::move(slot_));
}

PocketsphinxRecognizer& DecoderPool::Lease::recognizer() {
  return slot_->recognizer;
}

const std::vector<float>& DecoderPool::Lease::initial_channel_estimate() const {
  return slot_->initial_channel;
}

core::Result<std::vector<std::string>> DecoderPool::Lease::use_phrases(
    const std::vector<std::string>& phrases) {
  Slot& slot = *slot_;
  if (phrases == slot.requested && slot.recognizer.mode() != SearchMode::kKeyword) {
    return slot.kept;
  }
  slot.requested.clear();
  slot.kept.clear();
  if (phrases.empty()) {
    OVOS_TRY(slot.recognizer.clear_expected_phrases());
    return slot.kept;
  }
  auto kept = slot.recognizer.set_expected_phrases(phrases);
  if (!kept.ok()) {
    (void)slot.recognizer.clear_expected_phrases();
    return std::move(kept).error();
  }
  slot.requested = phrases;
  slot.kept = *kept;
  return kept;
}

}  // namespace ovos::providers::local
