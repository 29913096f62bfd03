#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/ids.h"
#include "store/embedding_codec.h"
#include "unit/store/store_fixture.h"

namespace ovos::store::test {
namespace {

using core::ErrorCode;

class KnowledgeStoreTest : public StoreTest {
 protected:
  KnowledgeBase create_base(const std::string& user_id, const std::string& name, std::int64_t at,
                            const std::string& embedding_json = "") {
    KnowledgeBase base;
    base.id = core::new_id(at);
    base.user_id = user_id;
    base.name = name;
    base.embedding_json = embedding_json;
    base.created_at = at;
    base.updated_at = at;
    auto created = store_->create_knowledge_base(base);
    if (!created.ok()) throw std::runtime_error(created.error().message);
    return *created;
  }

  static KnowledgeDocument make_document(const KnowledgeBase& base, const std::string& filename,
                                         std::int64_t at) {
    KnowledgeDocument doc;
    doc.id = core::new_id(at);
    doc.knowledge_base_id = base.id;
    doc.user_id = base.user_id;
    doc.filename = filename;
    doc.content_type = "text/plain";
    doc.size_bytes = 1234;
    doc.characters = 1200;
    doc.created_at = at;
    return doc;
  }

  static std::vector<KnowledgeChunk> make_chunks(int count, bool embedded) {
    std::vector<KnowledgeChunk> chunks;
    for (int i = 0; i < count; ++i) {
      KnowledgeChunk chunk;
      chunk.ordinal = i;
      chunk.start_char = i * 10;
      chunk.end_char = i * 10 + 12;
      chunk.text = "chunk " + std::to_string(i) + " — café";
      if (embedded) chunk.embedding = {0.25F * static_cast<float>(i), -1.5F, 3.0e-7F};
      chunks.push_back(std::move(chunk));
    }
    return chunks;
  }
};

TEST_P(KnowledgeStoreTest, CreateGetListDelete) {
  const auto user = create_user("kb@example.com");
  const auto first = create_base(user.id, "Shop FAQ", kT0, R"({"provider":"openai"})");
  const auto second = create_base(user.id, "Manuals", kT0 + 1);
  EXPECT_EQ(first.name, "Shop FAQ");
  EXPECT_EQ(first.embedding_json, R"({"provider":"openai"})");
  EXPECT_EQ(first.version, 0);
  EXPECT_EQ(first.document_count, 0);

  OVOS_ASSERT_OK_AND_ASSIGN(const auto got, store_->get_knowledge_base(user.id, first.id));
  EXPECT_EQ(got.name, "Shop FAQ");
  EXPECT_EQ(got.created_at, kT0);

  OVOS_ASSERT_OK_AND_ASSIGN(const auto page, store_->list_knowledge_bases(user.id, 50, 0));
  ASSERT_EQ(page.total, 2);
  ASSERT_EQ(page.items.size(), 2U);
  EXPECT_EQ(page.items[0].id, second.id);  // newest first
  EXPECT_EQ(page.items[1].id, first.id);
  OVOS_ASSERT_OK_AND_ASSIGN(const auto window, store_->list_knowledge_bases(user.id, 1, 1));
  ASSERT_EQ(window.items.size(), 1U);
  EXPECT_EQ(window.items[0].id, first.id);
  EXPECT_EQ(window.total, 2);

  OVOS_ASSERT_OK(store_->delete_knowledge_base(user.id, first.id));
  EXPECT_EQ(code_of(store_->get_knowledge_base(user.id, first.id)), ErrorCode::kNotFound);
  EXPECT_EQ(code_of(store_->delete_knowledge_base(user.id, first.id)), ErrorCode::kNotFound);
}

TEST_P(KnowledgeStoreTest, DocumentsAndChunksRoundTripAndBumpTheVersion) {
  const auto user = create_user("docs@example.com");
  const auto base = create_base(user.id, "FAQ", kT0);
  // 250 chunks: more than one INSERT batch.
  const auto chunks = make_chunks(250, true);
  OVOS_ASSERT_OK_AND_ASSIGN(const auto doc, store_->add_knowledge_document(
                                                make_document(base, "faq.txt", kT0 + 5), chunks));
  EXPECT_EQ(doc.chunk_count, 250);
  EXPECT_EQ(doc.filename, "faq.txt");
  const auto plain = make_chunks(2, false);
  OVOS_ASSERT_OK_AND_ASSIGN(const auto other, store_->add_knowledge_document(
                                                  make_document(base, "notes.md", kT0 + 6), plain));

  OVOS_ASSERT_OK_AND_ASSIGN(const auto after, store_->get_knowledge_base(user.id, base.id));
  EXPECT_EQ(after.version, 2);
  EXPECT_EQ(after.updated_at, kT0 + 6);
  EXPECT_EQ(after.document_count, 2);

  OVOS_ASSERT_OK_AND_ASSIGN(const auto docs, store_->list_knowledge_documents(user.id, base.id));
  ASSERT_EQ(docs.size(), 2U);
  EXPECT_EQ(docs[0].id, doc.id);  // oldest first
  EXPECT_EQ(docs[0].size_bytes, 1234);
  EXPECT_EQ(docs[0].characters, 1200);
  EXPECT_EQ(docs[1].id, other.id);

  OVOS_ASSERT_OK_AND_ASSIGN(const auto stored, store_->list_knowledge_chunks(user.id, base.id));
  ASSERT_EQ(stored.size(), 252U);
  for (int i = 0; i < 250; ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(stored[i].document_id, doc.id);
    EXPECT_EQ(stored[i].filename, "faq.txt");
    EXPECT_EQ(stored[i].ordinal, i);
    EXPECT_EQ(stored[i].start_char, i * 10);
    EXPECT_EQ(stored[i].end_char, i * 10 + 12);
    EXPECT_EQ(stored[i].text, chunks[i].text);
    EXPECT_EQ(stored[i].embedding, chunks[i].embedding);  // bit-exact
  }
  EXPECT_EQ(stored[250].filename, "notes.md");
  EXPECT_TRUE(stored[250].embedding.empty());

  OVOS_ASSERT_OK(store_->delete_knowledge_document(user.id, base.id, doc.id, kT0 + 9));
  OVOS_ASSERT_OK_AND_ASSIGN(const auto remaining, store_->list_knowledge_chunks(user.id, base.id));
  EXPECT_EQ(remaining.size(), 2U);
  OVOS_ASSERT_OK_AND_ASSIGN(const auto bumped, store_->get_knowledge_base(user.id, base.id));
  EXPECT_EQ(bumped.version, 3);
  EXPECT_EQ(bumped.document_count, 1);
  const auto again = store_->delete_knowledge_document(user.id, base.id, doc.id, kT0 + 10);
  ASSERT_EQ(code_of(again), ErrorCode::kNotFound);
  EXPECT_EQ(again.error().message, "document not found");
  // The failed delete changed nothing (its version bump was rolled back).
  OVOS_ASSERT_OK_AND_ASSIGN(const auto unchanged, store_->get_knowledge_base(user.id, base.id));
  EXPECT_EQ(unchanged.version, 3);
}

TEST_P(KnowledgeStoreTest, DeletingABaseOrItsUserCascades) {
  const auto user = create_user("cascade@example.com");
  const auto base = create_base(user.id, "FAQ", kT0);
  OVOS_ASSERT_OK(
      store_->add_knowledge_document(make_document(base, "a.txt", kT0 + 1), make_chunks(3, false)));
  OVOS_ASSERT_OK(store_->delete_knowledge_base(user.id, base.id));
  OVOS_ASSERT_OK_AND_ASSIGN(auto conn, db_.raw_connection());
  for (const char* table : {"knowledge_documents", "knowledge_chunks"}) {
    OVOS_ASSERT_OK_AND_ASSIGN(const auto rows,
                              conn->exec(std::string("SELECT COUNT(*) FROM ") + table));
    EXPECT_EQ(rows.rows.at(0).at(0), "0") << table;
  }
  const auto kept = create_base(user.id, "Kept", kT0 + 2);
  OVOS_ASSERT_OK(
      store_->add_knowledge_document(make_document(kept, "b.txt", kT0 + 3), make_chunks(2, true)));
  OVOS_ASSERT_OK(conn->exec("DELETE FROM users WHERE id = ?", {user.id}));
  for (const char* table : {"knowledge_bases", "knowledge_documents", "knowledge_chunks"}) {
    OVOS_ASSERT_OK_AND_ASSIGN(const auto rows,
                              conn->exec(std::string("SELECT COUNT(*) FROM ") + table));
    EXPECT_EQ(rows.rows.at(0).at(0), "0") << table;
  }
}

TEST_P(KnowledgeStoreTest, AnotherUsersBaseIsNotFoundEverywhere) {
  const auto alice = create_user("alice@example.com");
  const auto bob = create_user("bob@example.com");
  const auto base = create_base(alice.id, "Alice's FAQ", kT0);
  OVOS_ASSERT_OK_AND_ASSIGN(
      const auto doc,
      store_->add_knowledge_document(make_document(base, "a.txt", kT0 + 1), make_chunks(2, false)));

  EXPECT_EQ(code_of(store_->get_knowledge_base(bob.id, base.id)), ErrorCode::kNotFound);
  EXPECT_EQ(code_of(store_->list_knowledge_documents(bob.id, base.id)), ErrorCode::kNotFound);
  EXPECT_EQ(code_of(store_->list_knowledge_chunks(bob.id, base.id)), ErrorCode::kNotFound);
  EXPECT_EQ(code_of(store_->delete_knowledge_document(bob.id, base.id, doc.id, kT0 + 2)),
            ErrorCode::kNotFound);
  EXPECT_EQ(code_of(store_->delete_knowledge_base(bob.id, base.id)), ErrorCode::kNotFound);
  auto intruder = make_document(base, "planted.txt", kT0 + 3);
  intruder.user_id = bob.id;
  const auto planted = store_->add_knowledge_document(intruder, make_chunks(1, false));
  ASSERT_EQ(code_of(planted), ErrorCode::kNotFound);
  EXPECT_EQ(planted.error().message, "knowledge base not found");
  OVOS_ASSERT_OK_AND_ASSIGN(const auto bobs, store_->list_knowledge_bases(bob.id, 50, 0));
  EXPECT_EQ(bobs.total, 0);

  // Alice's base is intact: one document, version 1.
  OVOS_ASSERT_OK_AND_ASSIGN(const auto after, store_->get_knowledge_base(alice.id, base.id));
  EXPECT_EQ(after.version, 1);
  OVOS_ASSERT_OK_AND_ASSIGN(const auto docs, store_->list_knowledge_documents(alice.id, base.id));
  EXPECT_EQ(docs.size(), 1U);
  OVOS_ASSERT_OK_AND_ASSIGN(const auto chunks, store_->list_knowledge_chunks(alice.id, base.id));
  EXPECT_EQ(chunks.size(), 2U);
}

TEST_P(KnowledgeStoreTest, AFailedChunkInsertLeavesNoDocument) {
  const auto user = create_user("atomic@example.com");
  const auto base = create_base(user.id, "FAQ", kT0);
  auto chunks = make_chunks(3, false);
  chunks[2].ordinal = 1;  // duplicate primary key: the whole upload fails
  EXPECT_FALSE(
      store_->add_knowledge_document(make_document(base, "bad.txt", kT0 + 1), chunks).ok());
  OVOS_ASSERT_OK_AND_ASSIGN(const auto docs, store_->list_knowledge_documents(user.id, base.id));
  EXPECT_TRUE(docs.empty());
  OVOS_ASSERT_OK_AND_ASSIGN(const auto after, store_->get_knowledge_base(user.id, base.id));
  EXPECT_EQ(after.version, 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, KnowledgeStoreTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), backend_name);

TEST(EmbeddingCodecTest, RoundTripsBitExactAndRejectsBadText) {
  const std::vector<float> values = {
      0.0F, -0.0F, 1.0F, -2.5F, 1e-30F, 3.4e38F, std::numeric_limits<float>::denorm_min()};
  const auto text = encode_embedding(values);
  OVOS_ASSERT_OK_AND_ASSIGN(const auto back, decode_embedding(text));
  ASSERT_EQ(back.size(), values.size());
  for (std::size_t i = 0; i < values.size(); ++i)
    EXPECT_EQ(std::signbit(back[i]), std::signbit(values[i])) << i;
  EXPECT_EQ(back, values);
  // 1.0f is 0x3f800000: little-endian bytes 00 00 80 3f.
  EXPECT_EQ(encode_embedding(std::vector<float>{1.0F}), "AACAPw==");
  EXPECT_TRUE(encode_embedding({}).empty());
  OVOS_ASSERT_OK_AND_ASSIGN(const auto none, decode_embedding(""));
  EXPECT_TRUE(none.empty());
  EXPECT_FALSE(decode_embedding("AACA").ok());         // 3 bytes
  EXPECT_FALSE(decode_embedding("not base64!").ok());  // not base64
  EXPECT_FALSE(decode_embedding("AADAfw==").ok());     // NaN (0x7fc00000)
}

}  // namespace
}  // namespace ovos::store::test
