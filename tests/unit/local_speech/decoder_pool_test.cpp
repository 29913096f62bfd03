// DecoderPool on a real compute pool: lazy creation, lending in order, reset on return.
#include "providers/local/decoder_pool.h"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <vector>

namespace ovos::providers::local {
namespace {

using Lease = DecoderPool::Lease;

// Collects what the pool hands out (on its threads) for the test thread to wait on.
class Received {
 public:
  DecoderPool::OnLease callback(int who) {
    return [this, who](core::Result<Lease> lease) {
      std::lock_guard lock(mutex_);
      if (lease.ok()) {
        leases_.emplace_back(who, std::move(lease).value());
      } else {
        errors_.push_back(std::move(lease).error());
      }
      changed_.notify_all();
    };
  }
  /// Waits until `n` leases and errors in all arrived; false after 30 s.
  bool wait(std::size_t n) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, std::chrono::seconds(30),
                             [&] { return leases_.size() + errors_.size() >= n; });
  }
  std::optional<std::pair<int, Lease>> take(std::size_t index) {
    std::lock_guard lock(mutex_);
    if (index >= leases_.size() || !leases_[index].second) return std::nullopt;
    return std::make_pair(leases_[index].first, std::move(*leases_[index].second));
  }
  std::vector<core::Error> errors() {
    std::lock_guard lock(mutex_);
    return errors_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::pair<int, std::optional<Lease>>> leases_;
  std::vector<core::Error> errors_;
};

TEST(DecoderPool, MissingModelsFailEveryWaitingRequest) {
  core::ComputePool compute(2, 16);
  PocketsphinxConfig config;
  config.acoustic_model = "/nonexistent/en-us";
  DecoderPool pool(compute, config, 2);
  Received received;
  pool.acquire(received.callback(1));
  pool.acquire(received.callback(2));
  pool.acquire(received.callback(3));
  ASSERT_TRUE(received.wait(3));
  const auto errors = received.errors();
  ASSERT_EQ(errors.size(), 3U);
  for (const auto& error : errors)
    EXPECT_EQ(error.code, core::ErrorCode::kNotFound) << error.message;
  EXPECT_EQ(pool.created(), 0U);
  EXPECT_EQ(pool.waiting(), 0U);
}

TEST(DecoderPool, LendsItsOneDecoderInOrderAndResetsItOnReturn) {
  core::ComputePool compute(2, 16);
  DecoderPool pool(compute, PocketsphinxConfig{}, 1);
  Received received;
  pool.acquire(received.callback(1));
  pool.acquire(received.callback(2));
  pool.acquire(received.callback(3));
  ASSERT_TRUE(received.wait(1));
  auto first = received.take(0);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->first, 1);
  EXPECT_EQ(pool.created(), 1U);
  EXPECT_EQ(pool.waiting(), 2U);
  PocketsphinxRecognizer& recognizer = first->second.recognizer();
  // The model's default channel estimate, kept for streams that have none of their own yet.
  const std::vector<float> initial = first->second.initial_channel_estimate();
  ASSERT_FALSE(initial.empty());
  EXPECT_EQ(recognizer.channel_estimate(), initial);
  std::vector<float> other = initial;
  other[0] += 1.0F;
  ASSERT_TRUE(recognizer.set_channel_estimate(other).ok());
  EXPECT_EQ(recognizer.channel_estimate(), other);
  EXPECT_FALSE(recognizer.set_channel_estimate(std::vector<float>(initial.size() + 1)).ok());
  // Given back in the middle of a grammar utterance.
  const auto kept = first->second.use_phrases({"Yes!", "no"});
  ASSERT_TRUE(kept.ok()) << kept.error().message;
  EXPECT_EQ(*kept, (std::vector<std::string>{"yes", "no"}));
  EXPECT_EQ(recognizer.mode(), SearchMode::kGrammar);
  ASSERT_TRUE(recognizer.start_utterance().ok());
  ASSERT_TRUE(recognizer.process(std::vector<std::int16_t>(1600, 0)).ok());
  first.reset();

  ASSERT_TRUE(received.wait(2));
  auto second = received.take(1);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->first, 2);
  EXPECT_EQ(&second->second.recognizer(), &recognizer);  // the same decoder, reset
  EXPECT_FALSE(second->second.recognizer().in_utterance());
  EXPECT_EQ(second->second.initial_channel_estimate(), initial);
  const auto open = second->second.use_phrases({});
  ASSERT_TRUE(open.ok());
  EXPECT_TRUE(open->empty());
  EXPECT_EQ(second->second.recognizer().mode(), SearchMode::kOpen);
  second.reset();

  ASSERT_TRUE(received.wait(3));
  auto third = received.take(2);
  ASSERT_TRUE(third);
  EXPECT_EQ(third->first, 3);
  third.reset();
  EXPECT_EQ(pool.created(), 1U);
  EXPECT_EQ(pool.idle(), 1U);
  EXPECT_EQ(pool.waiting(), 0U);
}

}  // namespace
}  // namespace ovos::providers::local
