#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace ovos::app {

/// One line of a caller script: words the simulated caller says, from `at_seconds` after the
/// call started.
struct ScriptLine {
  int line = 0;  // in the file, from 1
  double at_seconds = 0;
  std::string text;
};

/// Parses a caller script. Each line is `at <seconds>: <words>`, e.g. `at 4.5: what are your
/// opening hours`, seconds counted from the start of the call and increasing from line to line;
/// blank lines and lines starting with `#` are ignored. A bad line is kInvalidArgument naming its
/// number ("line 3: ..."); a script without lines is one too.
[[nodiscard]] core::Result<std::vector<ScriptLine>> parse_caller_script(std::string_view text);

/// The simulated caller's side of the line: mono PCM16 at `sample_rate`, from the start of the
/// call. Plain data.
struct CallerAudio {
  int sample_rate = 16000;
  std::vector<std::int16_t> samples;
  std::vector<std::string> warnings;  // e.g. an utterance moved because the previous one ran on
  [[nodiscard]] std::int64_t duration_ms() const {
    return static_cast<std::int64_t>(samples.size()) * 1000 / sample_rate;
  }
};

/// Speaks each line with flite's rms voice (the one pocketsphinx recognises best) at 16 kHz,
/// placed at its time in silence. An utterance that would start before the previous one has
/// finished starts right after it instead (with a warning).
[[nodiscard]] core::Result<CallerAudio> synthesize_script(const std::vector<ScriptLine>& lines);

/// Loads `--caller`: a WAV file (it starts with "RIFF", or its name ends in .wav) at any rate the
/// resampler takes (8000, 16000, 22050, 24000, 44100, 48000 Hz), mono, or stereo of which the
/// left channel is the caller (as in a recording made with --out); anything else is a script
/// (parse_caller_script, synthesize_script). Bad input is kNotFound, kInvalidArgument or
/// kUnsupportedMediaType with the path in the message.
[[nodiscard]] core::Result<CallerAudio> load_caller(const std::filesystem::path& path);

}  // namespace ovos::app
