#include "agents/knowledge/knowledge_index.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "agents/knowledge/index_cache.h"
#include "agents/knowledge/knowledge_service.h"

namespace ovos::agents::knowledge {
namespace {

store::KnowledgeChunk chunk(const std::string& doc, int ordinal, const std::string& text,
                            std::vector<float> embedding = {}) {
  store::KnowledgeChunk c;
  c.knowledge_base_id = "kb1";
  c.document_id = doc;
  c.filename = doc + ".txt";
  c.ordinal = ordinal;
  c.text = text;
  c.embedding = std::move(embedding);
  return c;
}

// Three topics on three axes; the returns chunk shares no word with the question below.
std::vector<store::KnowledgeChunk> shop_chunks(bool embedded) {
  const auto v = [&](float x, float y, float z) {
    return embedded ? std::vector<float>{x, y, z} : std::vector<float>{};
  };
  return {
      chunk("hours", 0, "The shop opens at nine and closes at six.", v(1, 0.1F, 0)),
      chunk("returns", 0, "Refunds are granted within thirty days of purchase.", v(0, 1, 0.1F)),
      chunk("shipping", 0, "Parcels ship with a tracked courier; shipping is free over 50 euros.",
            v(0.1F, 0, 1)),
      chunk("shipping", 1, "International parcels take a week to send.", v(0.2F, 0.1F, 1)),
  };
}

std::vector<std::string> docs_of(const std::vector<Passage>& passages) {
  std::vector<std::string> out;
  for (const auto& p : passages)
    out.push_back(p.document_id + "#" + std::to_string(p.ordinal));
  return out;
}

TEST(KnowledgeIndexTest, KeywordOnlyRanksByBm25WithRelativeScores) {
  const KnowledgeIndex index(shop_chunks(false));
  EXPECT_EQ(index.dimensions(), 0U);
  const auto hits = index.search("When do the parcels ship?", {}, {.top_k = 5});
  ASSERT_EQ(docs_of(hits), (std::vector<std::string>{"shipping#0", "shipping#1"}));
  EXPECT_DOUBLE_EQ(hits[0].score, 1.0);
  EXPECT_GT(hits[1].score, 0.0);
  EXPECT_LT(hits[1].score, 1.0);
  EXPECT_EQ(hits[0].rank_score, hits[0].score);
  EXPECT_EQ(hits[0].filename, "shipping.txt");
  EXPECT_EQ(hits[0].knowledge_base_id, "kb1");
  EXPECT_EQ(hits[0].text, "Parcels ship with a tracked courier; shipping is free over 50 euros.");
  // The threshold is relative to the best keyword score.
  const auto strict = index.search("When do the parcels ship?", {},
                                   {.top_k = 5, .score_threshold = hits[1].score + 0.01});
  EXPECT_EQ(docs_of(strict), (std::vector<std::string>{"shipping#0"}));
  EXPECT_EQ(index.search("parcels", {}, {.top_k = 1}).size(), 1U);
  EXPECT_TRUE(index.search("zebra", {}, {}).empty());
  // Filenames are searchable.
  EXPECT_EQ(docs_of(index.search("returns", {}, {})), (std::vector<std::string>{"returns#0"}));
}

TEST(KnowledgeIndexTest, HybridFindsWhatKeywordsMissAndFusesRanks) {
  const KnowledgeIndex index(shop_chunks(true));
  EXPECT_EQ(index.dimensions(), 3U);
  const std::string question = "How long may I take to bring back a purchase?";
  // Keywords alone rank the shorter "take a week" chunk above the refunds chunk ("purchase");
  // a query vector near the refunds axis lifts it to the top, with its cosine as score.
  EXPECT_EQ(index.search(question, {}, {}).at(0).document_id, "shipping");
  const std::vector<float> about_returns = {0.05F, 1, 0};
  const auto hits = index.search(question, about_returns, {.top_k = 2});
  ASSERT_EQ(hits.size(), 2U);
  EXPECT_EQ(hits[0].document_id, "returns");
  EXPECT_GT(hits[0].score, 0.99);
  // Second by keywords, first by vectors: (1/62 + 1/61) over the best possible 2/61.
  EXPECT_NEAR(hits[0].rank_score, (1.0 / 62 + 1.0 / 61) / (2.0 / 61), 1e-9);
  EXPECT_GT(hits[0].rank_score, hits[1].rank_score);
  // A question no keyword matches is still answered through the vectors.
  const auto vector_only = index.search("zzz qqq", std::vector<float>{0, 0.1F, 1}, {.top_k = 2});
  EXPECT_EQ(docs_of(vector_only), (std::vector<std::string>{"shipping#0", "shipping#1"}));
  // The threshold applies to cosine similarity: far chunks go.
  const auto near_only =
      index.search("zzz qqq", std::vector<float>{0, 0.1F, 1}, {.top_k = 4, .score_threshold = 0.9});
  EXPECT_EQ(docs_of(near_only), (std::vector<std::string>{"shipping#0", "shipping#1"}));
  // A query vector of another length falls back to keywords.
  EXPECT_EQ(docs_of(index.search("parcels", std::vector<float>{1, 0}, {.top_k = 5})),
            (std::vector<std::string>{"shipping#1", "shipping#0"}));  // the shorter first
}

TEST(KnowledgeIndexTest, ChunksWithoutOrWithOddVectorsStayKeywordSearchable) {
  auto chunks = shop_chunks(true);
  chunks[0].embedding.clear();
  chunks[2].embedding = {1, 2, 3, 4};  // not the length of the first embedded chunk's
  const KnowledgeIndex index(std::move(chunks));
  EXPECT_EQ(index.dimensions(), 3U);
  EXPECT_EQ(docs_of(index.search("shop opens", {}, {})), (std::vector<std::string>{"hours#0"}));
  const auto hybrid = index.search("shop opens", std::vector<float>{1, 0, 0}, {.top_k = 4});
  ASSERT_FALSE(hybrid.empty());
  EXPECT_EQ(hybrid[0].document_id, "hours");  // found by keywords; no vector: similarity 0
  EXPECT_EQ(hybrid[0].score, 0.0);
}

TEST(KnowledgeIndexTest, MergesPassagesOfSeveralBasesByRankScore) {
  std::vector<Passage> a = {{"kb1", "d1", "a.txt", 0, "a0", 0.9, 0.9},
                            {"kb1", "d1", "a.txt", 1, "a1", 0.5, 0.5}};
  std::vector<Passage> b = {{"kb2", "d2", "b.txt", 0, "b0", 0.7, 0.7}};
  const auto merged = merge_passages({a, b}, 2);
  ASSERT_EQ(merged.size(), 2U);
  EXPECT_EQ(merged[0].text, "a0");
  EXPECT_EQ(merged[1].text, "b0");
  EXPECT_EQ(merge_passages({a}, 1).size(), 1U);
  EXPECT_TRUE(merge_passages({}, 3).empty());
}

TEST(IndexCacheTest, BuildsOncePerVersionAndEvictsTheLeastRecentlyUsed) {
  IndexCache cache(2);
  int loads = 0;
  const auto loader = [&] {
    ++loads;
    return core::Result<std::vector<store::KnowledgeChunk>>(shop_chunks(false));
  };
  auto first = cache.get("kb1", 1, loader);
  ASSERT_TRUE(first.ok());
  auto again = cache.get("kb1", 1, loader);
  EXPECT_EQ(first->get(), again->get());
  EXPECT_EQ(loads, 1);
  auto newer = cache.get("kb1", 2, loader);  // a document changed
  EXPECT_NE(first->get(), newer->get());
  EXPECT_EQ(loads, 2);
  EXPECT_EQ((*first)->size(), 4U);  // the old index lives on with its holders

  ASSERT_TRUE(cache.get("kb2", 1, loader).ok());
  ASSERT_TRUE(cache.get("kb1", 2, loader).ok());  // kb1 used more recently than kb2
  ASSERT_TRUE(cache.get("kb3", 1, loader).ok());  // evicts kb2
  EXPECT_EQ(cache.size(), 2U);
  EXPECT_EQ(loads, 4);
  ASSERT_TRUE(cache.get("kb1", 2, loader).ok());
  EXPECT_EQ(loads, 4);
  ASSERT_TRUE(cache.get("kb2", 1, loader).ok());
  EXPECT_EQ(loads, 5);
  EXPECT_EQ(cache.builds(), 5U);
  cache.erase("kb2");
  EXPECT_EQ(cache.size(), 1U);

  const auto failing = cache.get("kb9", 1, [] {
    return core::Result<std::vector<store::KnowledgeChunk>>(core::Error::unavailable("db down"));
  });
  ASSERT_FALSE(failing.ok());
  EXPECT_EQ(failing.error().message, "db down");
}

TEST(IndexCacheTest, IsSafeFromManyThreads) {
  IndexCache cache(4);
  std::atomic<int> loads{0};
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        const std::string id = "kb" + std::to_string((t + i) % 6);
        auto index = cache.get(id, i / 10, [&] {
          ++loads;
          return core::Result<std::vector<store::KnowledgeChunk>>(shop_chunks(i % 2 == 0));
        });
        if (!index.ok() || (*index)->size() != 4U) ++failures;
        if (index.ok() && (*index)->search("parcels", {}, {}).empty()) ++failures;
      }
    });
  }
  for (auto& thread : threads)
    thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_LE(cache.size(), 4U);
  EXPECT_GE(loads.load(), 6);
}

}  // namespace
}  // namespace ovos::agents::knowledge
