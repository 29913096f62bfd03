#include "providers/local/flite_synthesizer.h"

#include <flite/flite.h>

#include <array>
#include <cassert>
#include <cctype>
#include <chrono>
#include <csetjmp>
#include <exception>
#include <mutex>
#include <utility>

#include "core/utf8.h"

// The voice libraries ship no header.
extern "C" {
cst_voice* register_cmu_us_rms(const char* voxdir);
void unregister_cmu_us_rms(cst_voice* voice);
cst_voice* register_cmu_us_slt(const char* voxdir);
void unregister_cmu_us_slt(cst_voice* voice);
cst_voice* register_cmu_us_awb(const char* voxdir);
void unregister_cmu_us_awb(cst_voice* voice);
cst_voice* register_cmu_us_kal16(const char* voxdir);
void unregister_cmu_us_kal16(cst_voice* voice);
}

namespace ovos::providers::local {
namespace {

using Clock = std::chrono::steady_clock;

struct VoiceEntry {
  std::string_view name;
  cst_voice* (*register_voice)(const char*);
  void (*unregister_voice)(cst_voice*);
  int sample_rate;
  cst_voice* voice = nullptr;  // registered while users > 0
  int users = 0;
};

// Everything in flite that is process-wide, behind the one mutex that guards it.
struct FliteRuntime {
  std::mutex mutex;
  bool initialized = false;
  std::array<VoiceEntry, 4> voices{{
      {"rms", register_cmu_us_rms, unregister_cmu_us_rms, 16000},
      {"slt", register_cmu_us_slt, unregister_cmu_us_slt, 16000},
      {"awb", register_cmu_us_awb, unregister_cmu_us_awb, 16000},
      {"kal16", register_cmu_us_kal16, unregister_cmu_us_kal16, 16000},
  }};
};

FliteRuntime& runtime() {
  static FliteRuntime instance;
  return instance;
}

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Per-call state flite's streaming callback reaches through asi->userdata.
struct StreamState {
  const FliteSynthesizer::AudioSink* sink = nullptr;
  SynthesisStats* stats = nullptr;
  Clock::time_point start;
  int expected_rate = 0;
  bool bad_rate = false;
  std::exception_ptr exception;
};

int on_flite_chunk(const cst_wave* wave, int start, int size, int /*last*/,
                   cst_audio_streaming_info* asi) {
  auto* state = static_cast<StreamState*>(asi->userdata);
  if (state->stats->stopped) return CST_AUDIO_STREAM_STOP;
  if (size <= 0) return CST_AUDIO_STREAM_CONT;
  if (wave->sample_rate != state->expected_rate) {
    state->bad_rate = true;
    state->stats->stopped = true;
    return CST_AUDIO_STREAM_STOP;
  }
  const std::span<const std::int16_t> chunk(wave->samples + start, static_cast<std::size_t>(size));
  if (state->stats->samples == 0) state->stats->first_audio_ms = ms_since(state->start);
  state->stats->samples += chunk.size();
  bool keep_going = false;
  try {
    keep_going = (*state->sink)(chunk);
  } catch (...) {
    state->exception = std::current_exception();
  }
  if (!keep_going) state->stats->stopped = true;
  return keep_going ? CST_AUDIO_STREAM_CONT : CST_AUDIO_STREAM_STOP;
}

// Runs flite's synthesis with its error hook pointed here, so a flite error (cst_error(), which
// otherwise calls exit(-1)) comes back as nullptr instead of ending the process; the utterance is
// then leaked. Only flite's C frames lie between the setjmp and a longjmp. The caller holds the
// runtime mutex (cst_errjmp is a global).
cst_utterance* synth_guarded(cst_utterance* utt, cst_voice* voice) {
  std::jmp_buf env;
  std::jmp_buf* const previous = cst_errjmp;
  cst_errjmp = &env;
  cst_utterance* volatile result = nullptr;
  if (setjmp(env) == 0) result = flite_do_synth(utt, voice, utt_synth);
  cst_errjmp = previous;
  return result;
}

// Synthesizes one sentence of sanitized ASCII text, streaming through `state`.
core::Result<void> synthesize_sentence(VoiceEntry& entry, const std::string& sentence,
                                       StreamState& state) {
  cst_audio_streaming_info* asi = new_audio_streaming_info();
  asi->asc = on_flite_chunk;
  asi->userdata = &state;
  cst_utterance* utt = new_utterance();
  utt_set_input_text(utt, sentence.c_str());
  // On the utterance, not the voice: the voice stays unmodified, and the utterance owns (and
  // frees) the streaming info.
  feat_set(utt->features, "streaming_info", audio_streaming_info_val(asi));
  utt = synth_guarded(utt, entry.voice);
  if (utt == nullptr) {
    return core::Error::internal("flite could not synthesize: \"" + sentence.substr(0, 80) + "\"");
  }
  delete_utterance(utt);
  if (state.bad_rate) return core::Error::internal("flite produced an unexpected sample rate");
  return core::ok();
}

// Latin-1 letters U+00C0..U+00FF without their diacritics.
constexpr std::array<std::string_view, 64> kLatin1Letters = {
    "A", "A", "A",  "A",  "A", "A", "AE", "C", "E", "E",       "E",  "E", "I", "I",
    "I", "I", "D",  "N",  "O", "O", "O",  "O", "O", " times ", "O",  "U", "U", "U",
    "U", "Y", "TH", "ss", "a", "a", "a",  "a", "a", "a",       "ae", "c", "e", "e",
    "e", "e", "i",  "i",  "i", "i", "d",  "n", "o", "o",       "o",  "o", "o", " divided by ",
    "o", "u", "u",  "u",  "u", "y", "th", "y"};

// Latin Extended-A, U+0100..U+017F, as one base letter each (IJ and OE are handled apart).
constexpr std::string_view kLatinExtendedA =
    "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiIiJjKkkLlLlLlLlLlNnNnNnnNnOoOoOoOoRrRrRr"
    "SsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";
static_assert(kLatinExtendedA.size() == 0x80);

// What flite should read for code point `cp` (outside ASCII); empty drops it.
std::string_view transliterate(std::uint32_t cp) {
  if (cp >= 0xC0 && cp <= 0xFF) return kLatin1Letters[cp - 0xC0];
  if (cp == 0x132) return "IJ";
  if (cp == 0x133) return "ij";
  if (cp == 0x152) return "OE";
  if (cp == 0x153) return "oe";
  if (cp >= 0x100 && cp <= 0x17F) return kLatinExtendedA.substr(cp - 0x100, 1);
  switch (cp) {
    case 0xA0:
    case 0x2002:
    case 0x2003:
    case 0x2009:
    case 0x200A:
    case 0x202F:
      return " ";
    case 0x2018:
    case 0x2019:
    case 0x201B:
    case 0x2032:
      return "'";
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0xAB:
    case 0xBB:
      return "\"";
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
      return "-";
    case 0x2014:
    case 0x2015:
      return ", ";
    case 0x2026:
      return "...";
    case 0x20AC:
      return " euros ";
    case 0xA3:
      return " pounds ";
    case 0xA5:
      return " yen ";
    case 0xB0:
      return " degrees ";
    case 0xBD:
      return " one half ";
    case 0xBC:
      return " one quarter ";
    default:
      return {};
  }
}

// Decodes the UTF-8 sequence at text[i], advancing i; returns 0xFFFFFFFF for an invalid one
// (skipping one byte).
std::uint32_t next_code_point(std::string_view text, std::size_t& i) {
  char32_t cp = 0;
  const std::size_t length = core::decode_utf8(text, i, cp);
  if (length == 0) {
    ++i;
    return 0xFFFFFFFF;
  }
  i += length;
  return static_cast<std::uint32_t>(cp);
}

bool has_something_to_say(std::string_view text) {
  for (const char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c)) != 0) return true;
  }
  return false;
}

}  // namespace

std::string sanitize_text_for_flite(std::string_view utf8) {
  std::string raw;
  raw.reserve(utf8.size());
  for (std::size_t i = 0; i < utf8.size();) {
    const std::uint32_t cp = next_code_point(utf8, i);
    if (cp < 0x80) {
      const bool printable = cp >= 0x20 && cp != 0x7F;
      raw.push_back(printable ? static_cast<char>(cp) : ' ');
    } else {
      raw.append(transliterate(cp));
    }
  }
  std::string out;
  out.reserve(raw.size());
  for (const char c : raw) {
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out.push_back(c);
  }
  while (!out.empty() && out.back() == ' ')
    out.pop_back();
  return out;
}

std::vector<std::string> split_sentences(std::string_view text, std::size_t max_chars) {
  std::vector<std::string> pieces;
  auto add = [&pieces](std::string_view piece) {
    while (!piece.empty() && piece.front() == ' ')
      piece.remove_prefix(1);
    while (!piece.empty() && piece.back() == ' ')
      piece.remove_suffix(1);
    if (!piece.empty()) pieces.emplace_back(piece);
  };
  std::size_t begin = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool sentence_end = (c == '.' || c == '!' || c == '?' || c == ';') &&
                              (i + 1 == text.size() || text[i + 1] == ' ');
    if (sentence_end) {
      add(text.substr(begin, i + 1 - begin));
      begin = i + 1;
    } else if (i + 1 - begin > max_chars) {
      const std::size_t space = text.rfind(' ', i);
      const std::size_t cut = (space != std::string_view::npos && space > begin) ? space : i;
      add(text.substr(begin, cut - begin));
      begin = cut;
    }
  }
  if (begin < text.size()) add(text.substr(begin));
  return pieces;
}

std::vector<std::string_view> FliteSynthesizer::voices() {
  std::vector<std::string_view> names;
  for (const auto& entry : runtime().voices)
    names.push_back(entry.name);
  return names;
}

core::Result<FliteSynthesizer> FliteSynthesizer::create(std::string_view voice) {
  auto& rt = runtime();
  const std::lock_guard lock(rt.mutex);
  for (std::size_t i = 0; i < rt.voices.size(); ++i) {
    VoiceEntry& entry = rt.voices[i];
    if (entry.name != voice) continue;
    if (!rt.initialized) {
      flite_init();
      rt.initialized = true;
    }
    if (entry.users == 0) entry.voice = entry.register_voice(nullptr);
    if (entry.voice == nullptr) {
      return core::Error::internal("flite could not load voice " + std::string(voice));
    }
    ++entry.users;
    return FliteSynthesizer(static_cast<int>(i));
  }
  return core::Error::invalid("unknown flite voice \"" + std::string(voice) +
                              "\" (known: rms, slt, awb, kal16)");
}

FliteSynthesizer::FliteSynthesizer(FliteSynthesizer&& other) noexcept
    : voice_index_(std::exchange(other.voice_index_, -1)), stats_(other.stats_) {}

FliteSynthesizer& FliteSynthesizer::operator=(FliteSynthesizer&& other) noexcept {
  if (this != &other) {
    release();
    voice_index_ = std::exchange(other.voice_index_, -1);
    stats_ = other.stats_;
  }
  return *this;
}

FliteSynthesizer::~FliteSynthesizer() {
  release();
}

void FliteSynthesizer::release() {
  if (voice_index_ < 0) return;
  auto& rt = runtime();
  const std::lock_guard lock(rt.mutex);
  VoiceEntry& entry = rt.voices[static_cast<std::size_t>(voice_index_)];
  if (--entry.users == 0) {
    entry.unregister_voice(entry.voice);
    entry.voice = nullptr;
  }
  voice_index_ = -1;
}

int FliteSynthesizer::sample_rate() const {
  assert(voice_index_ >= 0);
  return runtime().voices[static_cast<std::size_t>(voice_index_)].sample_rate;
}

std::string_view FliteSynthesizer::voice() const {
  assert(voice_index_ >= 0);
  return runtime().voices[static_cast<std::size_t>(voice_index_)].name;
}

core::Result<void> FliteSynthesizer::synthesize(std::string_view text, const AudioSink& on_audio) {
  assert(voice_index_ >= 0);
  stats_ = {};
  const auto start = Clock::now();
  if (text.size() > kMaxTextBytes) {
    return core::Error{core::ErrorCode::kTooLarge,
                       "text is " + std::to_string(text.size()) + " bytes; flite speaks at most " +
                           std::to_string(kMaxTextBytes) + " per call (split it into sentences)",
                       {}};
  }
  const std::string clean = sanitize_text_for_flite(text);
  StreamState state;
  state.sink = &on_audio;
  state.stats = &stats_;
  state.start = start;
  state.expected_rate = sample_rate();
  core::Result<void> result = core::ok();
  for (const std::string& sentence : split_sentences(clean)) {
    if (!has_something_to_say(sentence)) continue;
    auto& rt = runtime();
    {
      const std::lock_guard lock(rt.mutex);
      result =
          synthesize_sentence(rt.voices[static_cast<std::size_t>(voice_index_)], sentence, state);
    }
    if (!result.ok() || stats_.stopped) break;
  }
  stats_.total_ms = ms_since(start);
  if (state.exception) std::rethrow_exception(state.exception);
  return result;
}

core::Result<std::vector<std::int16_t>> FliteSynthesizer::synthesize_all(std::string_view text) {
  std::vector<std::int16_t> pcm;
  OVOS_TRY(synthesize(text, [&pcm](std::span<const std::int16_t> chunk) {
    pcm.insert(pcm.end(), chunk.begin(), chunk.end());
    return true;
  }));
  return pcm;
}

}  // namespace ovos::providers::local
