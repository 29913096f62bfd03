// KnowledgeService::add_document: from an uploaded file to a stored document with its chunks.
#include "agents/knowledge/embeddings_errors.h"
#include "agents/knowledge/knowledge_service.h"
#include "agents/knowledge/plain_text.h"
#include "core/logging.h"
#include "core/utf8.h"

namespace ovos::agents::knowledge {
namespace {

core::Error bad_filename(const std::string& message) {
  return core::Error::validation("the filename " + message, {{"query.filename", message}});
}

}  // namespace

core::Result<std::string> check_filename(std::string_view filename) {
  if (filename.empty()) return bad_filename("must not be empty");
  if (filename.size() > 255) return bad_filename("must be at most 255 bytes");
  if (!check_utf8(filename, "query.filename").ok()) return bad_filename("must be UTF-8");
  if (filename == "." || filename == "..") return bad_filename("must name a file");
  for (const char c : filename) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F || c == '/' || c == '\\') {
      return bad_filename("must not contain control characters, '/' or '\\'");
    }
  }
  return std::string(filename);
}

core::Result<store::KnowledgeDocument> KnowledgeService::add_document(
    const store::KnowledgeBase& base, DocumentType type, std::string filename,
    std::string_view bytes, std::int64_t now) {
  OVOS_ASSIGN_OR_RETURN(const auto settings, stored_embedding_settings(base.embedding_json));
  OVOS_ASSIGN_OR_RETURN(const auto extracted, extract_text(type, bytes, options_.extract));
  const auto pieces = chunk_text(extracted.text, options_.chunking);
  std::vector<store::KnowledgeChunk> chunks;
  chunks.reserve(pieces.size());
  for (const auto& piece : pieces) {
    store::KnowledgeChunk chunk;
    chunk.ordinal = piece.ordinal;
    chunk.start_char = static_cast<std::int64_t>(piece.start_char);
    chunk.end_char = static_cast<std::int64_t>(piece.end_char);
    chunk.text = piece.text;
    chunks.push_back(std::move(chunk));
  }
  if (settings) {
    OVOS_ASSIGN_OR_RETURN(auto target, target_for(base.user_id, *settings));
    std::vector<std::string> inputs;
    inputs.reserve(chunks.size());
    for (const auto& chunk : chunks)
      inputs.push_back(chunk.text);
    auto vectors = embeddings_.embed_blocking(std::move(target), std::move(inputs));
    if (!vectors.ok()) return embeddings_failure(std::move(vectors).error());
    for (std::size_t i = 0; i < chunks.size(); ++i)
      chunks[i].embedding = std::move((*vectors)[i]);
  }
  store::KnowledgeDocument document;
  document.knowledge_base_id = base.id;
  document.user_id = base.user_id;
  document.filename = std::move(filename);
  document.content_type = std::string(media_type(type));
  document.size_bytes = static_cast<std::int64_t>(bytes.size());
  document.characters = static_cast<std::int64_t>(extracted.characters);
  document.created_at = now;
  OVOS_ASSIGN_OR_RETURN(auto stored, store_.add_knowledge_document(document, chunks));
  core::log_info("knowledge.document_added", {{"user_id", base.user_id},
                                              {"knowledge_base_id", base.id},
                                              {"document_id", stored.id},
                                              {"chunks", static_cast<std::int64_t>(chunks.size())},
                                              {"embedded", settings.has_value()}});
  return stored;
}

}  // namespace ovos::agents::knowledge
