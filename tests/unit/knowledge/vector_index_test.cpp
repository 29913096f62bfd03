#include "agents/knowledge/vector_index.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <set>

namespace ovos::agents::knowledge {
namespace {

using Vectors = std::vector<std::vector<float>>;

// Points around `clusters` random centres, as embeddings of related texts are.
Vectors clustered(std::size_t count, std::size_t dimensions, std::size_t clusters,
                  std::mt19937& random) {
  std::normal_distribution<float> normal(0.0F, 1.0F);
  Vectors centres(clusters, std::vector<float>(dimensions));
  for (auto& centre : centres) {
    for (auto& v : centre)
      v = normal(random);
  }
  Vectors out(count, std::vector<float>(dimensions));
  for (std::size_t i = 0; i < count; ++i) {
    for (std::size_t d = 0; d < dimensions; ++d)
      out[i][d] = centres[i % clusters][d] + 0.4F * normal(random);
  }
  return out;
}

double cosine(const std::vector<float>& a, const std::vector<float>& b) {
  double dot = 0;
  double na = 0;
  double nb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return dot / std::sqrt(na * nb);
}

std::vector<std::size_t> exact_top(const Vectors& data, const std::vector<float>& query,
                                   std::size_t k) {
  std::vector<std::pair<double, std::size_t>> scored;
  for (std::size_t i = 0; i < data.size(); ++i)
    scored.emplace_back(cosine(data[i], query), i);
  std::partial_sort(scored.begin(), scored.begin() + static_cast<std::ptrdiff_t>(k), scored.end(),
                    std::greater<>());
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < k; ++i)
    out.push_back(scored[i].second);
  return out;
}

TEST(VectorIndexTest, RecallAgainstExactSearchOnAClusteredSet) {
  std::mt19937 random(42);
  const auto data = clustered(2000, 48, 40, random);
  VectorIndex index(48, data.size());
  for (std::size_t i = 0; i < data.size(); ++i)
    ASSERT_TRUE(index.add(i, data[i]).ok());
  const auto queries = clustered(100, 48, 40, random);
  std::size_t found = 0;
  for (const auto& query : queries) {
    const auto hits = index.search(query, 10);
    ASSERT_EQ(hits.size(), 10U);
    const auto exact = exact_top(data, query, 10);
    const std::set<std::size_t> truth(exact.begin(), exact.end());
    for (std::size_t i = 0; i < hits.size(); ++i) {
      found += truth.count(hits[i].doc);
      EXPECT_NEAR(hits[i].score, cosine(data[hits[i].doc], query), 1e-4);
      if (i > 0) {
        EXPECT_LE(hits[i].score, hits[i - 1].score + 1e-6);
      }
    }
  }
  const double recall = static_cast<double>(found) / (queries.size() * 10.0);
  EXPECT_GE(recall, 0.95) << "recall@10 " << recall;
}

TEST(VectorIndexTest, FindsItselfFirstWithSimilarityOne) {
  VectorIndex index(3, 3);
  ASSERT_TRUE(index.add(7, std::vector<float>{1, 0, 0}).ok());
  ASSERT_TRUE(index.add(8, std::vector<float>{0, 2, 0}).ok());  // scaled: normalized on add
  ASSERT_TRUE(index.add(9, std::vector<float>{-1, 0, 0}).ok());
  const auto hits = index.search(std::vector<float>{0, 5, 0}, 3);
  ASSERT_EQ(hits.size(), 3U);
  EXPECT_EQ(hits[0].doc, 8U);
  EXPECT_NEAR(hits[0].score, 1.0, 1e-6);
  EXPECT_NEAR(hits[1].score, 0.0, 1e-6);
  const auto opposite = index.search(std::vector<float>{1, 0, 0}, 3);
  EXPECT_EQ(opposite.back().doc, 9U);
  EXPECT_NEAR(opposite.back().score, -1.0, 1e-6);
  EXPECT_EQ(index.search(std::vector<float>{1, 0, 0}, 10).size(), 3U);  // k capped at size
}

TEST(VectorIndexTest, RefusesBadVectors) {
  VectorIndex index(2, 2);
  EXPECT_FALSE(index.add(0, std::vector<float>{1, 2, 3}).ok());
  EXPECT_FALSE(index.add(0, std::vector<float>{0, 0}).ok());
  EXPECT_FALSE(index.add(0, std::vector<float>{NAN, 1}).ok());
  EXPECT_FALSE(index.add(0, std::vector<float>{INFINITY, 1}).ok());
  EXPECT_TRUE(index.add(0, std::vector<float>{1, 1}).ok());
  EXPECT_TRUE(index.add(1, std::vector<float>{1, -1}).ok());
  const auto full = index.add(2, std::vector<float>{2, 1});
  ASSERT_FALSE(full.ok());
  EXPECT_NE(full.error().message.find("full"), std::string::npos);
  EXPECT_EQ(index.size(), 2U);
  EXPECT_TRUE(index.search(std::vector<float>{1}, 1).empty());
  EXPECT_TRUE(index.search(std::vector<float>{0, 0}, 1).empty());
  EXPECT_TRUE(VectorIndex(2, 1).search(std::vector<float>{1, 0}, 1).empty());

  std::vector<float> v = {3, 4};
  ASSERT_TRUE(l2_normalize(v));
  EXPECT_FLOAT_EQ(v[0], 0.6F);
  EXPECT_FLOAT_EQ(v[1], 0.8F);
}

}  // namespace
}  // namespace ovos::agents::knowledge
