#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "providers/llm.h"
#include "providers/stt.h"
#include "providers/tts.h"

namespace ovos::providers {

/// The provider implementations this process can run, by catalogue name. Filled once at start
/// (see builtin_providers.h), then read concurrently by every call.
class ProviderRegistry {
 public:
  void add_stt(std::unique_ptr<SttProvider> provider);
  void add_tts(std::unique_ptr<TtsProvider> provider);
  void add_llm(std::unique_ptr<LlmProvider> provider);

  /// The provider called `name`, or nullptr when this build cannot run it.
  [[nodiscard]] SttProvider* stt(std::string_view name) const;
  [[nodiscard]] TtsProvider* tts(std::string_view name) const;
  [[nodiscard]] LlmProvider* llm(std::string_view name) const;

 private:
  std::map<std::string, std::unique_ptr<SttProvider>, std::less<>> stt_;
  std::map<std::string, std::unique_ptr<TtsProvider>, std::less<>> tts_;
  std::map<std::string, std::unique_ptr<LlmProvider>, std::less<>> llm_;
};

}  // namespace ovos::providers
