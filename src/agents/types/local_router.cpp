#include "agents/types/local_router.h"

#include <algorithm>

namespace ovos::agents {

namespace {

using route_text::Word;

// Words that describe a condition without saying what the caller says.
constexpr std::string_view kDescriptionWords[] = {
    "caller",  "callers",  "user", "customer", "client",   "ask",     "asks",     "asked",
    "say",     "says",     "said", "mention",  "mentions", "wants",   "wanted",   "intent",
    "request", "requests", "they", "their",    "them",     "he",      "she",      "his",
    "her",     "has",      "had",  "want",     "should",   "express", "expresses"};

bool description_word(std::string_view w) {
  return std::find(std::begin(kDescriptionWords), std::end(kDescriptionWords), w) !=
         std::end(kDescriptionWords);
}

/// The content words of an example or an utterance; all of its words when every one is a
/// stopword ("okay", "hello").
std::vector<Word> meaningful_words(std::string_view text) {
  std::vector<Word> content = route_text::content_words(text);
  return content.empty() ? route_text::words(text) : content;
}

/// Σ over `of` of the best match in `in`, divided by |of|.
double covered(const std::vector<Word>& of, const std::vector<Word>& in) {
  if (of.empty()) return 0;
  double sum = 0;
  for (const Word& a : of) {
    double best = 0;
    for (const Word& b : in)
      best = std::max(best, route_text::word_match(a, b));
    sum += best;
  }
  return sum / static_cast<double>(of.size());
}

std::string without_spaces(const std::vector<Word>& words) {
  std::string out;
  for (const Word& w : words)
    out += w.text;
  return out;
}

double fuzzy(const std::vector<Word>& heard, const std::vector<Word>& example) {
  const std::string a = without_spaces(heard);
  const std::string b = without_spaces(example);
  const double similarity = std::max(
      route_text::trigram_similarity(route_text::joined(heard), route_text::joined(example)),
      route_text::edit_similarity(a, b));
  const double length_trust = std::min(1.0, static_cast<double>(std::min(a.size(), b.size())) / 8);
  return 0.9 * similarity * length_trust;
}

}  // namespace

LocalRouter::Text LocalRouter::text_of(std::string_view text) {
  Text out{meaningful_words(text), {}};
  out.candidates = out.meaningful;
  // A recogniser may split a word into small ones ("good by", "a point meant"): two or three
  // neighbours joined are candidates too.
  const std::vector<Word> all = route_text::words(text);
  for (std::size_t n = 2; n <= 3; ++n) {
    for (std::size_t i = 0; i + n <= all.size(); ++i) {
      std::string joined;
      for (std::size_t j = i; j < i + n; ++j)
        joined += all[j].text;
      out.candidates.push_back({joined, route_text::stem(joined)});
    }
  }
  return out;
}

LocalRouter::LocalRouter(std::vector<LocalIntent> intents, double threshold)
    : threshold_(threshold) {
  intents_.reserve(intents.size());
  for (const LocalIntent& intent : intents) {
    Prepared p;
    for (const std::string& example : intent.examples) {
      Text text = text_of(example);
      if (!text.meaningful.empty()) p.examples.push_back(std::move(text));
    }
    p.description = route_text::content_words(intent.description);
    std::erase_if(p.description, [](const Word& w) { return description_word(w.text); });
    intents_.push_back(std::move(p));
  }
}

double LocalRouter::score(const Prepared& intent, const Text& heard) const {
  if (heard.meaningful.empty()) return 0;
  double best = 0;
  for (const Text& example : intent.examples) {
    const double overlap = 0.75 * covered(example.meaningful, heard.candidates) +
                           0.25 * covered(heard.meaningful, example.meaningful);
    best = std::max({best, overlap, fuzzy(heard.meaningful, example.meaningful)});
  }
  const double described = covered(heard.meaningful, intent.description);
  if (described > 0) best = std::max(best, 0.35 + 0.4 * described);
  return std::min(best, 1.0);
}

double LocalRouter::score(std::size_t index, std::string_view utterance) const {
  if (index >= intents_.size()) return 0;
  return score(intents_[index], text_of(utterance));
}

std::optional<LocalMatch> LocalRouter::best(std::string_view utterance) const {
  const Text heard = text_of(utterance);
  std::optional<LocalMatch> found;
  for (std::size_t i = 0; i < intents_.size(); ++i) {
    const double s = score(intents_[i], heard);
    if (s >= threshold_ && (!found || s > found->score)) found = LocalMatch{i, s};
  }
  return found;
}

}  // namespace ovos::agents
