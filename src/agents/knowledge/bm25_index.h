#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ovos::agents::knowledge {

/// One ranked document of a search: its number in the index and its score.
struct ScoredDoc {
  std::size_t doc = 0;
  double score = 0;
};

/// The free parameters of BM25: term-frequency saturation and length normalization.
struct Bm25Params {
  double k1 = 1.2;
  double b = 0.75;
};

/// Okapi BM25 over documents given as term lists (see tokenize). The score of document D for
/// query Q sums, over the distinct terms q of Q that D contains,
///   idf(q) * tf(q,D) * (k1 + 1) / (tf(q,D) + k1 * (1 - b + b * |D| / avgdl))
/// with idf(q) = ln(1 + (N - n(q) + 0.5) / (n(q) + 0.5)) (never negative), N documents, n(q)
/// of them containing q, |D| the document's term count and avgdl the mean of those. Built
/// once, then read-only: search() is safe from many threads. Owns its postings.
class Bm25Index {
 public:
  Bm25Index() = default;
  explicit Bm25Index(Bm25Params params) : params_(params) {}

  /// Adds a document; returns its number (0 for the first).
  std::size_t add(const std::vector<std::string>& terms);
  /// Adds tokenize(text).
  std::size_t add_text(std::string_view text);

  /// The `k` best documents with a positive score, best first (equal scores: lower number
  /// first).
  [[nodiscard]] std::vector<ScoredDoc> search(const std::vector<std::string>& query_terms,
                                              std::size_t k) const;
  /// search(tokenize(query), k).
  [[nodiscard]] std::vector<ScoredDoc> search_text(std::string_view query, std::size_t k) const;

  [[nodiscard]] std::size_t size() const { return lengths_.size(); }
  /// Documents containing `term`.
  [[nodiscard]] std::size_t document_frequency(const std::string& term) const;

 private:
  struct Posting {
    std::uint32_t doc;
    std::uint32_t tf;
  };

  Bm25Params params_;
  std::unordered_map<std::string, std::vector<Posting>> postings_;
  std::vector<std::uint32_t> lengths_;
  std::uint64_t total_length_ = 0;
};

}  // namespace ovos::agents::knowledge
