#include "agents/knowledge/bm25_index.h"

#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "agents/knowledge/tokenizer.h"

namespace ovos::agents::knowledge {

std::size_t Bm25Index::add(const std::vector<std::string>& terms) {
  const auto doc = static_cast<std::uint32_t>(lengths_.size());
  std::unordered_map<std::string_view, std::uint32_t> counts;
  for (const auto& term : terms)
    ++counts[term];
  for (const auto& [term, tf] : counts)
    postings_[std::string(term)].push_back({doc, tf});
  lengths_.push_back(static_cast<std::uint32_t>(terms.size()));
  total_length_ += terms.size();
  return doc;
}

std::size_t Bm25Index::add_text(std::string_view text) {
  return add(tokenize(text));
}

std::size_t Bm25Index::document_frequency(const std::string& term) const {
  const auto it = postings_.find(term);
  return it == postings_.end() ? 0 : it->second.size();
}

std::vector<ScoredDoc> Bm25Index::search(const std::vector<std::string>& query_terms,
                                         std::size_t k) const {
  if (lengths_.empty() || k == 0) return {};
  const auto n_docs = static_cast<double>(lengths_.size());
  const double avgdl = std::max(1.0, static_cast<double>(total_length_) / n_docs);
  std::vector<double> scores(lengths_.size(), 0.0);
  std::unordered_set<std::string_view> seen;
  for (const auto& term : query_terms) {
    if (!seen.insert(term).second) continue;
    const auto it = postings_.find(term);
    if (it == postings_.end()) continue;
    const auto df = static_cast<double>(it->second.size());
    const double idf = std::log(1.0 + (n_docs - df + 0.5) / (df + 0.5));
    for (const auto& posting : it->second) {
      const double tf = posting.tf;
      const double norm =
          params_.k1 * (1.0 - params_.b + params_.b * lengths_[posting.doc] / avgdl);
      scores[posting.doc] += idf * tf * (params_.k1 + 1.0) / (tf + norm);
    }
  }
  std::vector<ScoredDoc> hits;
  for (std::size_t doc = 0; doc < scores.size(); ++doc) {
    if (scores[doc] > 0) hits.push_back({doc, scores[doc]});
  }
  const auto better = [](const ScoredDoc& a, const ScoredDoc& b) {
    return a.score != b.score ? a.score > b.score : a.doc < b.doc;
  };
  if (hits.size() > k) {
    std::partial_sort(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(k), hits.end(),
                      better);
    hits.resize(k);
  } else {
    std::sort(hits.begin(), hits.end(), better);
  }
  return hits;
}

std::vector<ScoredDoc> Bm25Index::search_text(std::string_view query, std::size_t k) const {
  return search(tokenize(query), k);
}

}  // namespace ovos::agents::knowledge
