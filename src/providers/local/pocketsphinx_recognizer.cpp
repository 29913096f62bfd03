#include "providers/local/pocketsphinx_recognizer.h"

#include <pocketsphinx.h>
#include <sphinxbase/ckd_alloc.h>
#include <sphinxbase/err.h>
#include <sphinxbase/jsgf.h>
#include <unistd.h>

#include <array>
#include <cassert>
#include <cctype>
#include <chrono>
#include <cstdarg>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <set>
#include <utility>

#include "core/logging.h"

namespace ovos::providers::local {
namespace {

// ps_init names its language-model search so (ps_get_search() would leak an iterator).
constexpr const char* kOpenSearch = "_default";
constexpr const char* kGrammarSearch = "ovos_grammar";
constexpr const char* kKeywordSearch = "ovos_keywords";

// The last error pocketsphinx reported on this thread, to explain a failed call.
thread_local std::string
    t_last_error;  // NOLINT(cppcoreguidelines-avoid-non-const-global-variables)

// sphinxbase's process-wide log hook: nothing reaches stderr; errors are kept for the caller.
// (Its -logfn option would instead reopen one global FILE per ps_init, racing between threads.)
void sphinx_log_sink(void* /*user_data*/, err_lvl_t level, const char* format, ...) {
  if (level < ERR_ERROR) return;
  std::array<char, 512> buffer{};
  va_list args;
  va_start(args, format);
  std::vsnprintf(buffer.data(), buffer.size(), format, args);
  va_end(args);
  std::string message(buffer.data());
  while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
    message.pop_back();
  if (!message.empty()) t_last_error = std::move(message);
}

void silence_sphinx_logging() {
  static std::once_flag once;
  std::call_once(once, [] {
    err_set_logfp(nullptr);  // also stops cmd_ln_parse_r's direct dump of the configuration
    err_set_callback(sphinx_log_sink, nullptr);
  });
}

std::string with_last_error(std::string message) {
  if (!t_last_error.empty()) message += ": " + std::exchange(t_last_error, {});
  return message;
}

std::string format_number(double value) {
  std::array<char, 32> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "%g", value);
  return buffer.data();
}

core::Result<void> check_models(const PocketsphinxConfig& config) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(config.acoustic_model, ec) ||
      !fs::exists(fs::path(config.acoustic_model) / "mdef", ec)) {
    return core::Error::not_found(
        "pocketsphinx acoustic model not found (a directory with mdef): " + config.acoustic_model);
  }
  if (!fs::is_regular_file(config.language_model, ec)) {
    return core::Error::not_found("pocketsphinx language model not found: " +
                                  config.language_model);
  }
  if (!fs::is_regular_file(config.dictionary, ec)) {
    return core::Error::not_found("pocketsphinx dictionary not found: " + config.dictionary);
  }
  return core::ok();
}

std::vector<std::string> decoder_arguments(const PocketsphinxConfig& config) {
  std::vector<std::string> args = {"ovos",
                                   "-hmm",
                                   config.acoustic_model,
                                   "-lm",
                                   config.language_model,
                                   "-dict",
                                   config.dictionary,
                                   "-samprate",
                                   std::to_string(config.sample_rate),
                                   "-kws_threshold",
                                   format_number(config.keyword_threshold)};
  const PocketsphinxTuning& t = config.tuning;
  auto add = [&args](const char* name, std::string value) {
    args.emplace_back(name);
    args.push_back(std::move(value));
  };
  if (!t.fwdflat) add("-fwdflat", "no");
  if (!t.bestpath) add("-bestpath", "no");
  if (t.beam) add("-beam", format_number(*t.beam));
  if (t.wbeam) add("-wbeam", format_number(*t.wbeam));
  if (t.maxhmmpf) add("-maxhmmpf", std::to_string(*t.maxhmmpf));
  if (t.pl_window) add("-pl_window", std::to_string(*t.pl_window));
  return args;
}

std::string join(const std::vector<std::string>& words, std::string_view separator) {
  std::string out;
  for (const auto& word : words) {
    if (!out.empty()) out += separator;
    out += word;
  }
  return out;
}

}  // namespace

PocketsphinxTuning PocketsphinxTuning::fast() {
  PocketsphinxTuning t;
  t.fwdflat = false;
  t.bestpath = false;
  t.beam = 1e-40;
  t.wbeam = 1e-30;
  t.maxhmmpf = 3000;
  t.pl_window = 10;
  return t;
}

std::string normalize_hypothesis(std::string_view hypothesis) {
  std::string out;
  std::size_t i = 0;
  while (i < hypothesis.size()) {
    while (i < hypothesis.size() && std::isspace(static_cast<unsigned char>(hypothesis[i])) != 0)
      ++i;
    const std::size_t begin = i;
    while (i < hypothesis.size() && std::isspace(static_cast<unsigned char>(hypothesis[i])) == 0)
      ++i;
    std::string_view token = hypothesis.substr(begin, i - begin);
    if (token.empty() || token.front() == '<' || token.front() == '[' || token.front() == '+') {
      continue;
    }
    if (const std::size_t paren = token.find('('); paren != std::string_view::npos && paren > 0) {
      token = token.substr(0, paren);
    }
    if (!out.empty()) out.push_back(' ');
    for (const char c : token)
      out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

std::vector<std::string> phrase_words(std::string_view phrase) {
  std::vector<std::string> words;
  std::string word;
  auto is_word_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
  for (std::size_t i = 0; i < phrase.size(); ++i) {
    const char c = phrase[i];
    const bool inner_apostrophe =
        c == '\'' && !word.empty() && i + 1 < phrase.size() && is_word_char(phrase[i + 1]);
    if (is_word_char(c) || inner_apostrophe) {
      word.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    } else if (!word.empty()) {
      words.push_back(std::exchange(word, {}));
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

void PocketsphinxRecognizer::DecoderDeleter::operator()(ps_decoder_s* decoder) const {
  ps_free(decoder);
}

core::Result<PocketsphinxRecognizer> PocketsphinxRecognizer::create(PocketsphinxConfig config) {
  if (config.sample_rate != 16000) {
    return core::Error::invalid("pocketsphinx decodes 16000 Hz audio only, not " +
                                std::to_string(config.sample_rate) +
                                " Hz (Debian ships no 8 kHz model): resample to 16 kHz first");
  }
  OVOS_TRY(check_models(config));
  silence_sphinx_logging();
  t_last_error.clear();

  std::vector<std::string> args = decoder_arguments(config);
  std::vector<char*> argv;
  argv.reserve(args.size());
  for (auto& arg : args)
    argv.push_back(arg.data());
  cmd_ln_t* cmd =
      cmd_ln_parse_r(nullptr, ps_args(), static_cast<int32>(argv.size()), argv.data(), TRUE);
  if (cmd == nullptr) {
    return core::Error::invalid(with_last_error("pocketsphinx rejected its configuration"));
  }
  const auto start = std::chrono::steady_clock::now();
  std::unique_ptr<ps_decoder_s, DecoderDeleter> decoder(ps_init(cmd));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  cmd_ln_free_r(cmd);  // the decoder keeps its own reference
  if (!decoder) {
    return core::Error::internal(with_last_error("pocketsphinx could not load its models"));
  }
  if (ps_set_search(decoder.get(), kOpenSearch) < 0) {
    return core::Error::internal("pocketsphinx made no language-model search");
  }
  return PocketsphinxRecognizer(std::move(decoder), std::move(config), seconds);
}

PocketsphinxRecognizer::PocketsphinxRecognizer(
    std::unique_ptr<ps_decoder_s, DecoderDeleter> decoder, PocketsphinxConfig config,
    double init_seconds)
    : decoder_(std::move(decoder)), config_(std::move(config)), init_seconds_(init_seconds) {}

PocketsphinxRecognizer::PocketsphinxRecognizer(PocketsphinxRecognizer&& other) noexcept = default;
PocketsphinxRecognizer& PocketsphinxRecognizer::operator=(PocketsphinxRecognizer&& other) noexcept =
    default;
PocketsphinxRecognizer::~PocketsphinxRecognizer() = default;

bool PocketsphinxRecognizer::knows_word(std::string_view word) const {
  assert(decoder_);
  std::string lower;
  for (const char c : word)
    lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  char* phones = ps_lookup_word(decoder_.get(), lower.c_str());
  if (phones == nullptr) return false;
  ckd_free(phones);
  return true;
}

core::Result<void> PocketsphinxRecognizer::require_idle(std::string_view action) const {
  assert(decoder_);
  if (in_utterance_) {
    return core::Error::conflict("cannot " + std::string(action) +
                                 " during an utterance; call end_utterance() first");
  }
  return core::ok();
}

core::Result<std::vector<std::string>> PocketsphinxRecognizer::set_expected_phrases(
    const std::vector<std::string>& phrases) {
  OVOS_TRY(require_idle("change the expected phrases"));
  std::vector<std::string> kept;
  std::set<std::string> seen;
  for (const auto& phrase : phrases) {
    std::vector<std::string> words;
    for (auto& word : phrase_words(phrase)) {
      if (knows_word(word)) {
        words.push_back(std::move(word));
      } else {
        core::log_warn("pocketsphinx.word_not_in_dictionary", {{"word", word}, {"phrase", phrase}});
      }
    }
    std::string joined = join(words, " ");
    if (!joined.empty() && seen.insert(joined).second) kept.push_back(std::move(joined));
  }
  if (kept.empty()) {
    core::log_warn("pocketsphinx.grammar_empty_using_open_vocabulary");
    OVOS_TRY(clear_expected_phrases());
    return kept;
  }
  const std::string jsgf =
      "#JSGF V1.0;\ngrammar ovos;\npublic <phrase> = " + join(kept, " | ") + ";\n";
  // Leave the grammar search before replacing it: pocketsphinx frees the old one.
  ps_set_search(decoder_.get(), kOpenSearch);
  mode_ = SearchMode::kOpen;
  OVOS_TRY(load_grammar(jsgf));
  mode_ = SearchMode::kGrammar;
  return kept;
}

core::Result<void> PocketsphinxRecognizer::load_grammar(const std::string& jsgf) {
  // What ps_set_jsgf_string() does, minus its leak of the parsed grammar.
  jsgf_t* grammar = jsgf_parse_string(jsgf.c_str(), nullptr);
  if (grammar == nullptr) {
    return core::Error::internal(with_last_error("pocketsphinx could not parse the grammar"));
  }
  bool loaded = false;
  if (jsgf_rule_t* rule = jsgf_get_public_rule(grammar); rule != nullptr) {
    const auto lw = static_cast<float>(cmd_ln_float_r(ps_get_config(decoder_.get()), "-lw"));
    fsg_model_t* fsg = jsgf_build_fsg(grammar, rule, ps_get_logmath(decoder_.get()), lw);
    if (fsg != nullptr) {
      loaded = ps_set_fsg(decoder_.get(), kGrammarSearch, fsg) >= 0 &&
               ps_set_search(decoder_.get(), kGrammarSearch) >= 0;
      fsg_model_free(fsg);  // the search keeps its own reference
    }
  }
  jsgf_grammar_free(grammar);
  if (!loaded) return core::Error::internal(with_last_error("pocketsphinx rejected the grammar"));
  return core::ok();
}

core::Result<void> PocketsphinxRecognizer::clear_expected_phrases() {
  OVOS_TRY(require_idle("change the search mode"));
  if (ps_set_search(decoder_.get(), kOpenSearch) < 0) {
    return core::Error::internal(with_last_error("pocketsphinx lost its language model search"));
  }
  mode_ = SearchMode::kOpen;
  return core::ok();
}

core::Result<std::vector<std::string>> PocketsphinxRecognizer::set_keywords(
    const std::vector<Keyword>& keywords) {
  OVOS_TRY(require_idle("change the keywords"));
  std::vector<std::string> kept;
  std::string keyfile;
  for (const auto& keyword : keywords) {
    const std::vector<std::string> words = phrase_words(keyword.phrase);
    bool known = !words.empty();
    for (const auto& word : words) {
      if (!knows_word(word)) {
        core::log_warn("pocketsphinx.word_not_in_dictionary",
                       {{"word", word}, {"keyword", keyword.phrase}});
        known = false;
      }
    }
    if (!known) continue;
    const double threshold = keyword.threshold.value_or(config_.keyword_threshold);
    if (!(threshold > 0 && threshold <= 1)) {
      return core::Error::invalid("keyword threshold must be in (0, 1]: " + keyword.phrase);
    }
    kept.push_back(join(words, " "));
    keyfile += kept.back() + " /" + format_number(threshold) + "/\n";
  }
  if (kept.empty()) {
    return core::Error::invalid("no keyword left to spot (all empty or not in the dictionary)");
  }
  // pocketsphinx reads several keyphrases only from a file.
  std::string path = (std::filesystem::temp_directory_path() / "ovos-kws-XXXXXX").string();
  const int fd = mkstemp(path.data());
  if (fd < 0) return core::Error::internal("cannot create a temporary keyword file");
  const auto written = ::write(fd, keyfile.data(), keyfile.size());
  ::close(fd);
  ps_set_search(decoder_.get(), kOpenSearch);
  mode_ = SearchMode::kOpen;
  const bool loaded = written == static_cast<ssize_t>(keyfile.size()) &&
                      ps_set_kws(decoder_.get(), kKeywordSearch, path.c_str()) >= 0 &&
                      ps_set_search(decoder_.get(), kKeywordSearch) >= 0;
  std::filesystem::remove(path);
  if (!loaded) return core::Error::internal(with_last_error("pocketsphinx rejected the keywords"));
  mode_ = SearchMode::kKeyword;
  return kept;
}

core::Result<void> PocketsphinxRecognizer::start_utterance() {
  OVOS_TRY(require_idle("start an utterance"));
  if (const feat_t* feat = ps_get_feat(decoder_.get()); feat && feat->cmn_struct) {
    cmn_at_start_.resize(static_cast<std::size_t>(feat->cmn_struct->veclen));
    cmn_live_get(feat->cmn_struct, cmn_at_start_.data());
  }
  if (ps_start_utt(decoder_.get()) < 0) {
    return core::Error::internal(with_last_error("pocketsphinx could not start an utterance"));
  }
  in_utterance_ = true;
  last_keywords_.clear();
  return core::ok();
}

core::Result<void> PocketsphinxRecognizer::process(std::span<const std::int16_t> pcm) {
  assert(decoder_);
  if (!in_utterance_) {
    return core::Error::conflict("process() outside an utterance; call start_utterance() first");
  }
  if (pcm.empty()) return core::ok();
  if (ps_process_raw(decoder_.get(), pcm.data(), pcm.size(), FALSE, FALSE) < 0) {
    return core::Error::internal(with_last_error("pocketsphinx could not decode the audio"));
  }
  return core::ok();
}

std::string PocketsphinxRecognizer::current_hypothesis() {
  const char* hyp = ps_get_hyp(decoder_.get(), nullptr);
  return hyp != nullptr ? normalize_hypothesis(hyp) : std::string();
}

std::vector<std::string> PocketsphinxRecognizer::keywords_heard() {
  std::vector<std::string> heard;
  for (ps_seg_t* seg = ps_seg_iter(decoder_.get()); seg != nullptr; seg = ps_seg_next(seg)) {
    const char* word = ps_seg_word(seg);
    std::string phrase = word != nullptr ? normalize_hypothesis(word) : std::string();
    if (!phrase.empty()) heard.push_back(std::move(phrase));
  }
  return heard;
}

std::optional<std::string> PocketsphinxRecognizer::partial() {
  assert(decoder_);
  if (!in_utterance_) return std::nullopt;
  std::string hyp = current_hypothesis();
  if (hyp.empty()) return std::nullopt;
  return hyp;
}

core::Result<std::string> PocketsphinxRecognizer::end_utterance() {
  assert(decoder_);
  if (!in_utterance_) return core::Error::conflict("end_utterance() without start_utterance()");
  in_utterance_ = false;
  if (ps_end_utt(decoder_.get()) < 0) {
    return core::Error::internal(with_last_error("pocketsphinx could not end the utterance"));
  }
  if (mode_ == SearchMode::kKeyword) {
    last_keywords_ = keywords_heard();
    return join(last_keywords_, " ");
  }
  std::string text = current_hypothesis();
  if (text.empty()) restore_channel_estimate();
  return text;
}

void PocketsphinxRecognizer::restore_channel_estimate() {
  // The live cepstral mean carries over between utterances; noise that gave no words would
  // otherwise skew it and cost the next utterance (3 s of white noise: 6% -> 20% word error).
  const feat_t* feat = ps_get_feat(decoder_.get());
  if (feat == nullptr || feat->cmn_struct == nullptr ||
      cmn_at_start_.size() != static_cast<std::size_t>(feat->cmn_struct->veclen)) {
    return;
  }
  cmn_live_set(feat->cmn_struct, cmn_at_start_.data());
}

std::vector<float> PocketsphinxRecognizer::channel_estimate() const {
  assert(decoder_);
  const feat_t* feat = ps_get_feat(decoder_.get());
  if (feat == nullptr || feat->cmn_struct == nullptr) return {};
  std::vector<float> estimate(static_cast<std::size_t>(feat->cmn_struct->veclen));
  cmn_live_get(feat->cmn_struct, estimate.data());
  return estimate;
}

core::Result<void> PocketsphinxRecognizer::set_channel_estimate(std::span<const float> estimate) {
  OVOS_TRY(require_idle("set the channel estimate"));
  const feat_t* feat = ps_get_feat(decoder_.get());
  if (feat == nullptr || feat->cmn_struct == nullptr ||
      estimate.size() != static_cast<std::size_t>(feat->cmn_struct->veclen)) {
    return core::Error::invalid("channel estimate of " + std::to_string(estimate.size()) +
                                " values does not fit this decoder");
  }
  cmn_live_set(feat->cmn_struct, estimate.data());
  return core::ok();
}

UtteranceTiming PocketsphinxRecognizer::last_utterance_timing() const {
  assert(decoder_);
  UtteranceTiming timing;
  ps_get_utt_time(decoder_.get(), &timing.audio_seconds, &timing.cpu_seconds, &timing.wall_seconds);
  return timing;
}

}  // namespace ovos::providers::local
