#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "providers/local/flite_synthesizer.h"
#include "providers/local/pocketsphinx_recognizer.h"

namespace ovos::providers::local {

/// Shares one recognizer (ps_init is slow) and one rms synthesizer among every test of the binary;
/// they live until the process exits. Tests leave the recognizer idle and in open mode.
class SpeechTest : public ::testing::Test {
 public:
  static void SetUpTestSuite() {
    if (!recognizer_) {
      auto created = PocketsphinxRecognizer::create();
      ASSERT_TRUE(created.ok()) << created.error().message;
      recognizer_ = std::make_unique<PocketsphinxRecognizer>(std::move(created).value());
    }
    if (!synthesizer_) {
      auto created = FliteSynthesizer::create("rms");
      ASSERT_TRUE(created.ok()) << created.error().message;
      synthesizer_ = std::make_unique<FliteSynthesizer>(std::move(created).value());
    }
  }

 protected:
  void SetUp() override {
    ASSERT_TRUE(recognizer_ && synthesizer_);
    ASSERT_FALSE(recognizer_->in_utterance());
  }
  void TearDown() override {
    if (recognizer_->in_utterance()) (void)recognizer_->end_utterance();
    ASSERT_TRUE(recognizer_->clear_expected_phrases().ok());
  }

  static PocketsphinxRecognizer& recognizer() { return *recognizer_; }

  /// `text` spoken by flite's rms voice at 16 kHz (synthesized once per text).
  static const std::vector<std::int16_t>& speech(const std::string& text) {
    auto it = speech_cache_.find(text);
    if (it == speech_cache_.end()) {
      auto pcm = synthesizer_->synthesize_all(text);
      EXPECT_TRUE(pcm.ok());
      it = speech_cache_
               .emplace(text, pcm.ok() ? std::move(pcm).value() : std::vector<std::int16_t>{})
               .first;
    }
    return it->second;
  }

 private:
  inline static std::unique_ptr<PocketsphinxRecognizer> recognizer_;
  inline static std::unique_ptr<FliteSynthesizer> synthesizer_;
  inline static std::map<std::string, std::vector<std::int16_t>> speech_cache_;
};

}  // namespace ovos::providers::local
