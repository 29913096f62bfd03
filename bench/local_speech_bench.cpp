// Local speech benchmark: flite text-to-speech latency per voice, and pocketsphinx speech-to-text
// CPU cost and accuracy on agent replies spoken by flite and on real human speech (the Asterisk
// prompts, 8 kHz). Prints Markdown tables; docs/benchmarks.md records the results.
//   cmake --preset bench && cmake --build --preset bench --target local_speech_bench
//   build/bench/bench/local_speech_bench
#include <time.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <optional>
#include <span>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "audio/pcm.h"
#include "audio/resampler.h"
#include "audio/wav.h"
#include "core/result.h"
#include "core/word_errors.h"
#include "providers/local/flite_synthesizer.h"
#include "providers/local/pocketsphinx_recognizer.h"

namespace ovos::bench {
namespace {

using providers::local::FliteSynthesizer;
using providers::local::phrase_words;
using providers::local::PocketsphinxConfig;
using providers::local::PocketsphinxRecognizer;
using providers::local::PocketsphinxTuning;

constexpr int kDecoderRate = 16000;
constexpr std::size_t kChunk = audio::samples_for_ms(kDecoderRate, 20);  // what the engine feeds
constexpr int kTtsRounds = 3;  // each sentence is timed this often per voice
constexpr std::size_t kPromptCount = 30;
constexpr std::size_t kMinPromptWords = 4;
constexpr std::size_t kMaxPromptWords = 20;
constexpr std::string_view kSoundsDir = "/usr/share/asterisk/sounds/en_US_f_Allison";
constexpr std::string_view kTranscripts =
    "/usr/share/doc/asterisk-core-sounds-en/core-sounds-en.txt.gz";

// Typical agent replies: no digits or abbreviations, so the reference text is what is spoken.
const std::vector<std::string>& agent_replies() {
  static const std::vector<std::string> replies = {
      "Hello, thanks for calling. How can I help you today?",
      "Sure, I can help you with that.",
      "Could you please tell me your full name?",
      "Let me check that for you, it will only take a moment.",
      "I have found your booking for next Tuesday afternoon.",
      "Would you like me to send a confirmation by email?",
      "Your appointment has been moved to Friday morning.",
      "I am sorry, I did not catch that. Could you say it again?",
      "The store opens at nine in the morning and closes at six.",
      "Is there anything else I can help you with?",
      "I will transfer you to a member of our billing team.",
      "Your order was shipped yesterday and should arrive on Monday.",
      "Please hold while I look up your account.",
      "Can you confirm the address where you would like the delivery?",
      "We have a table available for four people at seven thirty.",
      "The payment went through and you will receive a receipt shortly.",
      "Unfortunately that item is out of stock right now.",
      "I can book a technician to visit you on Thursday.",
      "Thank you for your patience, I really appreciate it.",
      "Have a great day, and goodbye.",
  };
  return replies;
}

// A failed engine call ends the benchmark; main reports it.
template <typename T>
T take(core::Result<T> result, std::string_view what) {
  if (!result.ok()) throw std::runtime_error(std::string(what) + ": " + result.error().message);
  return std::move(result).value();
}

void check(const core::Result<void>& result, std::string_view what) {
  if (!result.ok()) throw std::runtime_error(std::string(what) + ": " + result.error().message);
}

double thread_cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

// Nearest-rank percentile (p in 0..100); 0 for an empty sample.
double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto rank =
      static_cast<std::size_t>(std::ceil(p / 100 * static_cast<double>(values.size())));
  return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

std::string fixed(double value, int digits) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(digits) << value;
  return out.str();
}

// Prints a Markdown table with padded columns (readable in a terminal, valid Markdown).
void print_table(const std::vector<std::string>& header,
                 const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> widths(header.size());
  for (std::size_t c = 0; c < header.size(); ++c) {
    widths[c] = std::max<std::size_t>(header[c].size(), 3);
    for (const auto& row : rows)
      widths[c] = std::max(widths[c], row[c].size());
  }
  auto print_row = [&widths](const std::vector<std::string>& cells) {
    for (std::size_t c = 0; c < cells.size(); ++c) {
      std::cout << "| " << std::left << std::setw(static_cast<int>(widths[c])) << cells[c] << ' ';
    }
    std::cout << "|\n";
  };
  print_row(header);
  std::vector<std::string> rule;
  rule.reserve(widths.size());
  for (const std::size_t width : widths)
    rule.emplace_back(width, '-');
  print_row(rule);
  for (const auto& row : rows)
    print_row(row);
  std::cout << '\n';
}

// ---- Text-to-speech ------------------------------------------------------------------------

struct TtsResult {
  std::string voice;
  std::vector<double> first_audio_ms;  // per sentence
  std::vector<double> total_ms;        // per sentence
  double audio_s = 0;                  // audio produced
};

TtsResult bench_voice(std::string_view voice, const std::vector<std::string>& texts) {
  auto synthesizer = take(FliteSynthesizer::create(voice), "flite voice " + std::string(voice));
  auto discard = [](std::span<const std::int16_t> /*pcm*/) { return true; };
  check(synthesizer.synthesize(texts.front(), discard), "flite warm-up");
  TtsResult result{std::string(voice), {}, {}, 0};
  for (int round = 0; round < kTtsRounds; ++round) {
    for (const auto& text : texts) {
      check(synthesizer.synthesize(text, discard), "flite synthesize");
      const auto& stats = synthesizer.last_stats();
      result.first_audio_ms.push_back(stats.first_audio_ms);
      result.total_ms.push_back(stats.total_ms);
      result.audio_s +=
          static_cast<double>(stats.samples) / static_cast<double>(synthesizer.sample_rate());
    }
  }
  return result;
}

void run_tts(const std::vector<std::string>& texts) {
  std::cout << "## Local TTS (flite): " << texts.size() << " agent replies x " << kTtsRounds
            << " rounds per voice, after one warm-up sentence\n\n";
  std::vector<std::vector<std::string>> rows;
  for (const std::string_view voice : FliteSynthesizer::voices()) {
    const TtsResult r = bench_voice(voice, texts);
    double synth_s = 0;
    for (const double ms : r.total_ms)
      synth_s += ms / 1000;
    rows.push_back({r.voice, fixed(percentile(r.first_audio_ms, 50), 1),
                    fixed(percentile(r.first_audio_ms, 95), 1),
                    fixed(percentile(r.total_ms, 50), 1),
                    fixed(r.audio_s / static_cast<double>(r.total_ms.size()), 2),
                    fixed(synth_s / r.audio_s, 4)});
  }
  print_table({"Voice", "First audio p50 ms", "First audio p95 ms", "Whole reply p50 ms",
               "Audio per reply s", "RTF (wall)"},
              rows);
}

// ---- Labelled speech -----------------------------------------------------------------------

/// One utterance with its transcript, as 16 kHz mono PCM.
struct Utterance {
  std::string name;
  std::string reference;
  std::vector<audio::Sample> pcm;
};

std::vector<Utterance> synthesize_replies(const std::vector<std::string>& texts) {
  auto synthesizer = take(FliteSynthesizer::create("rms"), "flite voice rms");
  if (synthesizer.sample_rate() != kDecoderRate)
    throw std::runtime_error("flite rms is not 16 kHz");
  std::vector<Utterance> set;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    set.push_back({"reply-" + std::to_string(i + 1), texts[i],
                   take(synthesizer.synthesize_all(texts[i]), "flite synthesize")});
  }
  return set;
}

// The decompressed text of a .gz file (through gzip, which every Debian system has).
core::Result<std::string> read_gzip_file(const std::filesystem::path& path) {
  const std::string command = "gzip -dc '" + path.string() + "' 2>/dev/null";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return core::Error::unavailable("cannot run gzip");
  std::string text;
  std::array<char, 4096> buffer{};
  std::size_t got = 0;
  while ((got = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    text.append(buffer.data(), got);
  if (pclose(pipe) != 0) return core::Error::unavailable("gzip -dc " + path.string() + " failed");
  return text;
}

// Plain text a speaker reads as written: letters and light punctuation only (no digits, '*', '#'
// or "[tone]" notes), kMinPromptWords..kMaxPromptWords words, no spelled single letters.
bool is_plain_prompt(std::string_view text) {
  for (const char c : text) {
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!letter && std::string_view(" ,.?!'-").find(c) == std::string_view::npos) return false;
  }
  const auto words = phrase_words(text);
  if (words.size() < kMinPromptWords || words.size() > kMaxPromptWords) return false;
  return std::none_of(words.begin(), words.end(), [](const std::string& word) {
    return word.size() == 1 && word != "a" && word != "i";
  });
}

// "name: text" lines of the transcript file, sorted by name, that qualify and have a WAV file.
std::vector<std::pair<std::string, std::string>> choose_prompts(std::string_view transcripts) {
  std::vector<std::pair<std::string, std::string>> all;
  std::istringstream lines{std::string(transcripts)};
  for (std::string line; std::getline(lines, line);) {
    const auto colon = line.find(':');
    if (line.empty() || line.front() == ';' || colon == std::string::npos) continue;
    std::string text = line.substr(colon + 1);
    text.erase(0, std::min(text.find_first_not_of(' '), text.size()));
    all.emplace_back(line.substr(0, colon), std::move(text));
  }
  std::sort(all.begin(), all.end());
  std::vector<std::pair<std::string, std::string>> chosen;
  for (auto& [name, text] : all) {
    if (chosen.size() == kPromptCount) break;
    const auto wav = std::filesystem::path(kSoundsDir) / (name + ".wav");
    if (is_plain_prompt(text) && std::filesystem::is_regular_file(wav)) {
      chosen.emplace_back(std::move(name), std::move(text));
    }
  }
  return chosen;
}

// A prompt's WAV as 16 kHz mono, resampled with the streaming resampler of the call path.
core::Result<std::vector<audio::Sample>> load_prompt(const std::string& name) {
  auto wav = audio::read_wav_file(std::filesystem::path(kSoundsDir) / (name + ".wav"));
  if (!wav.ok()) return std::move(wav).error();
  auto resampler = audio::Resampler::create(wav->sample_rate, kDecoderRate);
  if (!resampler.ok()) return std::move(resampler).error();
  std::vector<audio::Sample> pcm = resampler->process(wav->mono());
  const std::vector<audio::Sample> tail = resampler->flush();
  pcm.insert(pcm.end(), tail.begin(), tail.end());
  return pcm;
}

// The Asterisk prompt set, or nullopt (with the reason printed) when it is not installed.
std::optional<std::vector<Utterance>> load_asterisk_prompts() {
  const auto skip = [](const std::string& why) {
    std::cout << "Skipping the human-speech sets (b) and (c): " << why
              << ". Install them with: apt-get install --no-install-recommends "
                 "asterisk-core-sounds-en-wav asterisk-core-sounds-en\n\n";
    return std::nullopt;
  };
  if (!std::filesystem::is_regular_file(kTranscripts)) {
    return skip("no transcript file " + std::string(kTranscripts));
  }
  if (!std::filesystem::is_directory(kSoundsDir)) {
    return skip("no prompt directory " + std::string(kSoundsDir));
  }
  auto transcripts = read_gzip_file(kTranscripts);
  if (!transcripts.ok()) return skip(transcripts.error().message);
  const auto chosen = choose_prompts(*transcripts);
  if (chosen.size() < kPromptCount) {
    return skip("only " + std::to_string(chosen.size()) + " prompts with a WAV file qualify");
  }
  std::vector<Utterance> set;
  for (const auto& [name, text] : chosen) {
    auto pcm = load_prompt(name);
    if (!pcm.ok()) return skip(name + ".wav: " + pcm.error().message);
    set.push_back({name, text, std::move(pcm).value()});
  }
  return set;
}

// ---- Speech-to-text ------------------------------------------------------------------------

using core::word_errors;

struct Decoded {
  std::string text;
  double cpu_s = 0;
  std::optional<double> first_partial_s;  // audio time when partial() first had words
};

// Feeds the utterance in 20 ms chunks and asks for a partial after each, as the engine does.
Decoded decode(PocketsphinxRecognizer& recognizer, std::span<const audio::Sample> pcm) {
  Decoded out;
  const double cpu_start = thread_cpu_seconds();
  check(recognizer.start_utterance(), "pocketsphinx start_utterance");
  for (std::size_t at = 0; at < pcm.size(); at += kChunk) {
    const auto chunk = pcm.subspan(at, std::min(kChunk, pcm.size() - at));
    check(recognizer.process(chunk), "pocketsphinx process");
    if (recognizer.partial() && !out.first_partial_s) {
      out.first_partial_s = static_cast<double>(at + chunk.size()) / kDecoderRate;
    }
  }
  out.text = take(recognizer.end_utterance(), "pocketsphinx end_utterance");
  out.cpu_s = thread_cpu_seconds() - cpu_start;
  return out;
}

struct SttCase {
  std::string set_name;
  std::string tuning_name;
  PocketsphinxTuning tuning;
  bool grammar = false;  // expected phrases = the set's transcripts
};

struct SttResult {
  std::size_t utterances = 0;
  std::size_t words = 0;
  std::size_t errors = 0;
  std::size_t exact = 0;  // hypothesis word-for-word equal to the reference
  double cpu_s = 0;
  double audio_s = 0;
  double load_s = 0;
  std::vector<double> first_partial_s;
};

// One row: a fresh decoder (so no channel estimate carries over between rows) over the whole set.
SttResult run_stt_case(const SttCase& c, const std::vector<Utterance>& set) {
  PocketsphinxConfig config;
  config.tuning = c.tuning;
  auto recognizer = take(PocketsphinxRecognizer::create(config), "pocketsphinx create");
  SttResult result;
  result.load_s = recognizer.init_seconds();
  if (c.grammar) {
    std::vector<std::string> phrases;
    phrases.reserve(set.size());
    for (const auto& u : set)
      phrases.push_back(u.reference);
    const auto in_grammar = take(recognizer.set_expected_phrases(phrases), "set_expected_phrases");
    if (in_grammar.size() != phrases.size()) {
      std::cout << "note: " << in_grammar.size() << " of " << phrases.size()
                << " phrases made it into the grammar\n";
    }
  }
  for (const auto& u : set) {
    const Decoded d = decode(recognizer, u.pcm);
    const auto ref = phrase_words(u.reference);
    const auto hyp = phrase_words(d.text);
    result.utterances += 1;
    result.words += ref.size();
    result.errors += word_errors(ref, hyp);
    result.exact += hyp == ref ? 1 : 0;
    result.cpu_s += d.cpu_s;
    result.audio_s += static_cast<double>(u.pcm.size()) / kDecoderRate;
    if (d.first_partial_s) result.first_partial_s.push_back(*d.first_partial_s);
  }
  return result;
}

std::vector<std::string> stt_row(const SttCase& c, const SttResult& r) {
  const double wer =
      r.words == 0 ? 0 : 100.0 * static_cast<double>(r.errors) / static_cast<double>(r.words);
  return {c.set_name,
          c.tuning_name,
          c.grammar ? "grammar" : "open",
          std::to_string(r.utterances) + " / " + std::to_string(r.words),
          fixed(wer, 1) + " % (" + std::to_string(r.errors) + ")",
          std::to_string(r.exact) + "/" + std::to_string(r.utterances),
          fixed(r.cpu_s / r.audio_s, 3),
          fixed(percentile(r.first_partial_s, 50), 2),
          fixed(r.load_s, 2)};
}

void run_stt(const std::vector<Utterance>& replies,
             const std::optional<std::vector<Utterance>>& prompts) {
  const std::vector<std::pair<std::string, PocketsphinxTuning>> tunings = {
      {"default", PocketsphinxTuning{}}, {"fast", PocketsphinxTuning::fast()}};
  const std::string replies_name = "(a) flite rms 16 kHz";
  const std::string prompts_name = "(b) human 8->16 kHz";
  std::vector<std::vector<std::string>> rows;
  for (const auto& [tuning_name, tuning] : tunings) {
    const SttCase c{replies_name, tuning_name, tuning, false};
    rows.push_back(stt_row(c, run_stt_case(c, replies)));
  }
  if (prompts) {
    for (const bool grammar : {false, true}) {
      for (const auto& [tuning_name, tuning] : tunings) {
        const SttCase c{grammar ? "(c) = (b), grammar" : prompts_name, tuning_name, tuning,
                        grammar};
        rows.push_back(stt_row(c, run_stt_case(c, *prompts)));
      }
    }
  }
  std::cout << "## Local STT (pocketsphinx): 20 ms chunks, partial() after each\n\n";
  print_table({"Audio", "Tuning", "Mode", "Utts / words", "WER (errors)", "Exact", "RTF (CPU)",
               "First partial p50 s", "Load s"},
              rows);
}

int run() {
  try {
    const auto& texts = agent_replies();
    run_tts(texts);
    const auto replies = synthesize_replies(texts);
    const auto prompts = load_asterisk_prompts();
    if (prompts) {
      std::cout << "Human-speech set: the first " << prompts->size()
                << " qualifying Asterisk prompts by name, " << prompts->front().name << " .. "
                << prompts->back().name << "\n\n";
    }
    run_stt(replies, prompts);
  } catch (const std::exception& e) {
    std::cerr << "local_speech_bench: " << e.what() << '\n';
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace ovos::bench

int main() {
  return ovos::bench::run();
}
