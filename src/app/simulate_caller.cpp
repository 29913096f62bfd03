#include "app/simulate_caller.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>

#include "app/simulate_files.h"
#include "audio/resampler.h"
#include "audio/wav.h"
#include "providers/local/flite_synthesizer.h"

namespace ovos::app {
namespace {

constexpr int kScriptRate = 16000;
constexpr double kMaxScriptSeconds = 3600;
constexpr std::string_view kLineFormat = "expected `at <seconds>: <words>`";

std::string_view trim(std::string_view s) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
  while (!s.empty() && space(s.front()))
    s.remove_prefix(1);
  while (!s.empty() && space(s.back()))
    s.remove_suffix(1);
  return s;
}

core::Error bad_line(int number, std::string_view problem) {
  return core::Error::invalid("line " + std::to_string(number) + ": " + std::string(problem));
}

/// One non-blank, non-comment line: `at <seconds>: <words>`.
core::Result<ScriptLine> parse_line(int number, std::string_view line) {
  if (!line.starts_with("at") || line.size() < 3 || (line[2] != ' ' && line[2] != '\t')) {
    return bad_line(number, kLineFormat);
  }
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) return bad_line(number, kLineFormat);
  const std::string_view seconds = trim(line.substr(3, colon - 3));
  ScriptLine out;
  out.line = number;
  const auto [end, ec] = std::from_chars(seconds.data(), seconds.data() + seconds.size(),
                                         out.at_seconds, std::chars_format::fixed);
  if (seconds.empty() || ec != std::errc{} || end != seconds.data() + seconds.size()) {
    return bad_line(number, "`" + std::string(seconds) + "` is not a number of seconds");
  }
  if (!std::isfinite(out.at_seconds) || out.at_seconds < 0 || out.at_seconds > kMaxScriptSeconds) {
    return bad_line(number, "the time must be between 0 and 3600 seconds");
  }
  out.text = std::string(trim(line.substr(colon + 1)));
  if (out.text.empty()) return bad_line(number, "nothing to say after the colon");
  return out;
}

std::string seconds_text(double seconds) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f s", seconds);
  return buf;
}

core::Result<CallerAudio> load_wav(const std::filesystem::path& path) {
  auto wav = audio::read_wav_file(path, std::uint64_t{512} << 20);
  if (!wav.ok()) {
    core::Error error = std::move(wav).error();
    if (error.code != core::ErrorCode::kTooLarge) error.code = core::ErrorCode::kInvalidArgument;
    error.message = path.string() + ": " + error.message;
    return error;
  }
  if (!audio::Resampler::is_supported_rate(wav->sample_rate)) {
    return core::Error{core::ErrorCode::kUnsupportedMediaType,
                       path.string() + ": " + std::to_string(wav->sample_rate) +
                           " Hz is not supported (8000, 16000, 22050, 24000, 44100 or 48000)",
                       {}};
  }
  if (wav->frames() == 0) return core::Error::invalid(path.string() + ": the WAV has no audio");
  CallerAudio caller;
  caller.sample_rate = wav->sample_rate;
  if (wav->channels == 2) {
    caller.samples.reserve(wav->frames());
    for (std::size_t i = 0; i < wav->frames(); ++i)
      caller.samples.push_back(wav->samples[2 * i]);  // the left channel
  } else {
    caller.samples = std::move(wav->samples);
  }
  return caller;
}

bool looks_like_wav(const std::filesystem::path& path) {
  std::string extension = path.extension().string();
  for (char& c : extension)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (extension == ".wav") return true;
  char magic[4] = {};
  std::ifstream in(path, std::ios::binary);
  return in.read(magic, sizeof magic) && std::string_view(magic, 4) == "RIFF";
}

}  // namespace

core::Result<std::vector<ScriptLine>> parse_caller_script(std::string_view text) {
  std::vector<ScriptLine> lines;
  int number = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = trim(text.substr(start, end - start));
    start = end + 1;
    ++number;
    if (line.empty() || line.front() == '#') continue;
    OVOS_ASSIGN_OR_RETURN(ScriptLine parsed, parse_line(number, line));
    if (!lines.empty() && parsed.at_seconds <= lines.back().at_seconds) {
      return bad_line(number, "its time must be later than the previous line's (" +
                                  seconds_text(lines.back().at_seconds) + ")");
    }
    lines.push_back(std::move(parsed));
  }
  if (lines.empty()) return core::Error::invalid("the script has no `at <seconds>: <words>` line");
  return lines;
}

core::Result<CallerAudio> synthesize_script(const std::vector<ScriptLine>& lines) {
  OVOS_ASSIGN_OR_RETURN(auto flite, providers::local::FliteSynthesizer::create("rms"));
  CallerAudio caller;
  caller.sample_rate = kScriptRate;
  for (const ScriptLine& line : lines) {
    OVOS_ASSIGN_OR_RETURN(const std::vector<std::int16_t> speech, flite.synthesize_all(line.text));
    auto at = static_cast<std::size_t>(std::llround(line.at_seconds * kScriptRate));
    if (at < caller.samples.size()) {
      caller.warnings.push_back(
          "line " + std::to_string(line.line) + ": the previous utterance runs until " +
          seconds_text(static_cast<double>(caller.samples.size()) / kScriptRate) +
          "; this one starts then instead of at " + seconds_text(line.at_seconds));
      at = caller.samples.size();
    }
    caller.samples.resize(at, 0);
    caller.samples.insert(caller.samples.end(), speech.begin(), speech.end());
  }
  return caller;
}

core::Result<CallerAudio> load_caller(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return core::Error::not_found(path.string() + ": no such file");
  }
  if (looks_like_wav(path)) return load_wav(path);
  OVOS_ASSIGN_OR_RETURN(const std::string text, read_text_file(path));
  auto lines = parse_caller_script(text);
  if (!lines.ok()) {
    core::Error error = std::move(lines).error();
    error.message = path.string() + ": " + error.message;
    return error;
  }
  return synthesize_script(*lines);
}

}  // namespace ovos::app
