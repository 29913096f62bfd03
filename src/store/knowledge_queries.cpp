// Knowledge bases, their documents and chunks.
#include "core/ids.h"
#include "store/embedding_codec.h"
#include "store/sql_rows.h"
#include "store/sql_store.h"

namespace ovos::store {
namespace {

// The document count is a correlated subquery so listings need no second round trip.
constexpr std::string_view kBaseColumns =
    "id, user_id, name, embedding_json, version, "
    "(SELECT COUNT(*) FROM knowledge_documents d WHERE d.knowledge_base_id = knowledge_bases.id), "
    "created_at, updated_at";
constexpr std::string_view kBaseInsertColumns =
    "id, user_id, name, embedding_json, version, created_at, updated_at";
constexpr std::string_view kDocumentColumns =
    "id, knowledge_base_id, user_id, filename, content_type, size_bytes, characters, "
    "chunk_count, created_at";
constexpr std::string_view kChunkColumns =
    "document_id, knowledge_base_id, user_id, ordinal, start_char, end_char, text, embedding";
constexpr std::size_t kChunkParams = 8;
// Rows per INSERT: few round trips, well under SQLite's 32766 bound parameters.
constexpr std::size_t kChunksPerInsert = 100;

constexpr std::string_view kBaseNotFound = "knowledge base not found";

core::Result<KnowledgeBase> base_from_row(const SqlRow& row) {
  RowReader r(row);
  KnowledgeBase base;
  base.id = r.text();
  base.user_id = r.text();
  base.name = r.text();
  base.embedding_json = r.text();
  base.version = r.int64();
  base.document_count = r.int64();
  base.created_at = r.int64();
  base.updated_at = r.int64();
  OVOS_TRY(r.status());
  return base;
}

core::Result<KnowledgeDocument> document_from_row(const SqlRow& row) {
  RowReader r(row);
  KnowledgeDocument doc;
  doc.id = r.text();
  doc.knowledge_base_id = r.text();
  doc.user_id = r.text();
  doc.filename = r.text();
  doc.content_type = r.text();
  doc.size_bytes = r.int64();
  doc.characters = r.int64();
  doc.chunk_count = r.int64();
  doc.created_at = r.int64();
  OVOS_TRY(r.status());
  return doc;
}

core::Result<KnowledgeChunk> chunk_from_row(const SqlRow& row) {
  RowReader r(row);
  KnowledgeChunk chunk;
  chunk.document_id = r.text();
  chunk.knowledge_base_id = r.text();
  chunk.user_id = r.text();
  chunk.ordinal = static_cast<int>(r.int64());
  chunk.start_char = r.int64();
  chunk.end_char = r.int64();
  chunk.text = r.text();
  const std::string embedding = r.text();  // NULL reads as empty
  chunk.filename = r.text();
  OVOS_TRY(r.status());
  OVOS_ASSIGN_OR_RETURN(chunk.embedding, decode_embedding(embedding));
  return chunk;
}

// Succeeds when the user owns the base (the check before reading its children).
core::Result<void> owned_base(SqlConnection& conn, std::string_view user_id, std::string_view id) {
  OVOS_ASSIGN_OR_RETURN(const auto rows,
                        conn.exec("SELECT 1 FROM knowledge_bases WHERE id = ? AND user_id = ?",
                                  {std::string(id), std::string(user_id)}));
  if (rows.rows.empty()) return core::Error::not_found(std::string(kBaseNotFound));
  return core::ok();
}

core::Result<void> bump_version(SqlConnection& conn, std::string_view user_id, std::string_view id,
                                std::int64_t now) {
  return expect_affected(conn.exec("UPDATE knowledge_bases SET version = version + 1, "
                                   "updated_at = ? WHERE id = ? AND user_id = ?",
                                   {now, std::string(id), std::string(user_id)}),
                         kBaseNotFound);
}

// Inserts chunks [begin, end) of `chunks` in one statement, owned by `document`.
core::Result<void> insert_chunks(SqlConnection& conn, const KnowledgeDocument& document,
                                 const std::vector<KnowledgeChunk>& chunks, std::size_t begin,
                                 std::size_t end) {
  std::string sql = join_sql({"INSERT INTO knowledge_chunks (", kChunkColumns, ") VALUES "});
  SqlParams params;
  params.reserve((end - begin) * kChunkParams);
  for (std::size_t i = begin; i < end; ++i) {
    const auto& chunk = chunks[i];
    sql += (i == begin ? "(" : ", (") + placeholders(kChunkParams) + ")";
    params.emplace_back(document.id);
    params.emplace_back(document.knowledge_base_id);
    params.emplace_back(document.user_id);
    params.emplace_back(std::int64_t{chunk.ordinal});
    params.emplace_back(chunk.start_char);
    params.emplace_back(chunk.end_char);
    params.emplace_back(chunk.text);
    if (chunk.embedding.empty()) {
      params.emplace_back(std::monostate{});
    } else {
      params.emplace_back(encode_embedding(chunk.embedding));
    }
  }
  OVOS_TRY(conn.exec(sql, params));
  return core::ok();
}

}  // namespace

core::Result<KnowledgeBase> SqlStore::create_knowledge_base(const KnowledgeBase& base) {
  const std::string id = base.id.empty() ? core::new_id() : base.id;
  const SqlParams params = {id,           base.user_id,    base.name,      base.embedding_json,
                            base.version, base.created_at, base.updated_at};
  auto result = run([&](SqlConnection& conn) -> core::Result<KnowledgeBase> {
    OVOS_TRY(conn.exec(join_sql({"INSERT INTO knowledge_bases (", kBaseInsertColumns,
                                 ") VALUES (?, ?, ?, ?, ?, ?, ?)"}),
                       params));
    return single_row(
        conn.exec(join_sql({"SELECT ", kBaseColumns, " FROM knowledge_bases WHERE id = ?"}), {id}),
        &base_from_row, "knowledge base not created");
  });
  result = with_message(std::move(result), core::ErrorCode::kNotFound, "user not found");
  return with_message(std::move(result), core::ErrorCode::kConflict,
                      "knowledge base already exists");
}

core::Result<KnowledgeBase> SqlStore::get_knowledge_base(std::string_view user_id,
                                                         std::string_view id) {
  return run([&](SqlConnection& conn) {
    return single_row(conn.exec(join_sql({"SELECT ", kBaseColumns,
                                          " FROM knowledge_bases WHERE id = ? AND user_id = ?"}),
                                {std::string(id), std::string(user_id)}),
                      &base_from_row, kBaseNotFound);
  });
}

core::Result<Page<KnowledgeBase>> SqlStore::list_knowledge_bases(std::string_view user_id,
                                                                 int limit, int offset) {
  const std::string from_where = "FROM knowledge_bases WHERE user_id = ?";
  const auto window = clamp_window(limit, offset);
  return run([&](SqlConnection& conn) {
    return query_page(conn, kBaseColumns, from_where, {std::string(user_id)}, window,
                      &base_from_row);
  });
}

core::Result<void> SqlStore::delete_knowledge_base(std::string_view user_id, std::string_view id) {
  return run([&](SqlConnection& conn) {
    return expect_affected(conn.exec("DELETE FROM knowledge_bases WHERE id = ? AND user_id = ?",
                                     {std::string(id), std::string(user_id)}),
                           kBaseNotFound);
  });
}

core::Result<KnowledgeDocument> SqlStore::add_knowledge_document(
    const KnowledgeDocument& document, const std::vector<KnowledgeChunk>& chunks) {
  KnowledgeDocument doc = document;
  if (doc.id.empty()) doc.id = core::new_id();
  doc.chunk_count = static_cast<std::int64_t>(chunks.size());
  const SqlParams params = {doc.id,         doc.knowledge_base_id, doc.user_id,
                            doc.filename,   doc.content_type,      doc.size_bytes,
                            doc.characters, doc.chunk_count,       doc.created_at};
  auto result = run([&](SqlConnection& conn) {
    return with_write_transaction(conn, [&]() -> core::Result<KnowledgeDocument> {
      // First, so that concurrent uploads to one base queue on its row.
      OVOS_TRY(bump_version(conn, doc.user_id, doc.knowledge_base_id, doc.created_at));
      OVOS_ASSIGN_OR_RETURN(
          auto stored,
          single_row(conn.exec(join_sql({"INSERT INTO knowledge_documents (", kDocumentColumns,
                                         ") VALUES (", placeholders(params.size()), ") RETURNING ",
                                         kDocumentColumns}),
                               params),
                     &document_from_row, "document not created"));
      for (std::size_t begin = 0; begin < chunks.size(); begin += kChunksPerInsert) {
        OVOS_TRY(insert_chunks(conn, stored, chunks, begin,
                               std::min(chunks.size(), begin + kChunksPerInsert)));
      }
      return stored;
    });
  });
  return with_message(std::move(result), core::ErrorCode::kConflict, "document already exists");
}

core::Result<std::vector<KnowledgeDocument>> SqlStore::list_knowledge_documents(
    std::string_view user_id, std::string_view knowledge_base_id) {
  return run([&](SqlConnection& conn) -> core::Result<std::vector<KnowledgeDocument>> {
    OVOS_TRY(owned_base(conn, user_id, knowledge_base_id));
    OVOS_ASSIGN_OR_RETURN(
        const auto rows,
        conn.exec(join_sql({"SELECT ", kDocumentColumns,
                            " FROM knowledge_documents WHERE knowledge_base_id = ? AND user_id = ? "
                            "ORDER BY created_at ASC, id ASC"}),
                  {std::string(knowledge_base_id), std::string(user_id)}));
    return map_rows(rows, &document_from_row);
  });
}

core::Result<void> SqlStore::delete_knowledge_document(std::string_view user_id,
                                                       std::string_view knowledge_base_id,
                                                       std::string_view document_id,
                                                       std::int64_t now) {
  return run([&](SqlConnection& conn) {
    return with_write_transaction(conn, [&]() -> core::Result<void> {
      OVOS_TRY(bump_version(conn, user_id, knowledge_base_id, now));
      return expect_affected(
          conn.exec(
              "DELETE FROM knowledge_documents WHERE id = ? AND knowledge_base_id = ? AND "
              "user_id = ?",
              {std::string(document_id), std::string(knowledge_base_id), std::string(user_id)}),
          "document not found");
    });
  });
}

core::Result<std::vector<KnowledgeChunk>> SqlStore::list_knowledge_chunks(
    std::string_view user_id, std::string_view knowledge_base_id) {
  return run([&](SqlConnection& conn) -> core::Result<std::vector<KnowledgeChunk>> {
    OVOS_TRY(owned_base(conn, user_id, knowledge_base_id));
    OVOS_ASSIGN_OR_RETURN(
        const auto rows,
        conn.exec("SELECT c.document_id, c.knowledge_base_id, c.user_id, c.ordinal, c.start_char, "
                  "c.end_char, c.text, c.embedding, d.filename FROM knowledge_chunks c "
                  "JOIN knowledge_documents d ON d.id = c.document_id "
                  "WHERE c.knowledge_base_id = ? AND c.user_id = ? "
                  "ORDER BY d.created_at ASC, c.document_id ASC, c.ordinal ASC",
                  {std::string(knowledge_base_id), std::string(user_id)}));
    return map_rows(rows, &chunk_from_row);
  });
}

}  // namespace ovos::store
