#pragma once

// Picks a graph agent's llm edge with no LLM: a small text classifier over each edge's example
// utterances and its condition, tolerant of recogniser errors.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agents/types/route_text.h"

namespace ovos::agents {

/// One way out of a node, as the local router sees it.
struct LocalIntent {
  std::vector<std::string> examples;  // what a caller says to take it
  std::string description;            // the edge's condition, in words
};

/// The intent an utterance was matched to and how well (0..1).
struct LocalMatch {
  std::size_t intent = 0;
  double score = 0;
};

/// Scores an utterance against each intent and picks the best one above a threshold.
///
/// Against an example, the score is the best of
///   - word overlap: 0.75 x the share of the example's content words found in the utterance
///     plus 0.25 x the share of the utterance's content words found in the example (stopwords
///     dropped, words stemmed, a word heard slightly wrong counted by its edit similarity, a
///     word heard as two or three - "good by" - found by joining them);
///   - fuzzy similarity: the character-trigram similarity of the two, or the edit similarity of
///     the two with spaces removed (so "book and a point meant" is near "book an appointment"),
///     times 0.9 and scaled down for strings shorter than eight letters.
/// Against the condition, which describes rather than quotes, only the utterance's words count:
/// 0.35 + 0.4 x the share of them found among the condition's words (none found: 0).
/// Immutable after construction; thread-safe.
class LocalRouter {
 public:
  static constexpr double kDefaultThreshold = 0.55;

  explicit LocalRouter(std::vector<LocalIntent> intents, double threshold = kDefaultThreshold);

  /// How well `utterance` fits intent `index` (0..1).
  [[nodiscard]] double score(std::size_t index, std::string_view utterance) const;
  /// The best intent scoring at least the threshold; the earlier one on a tie. An utterance
  /// made only of stopwords ("okay") is compared word for word.
  [[nodiscard]] std::optional<LocalMatch> best(std::string_view utterance) const;
  [[nodiscard]] std::size_t size() const { return intents_.size(); }

 private:
  /// A text's content words (all of them when each is a stopword), and those plus its
  /// neighbouring words joined in twos and threes.
  struct Text {
    std::vector<route_text::Word> meaningful;
    std::vector<route_text::Word> candidates;
  };
  struct Prepared {
    std::vector<Text> examples;
    std::vector<route_text::Word> description;
  };
  [[nodiscard]] static Text text_of(std::string_view text);
  [[nodiscard]] double score(const Prepared& intent, const Text& heard) const;

  std::vector<Prepared> intents_;
  double threshold_;
};

}  // namespace ovos::agents
