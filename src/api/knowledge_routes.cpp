// Knowledge bases: create, list, delete; upload, list and delete documents; search.
#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "agents/knowledge/embedding_settings.h"
#include "agents/knowledge/knowledge_service.h"
#include "api/json_input.h"
#include "api/route_helpers.h"
#include "api/routes.h"
#include "core/ids.h"
#include "core/logging.h"
#include "core/time_text.h"

namespace ovos::api {
namespace {

namespace json = boost::json;
namespace knowledge = agents::knowledge;
using Handler = core::Result<net::HttpResponse>;

json::object knowledge_base_json(const store::KnowledgeBase& base) {
  json::value embedding = nullptr;
  if (!base.embedding_json.empty()) {
    boost::system::error_code ec;
    embedding = json::parse(base.embedding_json, ec);
    if (ec) embedding = nullptr;
  }
  return {{"id", base.id},
          {"name", base.name},
          {"embedding", std::move(embedding)},
          {"document_count", base.document_count},
          {"version", base.version},
          {"created_at", core::format_utc_time(base.created_at)},
          {"updated_at", core::format_utc_time(base.updated_at)}};
}

json::object document_json(const store::KnowledgeDocument& doc) {
  return {{"id", doc.id},
          {"knowledge_base_id", doc.knowledge_base_id},
          {"filename", doc.filename},
          {"content_type", doc.content_type},
          {"size_bytes", doc.size_bytes},
          {"characters", doc.characters},
          {"chunk_count", doc.chunk_count},
          {"created_at", core::format_utc_time(doc.created_at)}};
}

json::object passage_json(const knowledge::Passage& passage) {
  return {{"knowledge_base_id", passage.knowledge_base_id},
          {"document_id", passage.document_id},
          {"filename", passage.filename},
          {"chunk_ordinal", passage.ordinal},
          {"text", passage.text},
          {"score", passage.score}};
}

Handler create_base(ApiContext& context, const Authenticator& auth, const net::HttpRequest& r) {
  OVOS_ASSIGN_OR_RETURN(const auto me, auth.authenticate(r));
  OVOS_ASSIGN_OR_RETURN(const auto body, parse_json_object_body(r));
  FieldReader reader(body);
  const std::string name = reader.required_string("name", 200);
  std::optional<knowledge::EmbeddingSettings> embedding;
  std::vector<core::FieldError> embedding_errors;
  if (const json::object* settings = reader.optional_object("embedding")) {
    auto parsed = knowledge::parse_embedding_settings(*settings, "$.embedding");
    if (parsed.ok()) {
      embedding = std::move(parsed).value();
    } else {
      embedding_errors = std::move(parsed).error().fields;
    }
  }
  auto checked = reader.finish();
  if (!checked.ok() || !embedding_errors.empty()) {
    std::vector<core::FieldError> fields =
        checked.ok() ? std::vector<core::FieldError>{} : std::move(checked).error().fields;
    fields.insert(fields.end(), embedding_errors.begin(), embedding_errors.end());
    return core::Error::validation("the request body is invalid", std::move(fields));
  }
  const auto now = context.clock.unix_ms();
  store::KnowledgeBase base;
  base.id = core::new_id(now);
  base.user_id = me.user.id;
  base.name = name;
  if (embedding) base.embedding_json = json::serialize(embedding->to_json());
  base.created_at = now;
  base.updated_at = now;
  OVOS_ASSIGN_OR_RETURN(const auto created, context.store.create_knowledge_base(base));
  core::log_info("knowledge_base.created",
                 {{"user_id", me.user.id}, {"knowledge_base_id", created.id}});
  return json_response(201, knowledge_base_json(created));
}

Handler list_bases(ApiContext& context, const Authenticator& auth, const net::HttpRequest& r) {
  OVOS_ASSIGN_OR_RETURN(const auto me, auth.authenticate(r));
  OVOS_ASSIGN_OR_RETURN(const int limit, int_query(r, "limit", 50, 1, 200));
  OVOS_ASSIGN_OR_RETURN(const int offset, int_query(r, "offset", 0, 0, 1'000'000'000));
  OVOS_ASSIGN_OR_RETURN(const auto page,
                        context.store.list_knowledge_bases(me.user.id, limit, offset));
  json::array items;
  for (const auto& base : page.items)
    items.push_back(knowledge_base_json(base));
  return json_response(200, page_json(std::move(items), page.total, limit, offset));
}

Handler delete_base(ApiContext& context, const Authenticator& auth, const net::HttpRequest& r,
                    std::string_view id) {
  OVOS_ASSIGN_OR_RETURN(const auto me, auth.authenticate(r));
  OVOS_TRY(context.store.delete_knowledge_base(me.user.id, id));
  context.knowledge->forget(std::string(id));
  core::log_info("knowledge_base.deleted", {{"user_id", me.user.id}, {"knowledge_base_id", id}});
  return no_content();
}

// POST .../documents: the raw file as the body, its type in Content-Type, ?filename=.
Handler upload(ApiContext& context, const Authenticator& auth, const net::HttpRequest& r,
               std::string_view id) {
  OVOS_ASSIGN_OR_RETURN(const auto me, auth.authenticate(r));
  OVOS_ASSIGN_OR_RETURN(const auto base, context.store.get_knowledge_base(me.user.id, id));
  OVOS_ASSIGN_OR_RETURN(const auto type,
                        knowledge::document_type(r.header("content-type").value_or("")));
  const std::string default_name = type == knowledge::DocumentType::kPdf        ? "document.pdf"
                                   : type == knowledge::DocumentType::kMarkdown ? "document.md"
                                                                                : "document.txt";
  OVOS_ASSIGN_OR_RETURN(
      auto filename, knowledge::check_filename(r.query_param("filename").value_or(default_name)));
  OVOS_ASSIGN_OR_RETURN(const auto document,
                        context.knowledge->add_document(base, type, std::move(filename), r.body,
                                                        context.clock.unix_ms()));
  return json_response(201, document_json(document));
}

Handler list_documents(ApiContext& context, const Authenticator& auth, const net::HttpRequest& r,
                       std::string_view id) {
  OVOS_ASSIGN_OR_RETURN(const auto me, auth.authenticate(r));
  OVOS_ASSIGN_OR_RETURN(const auto documents,
                        context.store.list_knowledge_documents(me.user.id, id));
  json::array items;
  for (const auto& doc : documents)
    items.push_back(document_json(doc));
  return json_response(200, json::object{{"items", std::move(items)}});
}

Handler search(ApiContext& context, const Authenticator& auth, const net::HttpRequest& r,
               std::string_view id) {
  OVOS_ASSIGN_OR_RETURN(const auto me, auth.authenticate(r));
  OVOS_ASSIGN_OR_RETURN(const auto base, context.store.get_knowledge_base(me.user.id, id));
  OVOS_ASSIGN_OR_RETURN(const auto body, parse_json_object_body(r));
  FieldReader reader(body);
  const std::string query = reader.required_string("query", 2000);
  knowledge::SearchOptions options;
  if (auto top_k = reader.optional_integer("top_k", 1, 50)) {
    options.top_k = static_cast<std::size_t>(*top_k);
  }
  if (auto threshold = reader.optional_number("score_threshold", 0, 1)) {
    options.score_threshold = *threshold;
  }
  OVOS_TRY(reader.finish());
  OVOS_ASSIGN_OR_RETURN(auto source, context.knowledge->source(base));
  knowledge::LoadedKnowledge loaded;
  loaded.sources.push_back(std::move(source));
  OVOS_ASSIGN_OR_RETURN(const auto passages, context.knowledge->search(loaded, query, options));
  json::array items;
  for (const auto& passage : passages)
    items.push_back(passage_json(passage));
  return json_response(200, json::object{{"items", std::move(items)}});
}

}  // namespace

void add_knowledge_routes(Router& router, ApiContext& context, const Authenticator& auth) {
  router.add("POST", "/v1/knowledge-bases", [&](const net::HttpRequest& r, const RouteParams&) {
    return create_base(context, auth, r);
  });
  router.add("GET", "/v1/knowledge-bases", [&](const net::HttpRequest& r, const RouteParams&) {
    return list_bases(context, auth, r);
  });
  router.add("GET", "/v1/knowledge-bases/{id}",
             [&](const net::HttpRequest& r, const RouteParams& p) -> Handler {
               OVOS_ASSIGN_OR_RETURN(const auto me, auth.authenticate(r));
               OVOS_ASSIGN_OR_RETURN(const auto base,
                                     context.store.get_knowledge_base(me.user.id, p.get("id")));
               return json_response(200, knowledge_base_json(base));
             });
  router.add("DELETE", "/v1/knowledge-bases/{id}",
             [&](const net::HttpRequest& r, const RouteParams& p) {
               return delete_base(context, auth, r, p.get("id"));
             });
  router.add("POST", "/v1/knowledge-bases/{id}/documents",
             [&](const net::HttpRequest& r, const RouteParams& p) {
               return upload(context, auth, r, p.get("id"));
             });
  router.add("GET", "/v1/knowledge-bases/{id}/documents",
             [&](const net::HttpRequest& r, const RouteParams& p) {
               return list_documents(context, auth, r, p.get("id"));
             });
  router.add("DELETE", "/v1/knowledge-bases/{id}/documents/{doc_id}",
             [&](const net::HttpRequest& r, const RouteParams& p) -> Handler {
               OVOS_ASSIGN_OR_RETURN(const auto me, auth.authenticate(r));
               OVOS_TRY(context.store.delete_knowledge_document(
                   me.user.id, p.get("id"), p.get("doc_id"), context.clock.unix_ms()));
               core::log_info("knowledge_document.deleted", {{"user_id", me.user.id}});
               return no_content();
             });
  router.add("POST", "/v1/knowledge-bases/{id}/search",
             [&](const net::HttpRequest& r, const RouteParams& p) {
               return search(context, auth, r, p.get("id"));
             });
}

}  // namespace ovos::api
