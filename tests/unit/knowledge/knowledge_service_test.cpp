// The knowledge service over a real SQLite store, stored keys, and a loopback embeddings API.
#include "agents/knowledge/knowledge_service.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <future>

#include "core/ids.h"
#include "crypto/secret_box.h"
#include "net/event_loop.h"
#include "support/fake_openai_server.h"
#include "unit/engine/temp_dir.h"
#include "unit/knowledge/test_pdf.h"

namespace ovos::agents::knowledge {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using core::ErrorCode;
using providers::testing::CapturedRequest;
using providers::testing::FakeConnection;
using providers::testing::FakeOpenAiServer;

constexpr std::int64_t kNow = 1'763'856'000'000;

// Embeds by topic: 3 axes (hours, returns, shipping) by keyword, so tests know the geometry.
json::array topic_vector(std::string_view text) {
  const auto has = [&](std::string_view word) { return text.find(word) != std::string::npos; };
  return {has("open") || has("hour") ? 1.0 : 0.01, has("efund") || has("money") ? 1.0 : 0.01,
          has("parcel") || has("ship") ? 1.0 : 0.01};
}

std::string topic_answer(const CapturedRequest& request) {
  const auto body = json::parse(request.body).as_object();
  json::array data;
  std::size_t i = 0;
  for (const auto& input : body.at("input").as_array()) {
    data.push_back(json::object{{"index", i++}, {"embedding", topic_vector(input.as_string())}});
  }
  return json::serialize(json::object{{"data", std::move(data)}});
}

class KnowledgeServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::Store::open("", dir_.path().string());
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::move(opened).value();
    ASSERT_TRUE(store_->migrate().ok());
    const std::vector<std::uint8_t> key(32, 9);
    box_.emplace(crypto::SecretBox::from_key(key).value());
    vault_.emplace(*store_, *box_);
    KnowledgeService::Options options;
    options.embeddings.retry.base_backoff = 5ms;
    options.embeddings.retry.max_backoff = 10ms;
    options.chunking.target_chars = 120;
    service_.emplace(*store_, *vault_, *loop_, options);
    alice_ = make_user("alice@example.com");
    bob_ = make_user("bob@example.com");
  }

  std::string make_user(const std::string& email) {
    store::User user{core::new_id(), email, "", "hash", kNow, kNow};
    return store_->create_user(user).value().id;
  }

  store::KnowledgeBase make_base(const std::string& user, const std::string& embedding_json = "") {
    store::KnowledgeBase base{core::new_id(), user, "Shop", embedding_json, 0, 0, kNow, kNow};
    return store_->create_knowledge_base(base).value();
  }

  void store_key(const std::string& user, const std::string& provider,
                 const std::string& credentials) {
    store::ProviderKey key{core::new_id(), user, provider, "k", "", "{}", kNow, kNow};
    vault_->seal(key, credentials);
    ASSERT_TRUE(store_->create_provider_key(key).ok());
  }

  // A base of `user` embedded by the fake server with the user's stored "custom" key.
  store::KnowledgeBase embedded_base(const std::string& user, const FakeOpenAiServer& server) {
    store_key(user, "custom", R"({"api_key":"sk-secret","base_url":")" + server.url() + R"(/v1"})");
    return make_base(user, R"({"provider":"custom","model":"topics"})");
  }

  core::Result<store::KnowledgeDocument> upload(const store::KnowledgeBase& base,
                                                std::string_view text,
                                                DocumentType type = DocumentType::kPlainText) {
    return service_->add_document(store_->get_knowledge_base(base.user_id, base.id).value(), type,
                                  "shop.txt", text, kNow + 1);
  }

  static constexpr std::string_view kShopText =
      "The shop opens at nine and closes at six on weekdays.\n\n"
      "Refunds are granted within thirty days; bring the receipt back with you.\n\n"
      "Parcels ship with a tracked courier. Shipping is free over fifty euros.";

  engine::testing::TempDir dir_;
  std::unique_ptr<net::EventLoop> loop_ = net::EventLoop::start("kb-test");
  std::unique_ptr<store::Store> store_;
  std::optional<crypto::SecretBox> box_;
  std::optional<store::KeyVault> vault_;
  std::optional<KnowledgeService> service_;
  std::string alice_;
  std::string bob_;
};

TEST_F(KnowledgeServiceTest, KeywordBaseStoresChunksAndSearches) {
  const auto base = make_base(alice_);
  const auto doc = upload(base, kShopText);
  ASSERT_TRUE(doc.ok()) << doc.error().message;
  EXPECT_EQ(doc->chunk_count, 3);  // three paragraphs of ~70 characters, target 120
  EXPECT_EQ(doc->content_type, "text/plain");
  EXPECT_EQ(doc->size_bytes, static_cast<std::int64_t>(kShopText.size()));
  const auto chunks = store_->list_knowledge_chunks(alice_, base.id).value();
  ASSERT_EQ(chunks.size(), 3U);
  EXPECT_TRUE(chunks[0].embedding.empty());
  EXPECT_EQ(chunks[1].start_char, 55);

  const auto knowledge = service_->load(alice_, {base.id}, "$.vector_id");
  ASSERT_TRUE(knowledge.ok()) << knowledge.error().message;
  const auto hits = service_->search(*knowledge, "When does the shop open?", {.top_k = 2});
  ASSERT_TRUE(hits.ok());
  ASSERT_FALSE(hits->empty());
  EXPECT_EQ(hits->front().ordinal, 0);
  EXPECT_EQ(hits->front().filename, "shop.txt");
  EXPECT_EQ(hits->front().document_id, doc->id);
}

TEST_F(KnowledgeServiceTest, EmbeddedBaseStoresVectorsAndSearchesHybrid) {
  FakeOpenAiServer server(
      [](const CapturedRequest& r, int, FakeConnection& c) { c.respond(200, topic_answer(r)); });
  const auto base = embedded_base(alice_, server);
  ASSERT_TRUE(upload(base, kShopText).ok());
  const auto chunks = store_->list_knowledge_chunks(alice_, base.id).value();
  ASSERT_EQ(chunks.size(), 3U);
  EXPECT_EQ(chunks[1].embedding, (std::vector<float>{0.01F, 1.0F, 0.01F}));
  ASSERT_EQ(server.requests().size(), 1U);
  EXPECT_EQ(server.requests()[0].headers.at("authorization"), "Bearer sk-secret");

  const auto knowledge = service_->load(alice_, {base.id}, "$.vector_id");
  ASSERT_TRUE(knowledge.ok()) << knowledge.error().message;
  ASSERT_TRUE(knowledge->sources.at(0).embeddings.has_value());
  // No keyword in common with the refunds paragraph; its vector finds it.
  const auto hits = service_->search(*knowledge, "Can I get my money?", {.top_k = 1});
  ASSERT_TRUE(hits.ok()) << hits.error().message;
  ASSERT_EQ(hits->size(), 1U);
  EXPECT_EQ(hits->front().ordinal, 1);
  EXPECT_GT(hits->front().score, 0.99);
  EXPECT_EQ(server.requests().back().body, R"({"model":"topics","input":["Can I get my money?"]})");
}

TEST_F(KnowledgeServiceTest, EmbeddingFailuresStoreNothingAndSayWhy) {
  FakeOpenAiServer refusing([](const CapturedRequest&, int, FakeConnection& c) {
    c.respond(401,
              R"({"error":{"message":"Incorrect API key provided","code":"invalid_api_key"}})");
  });
  const auto base = embedded_base(alice_, refusing);
  const auto refused = upload(base, kShopText);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kValidation);
  EXPECT_EQ(refused.error().fields.at(0).path, "$.embedding");
  EXPECT_NE(refused.error().message.find("HTTP 401"), std::string::npos);
  EXPECT_TRUE(store_->list_knowledge_documents(alice_, base.id).value().empty());

  // No key stored at all for an OpenAI base.
  const auto openai = make_base(bob_, R"({"provider":"openai","model":"text-embedding-3-small"})");
  const auto no_key = upload(openai, kShopText);
  ASSERT_FALSE(no_key.ok());
  EXPECT_EQ(no_key.error().code, ErrorCode::kValidation);
  EXPECT_NE(no_key.error().message.find("POST /v1/provider-keys"), std::string::npos);
}

TEST_F(KnowledgeServiceTest, UploadsPdfAndMarkdown) {
  const auto base = make_base(alice_);
  const auto pdf = testing::make_pdf({"Parcels ship every weekday.", "Returns take ten days."});
  const auto doc = upload(base, pdf, DocumentType::kPdf);
  ASSERT_TRUE(doc.ok()) << doc.error().message;
  EXPECT_EQ(doc->content_type, "application/pdf");
  const auto md =
      upload(base, "# Hours\n\nWe **open** at [nine](x.html).", DocumentType::kMarkdown);
  ASSERT_TRUE(md.ok());
  const auto chunks = store_->list_knowledge_chunks(alice_, base.id).value();
  ASSERT_EQ(chunks.size(), 2U);
  EXPECT_EQ(chunks[0].text, "Parcels ship every weekday.\n\nReturns take ten days.");
  EXPECT_EQ(chunks[1].text, "Hours\n\nWe open at nine.");
  EXPECT_EQ(upload(base, "", DocumentType::kPlainText).error().code, ErrorCode::kValidation);
}

TEST_F(KnowledgeServiceTest, LoadRefusesUnknownAndOtherUsersBases) {
  const auto mine = make_base(alice_);
  const auto theirs = make_base(bob_);
  const auto missing =
      service_->load(alice_, {mine.id, theirs.id, "no-such-id"}, "$.rag.vector_ids", true);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kValidation);
  ASSERT_EQ(missing.error().fields.size(), 2U);
  EXPECT_EQ(missing.error().fields[0].path, "$.rag.vector_ids[1]");
  EXPECT_NE(missing.error().fields[0].message.find(theirs.id), std::string::npos);
  EXPECT_NE(missing.error().fields[0].message.find("POST /v1/knowledge-bases"), std::string::npos);
  EXPECT_EQ(missing.error().fields[1].path, "$.rag.vector_ids[2]");
  const auto none = service_->load(alice_, {}, "$.rag.vector_id");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().fields.at(0).path, "$.rag.vector_id");
  const auto one = service_->load(alice_, {mine.id, mine.id}, "$.rag.vector_id");
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->sources.size(), 1U);  // duplicates count once
}

TEST_F(KnowledgeServiceTest, TheIndexIsCachedUntilADocumentChanges) {
  const auto base = make_base(alice_);
  ASSERT_TRUE(upload(base, kShopText).ok());
  ASSERT_TRUE(service_->load(alice_, {base.id}, "$").ok());
  ASSERT_TRUE(service_->load(alice_, {base.id}, "$").ok());
  EXPECT_EQ(service_->cache().builds(), 1U);
  const auto doc = upload(base, "Gift cards never expire.");
  ASSERT_TRUE(doc.ok());
  const auto reloaded = service_->load(alice_, {base.id}, "$").value();
  EXPECT_EQ(service_->cache().builds(), 2U);
  EXPECT_EQ(reloaded.sources[0].index->size(), 4U);
  ASSERT_TRUE(store_->delete_knowledge_document(alice_, base.id, doc->id, kNow + 2).ok());
  EXPECT_EQ(service_->load(alice_, {base.id}, "$").value().sources[0].index->size(), 3U);
}

TEST_F(KnowledgeServiceTest, AsyncSearchFallsBackToKeywordsWhenEmbeddingsFail) {
  std::atomic<bool> down{false};
  FakeOpenAiServer server([&](const CapturedRequest& r, int, FakeConnection& c) {
    if (down) {
      c.respond(400, R"({"error":{"message":"bad"}})");
    } else {
      c.respond(200, topic_answer(r));
    }
  });
  const auto base = embedded_base(alice_, server);
  ASSERT_TRUE(upload(base, kShopText).ok());
  auto knowledge =
      std::make_shared<const LoadedKnowledge>(service_->load(alice_, {base.id}, "$").value());
  const auto search = [&](const std::string& query) {
    std::promise<std::vector<Passage>> result;
    auto call = service_->search_async(knowledge, query, {.top_k = 1},
                                       [&](std::vector<Passage> p) { result.set_value(p); });
    auto future = result.get_future();
    EXPECT_EQ(future.wait_for(5s), std::future_status::ready);
    return future.get();
  };
  const auto hybrid = search("Can I get my money?");
  ASSERT_EQ(hybrid.size(), 1U);
  EXPECT_EQ(hybrid[0].ordinal, 1);
  down = true;
  const auto keywords = search("Is shipping free?");
  ASSERT_EQ(keywords.size(), 1U);
  EXPECT_EQ(keywords[0].ordinal, 2);
  EXPECT_DOUBLE_EQ(keywords[0].score, 1.0);  // a keyword score: the vector was not available
}

}  // namespace
}  // namespace ovos::agents::knowledge
