#include "providers/registry.h"

namespace ovos::providers {

namespace {

template <typename Map>
auto* find_in(const Map& map, std::string_view name) {
  const auto it = map.find(name);
  return it == map.end() ? nullptr : it->second.get();
}

}  // namespace

void ProviderRegistry::add_stt(std::unique_ptr<SttProvider> provider) {
  const std::string name(provider->name());
  stt_[name] = std::move(provider);
}

void ProviderRegistry::add_tts(std::unique_ptr<TtsProvider> provider) {
  const std::string name(provider->name());
  tts_[name] = std::move(provider);
}

void ProviderRegistry::add_llm(std::unique_ptr<LlmProvider> provider) {
  const std::string name(provider->name());
  llm_[name] = std::move(provider);
}

SttProvider* ProviderRegistry::stt(std::string_view name) const {
  return find_in(stt_, name);
}
TtsProvider* ProviderRegistry::tts(std::string_view name) const {
  return find_in(tts_, name);
}
LlmProvider* ProviderRegistry::llm(std::string_view name) const {
  return find_in(llm_, name);
}

}  // namespace ovos::providers
