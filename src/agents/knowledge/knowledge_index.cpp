#include "agents/knowledge/knowledge_index.h"

#include <algorithm>
#include <map>

#include "agents/knowledge/tokenizer.h"

namespace ovos::agents::knowledge {
namespace {

constexpr double kRrfK = 60;  // the constant of Cormack et al. (2009)

double cosine(std::span<const float> a, std::span<const float> b) {
  double dot = 0;
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i)
    dot += static_cast<double>(a[i]) * b[i];
  return dot;
}

}  // namespace

KnowledgeIndex::KnowledgeIndex(std::vector<store::KnowledgeChunk> chunks)
    : chunks_(std::move(chunks)), unit_vectors_(chunks_.size()) {
  std::size_t dimensions = 0;
  std::size_t embedded = 0;
  for (auto& chunk : chunks_) {
    // The filename is searchable too ("returns-policy.md" for "returns").
    (void)bm25_.add_text(chunk.filename + "\n" + chunk.text);
    if (dimensions == 0) dimensions = chunk.embedding.size();
    if (!chunk.embedding.empty() && chunk.embedding.size() == dimensions) ++embedded;
  }
  if (embedded == 0) return;
  vectors_ = std::make_unique<VectorIndex>(dimensions, embedded);
  for (std::size_t i = 0; i < chunks_.size(); ++i) {
    auto& embedding = chunks_[i].embedding;
    if (embedding.size() != dimensions || !l2_normalize(embedding)) continue;
    if (vectors_->add(i, embedding).ok()) unit_vectors_[i] = std::move(embedding);
    embedding.clear();
    embedding.shrink_to_fit();
  }
}

KnowledgeIndex::~KnowledgeIndex() = default;

std::size_t KnowledgeIndex::dimensions() const {
  return vectors_ && vectors_->size() > 0 ? vectors_->dimensions() : 0;
}

Passage KnowledgeIndex::passage(std::size_t chunk, double score, double rank_score) const {
  const auto& c = chunks_[chunk];
  return {c.knowledge_base_id, c.document_id, c.filename, c.ordinal, c.text, score, rank_score};
}

std::vector<Passage> KnowledgeIndex::keyword_search(std::string_view query,
                                                    const SearchOptions& options) const {
  const auto hits = bm25_.search_text(query, options.top_k);
  std::vector<Passage> out;
  if (hits.empty()) return out;
  const double best = hits.front().score;
  for (const auto& hit : hits) {
    const double relative = hit.score / best;
    if (relative >= options.score_threshold) out.push_back(passage(hit.doc, relative, relative));
  }
  return out;
}

std::vector<Passage> KnowledgeIndex::search(std::string_view query,
                                            std::span<const float> query_vector,
                                            const SearchOptions& options) const {
  if (options.top_k == 0 || chunks_.empty()) return {};
  std::vector<float> unit(query_vector.begin(), query_vector.end());
  const bool hybrid = dimensions() > 0 && unit.size() == dimensions() && l2_normalize(unit);
  if (!hybrid) return keyword_search(query, options);

  // Candidates from each list: a few times more than asked, so fusion has room to reorder.
  const std::size_t candidates = std::max<std::size_t>(options.top_k * 4, 20);
  std::map<std::size_t, double> fused;  // chunk -> reciprocal rank sum
  const auto keyword = bm25_.search_text(query, candidates);
  for (std::size_t rank = 0; rank < keyword.size(); ++rank)
    fused[keyword[rank].doc] += 1.0 / (kRrfK + static_cast<double>(rank + 1));
  const auto nearest = vectors_->search(unit, candidates);
  for (std::size_t rank = 0; rank < nearest.size(); ++rank)
    fused[nearest[rank].doc] += 1.0 / (kRrfK + static_cast<double>(rank + 1));

  const double best_possible = 2.0 / (kRrfK + 1);
  std::vector<Passage> out;
  std::vector<std::pair<double, std::size_t>> order;
  for (const auto& [chunk, sum] : fused)
    order.emplace_back(sum, chunk);
  std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  for (const auto& [sum, chunk] : order) {
    if (out.size() >= options.top_k) break;
    // A chunk without a vector cannot be measured against the query: similarity 0.
    const double similarity = std::clamp(cosine(unit, unit_vectors_[chunk]), 0.0, 1.0);
    if (similarity < options.score_threshold) continue;
    out.push_back(passage(chunk, similarity, sum / best_possible));
  }
  return out;
}

}  // namespace ovos::agents::knowledge
