// Knowledge bases over HTTP: create, upload (text, Markdown, PDF), list, search, delete, bad
// input (413, 415, 422), and embeddings through a loopback OpenAI-compatible server.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "api_fixture.h"
#include "support/fake_openai_server.h"
#include "unit/knowledge/test_pdf.h"

namespace ovos::testing {
namespace {

namespace json = boost::json;
using agents::knowledge::testing::make_pdf;
using providers::testing::CapturedRequest;
using providers::testing::FakeConnection;
using providers::testing::FakeOpenAiServer;

constexpr std::string_view kFaq =
    "Our shop opens at nine in the morning and closes at six in the evening.\n\n"
    "Refunds are granted within thirty days when you bring the receipt.\n\n"
    "Parcels ship with a tracked courier; shipping is free above fifty euros.";

// Embeds by topic (hours, refunds, shipping), so a test knows which passage a question is near.
std::string topic_embeddings(const CapturedRequest& request) {
  const auto body = json::parse(request.body).as_object();
  json::array data;
  std::size_t i = 0;
  for (const auto& input : body.at("input").as_array()) {
    const std::string_view text = input.as_string();
    const auto has = [&](std::string_view w) { return text.find(w) != std::string_view::npos; };
    json::array vector = {has("open") ? 1.0 : 0.01, has("efund") || has("money") ? 1.0 : 0.01,
                          has("arcel") ? 1.0 : 0.01};
    data.push_back(json::object{{"index", i++}, {"embedding", std::move(vector)}});
  }
  return json::serialize(json::object{{"data", std::move(data)}});
}

class KnowledgeApiTest : public ApiTest {
 protected:
  std::string create_base(const std::string& token, json::object body) {
    const auto r = http_->post("/v1/knowledge-bases", body, token);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? std::string(r.json().at("id").as_string()) : std::string();
  }
  HttpResult upload(const std::string& token, const std::string& base, std::string_view body,
                    const std::string& content_type, const std::string& filename = "") {
    std::string path = "/v1/knowledge-bases/" + base + "/documents";
    if (!filename.empty()) path += "?filename=" + filename;
    return http_->request("POST", path, std::string(body), token,
                          {"Content-Type: " + content_type});
  }
  HttpResult search(const std::string& token, const std::string& base, json::object body) {
    return http_->post("/v1/knowledge-bases/" + base + "/search", body, token);
  }
};
OVOS_API_TEST_SUITE(KnowledgeApiTest);

TEST_P(KnowledgeApiTest, CreateListGetDelete) {
  const auto token = register_user("kb@example.com");
  const auto r = http_->post("/v1/knowledge-bases", json::object{{"name", "Shop FAQ"}}, token);
  ASSERT_EQ(r.status, 201) << r.body;
  const auto base = r.json().as_object();
  EXPECT_EQ(base.at("name"), "Shop FAQ");
  EXPECT_TRUE(base.at("embedding").is_null());
  EXPECT_EQ(base.at("document_count"), 0);
  EXPECT_EQ(base.at("version"), 0);
  const std::string id(base.at("id").as_string());
  const auto embedded = http_->post(
      "/v1/knowledge-bases",
      json::object{{"name", "Manuals"},
                   {"embedding", {{"provider", "openai"}, {"model", "text-embedding-3-small"}}}},
      token);
  ASSERT_EQ(embedded.status, 201) << embedded.body;
  EXPECT_EQ(json::serialize(embedded.json().at("embedding")),
            R"({"provider":"openai","model":"text-embedding-3-small"})");

  const auto list = http_->get("/v1/knowledge-bases", token).json();
  EXPECT_EQ(list.at("total"), 2);
  EXPECT_EQ(list.at("items").as_array().at(1).at("id").as_string(), id);  // newest first
  EXPECT_EQ(http_->get("/v1/knowledge-bases?limit=0", token).status, 422);
  EXPECT_EQ(http_->get("/v1/knowledge-bases/" + id, token).json().at("name"), "Shop FAQ");
  EXPECT_EQ(http_->del("/v1/knowledge-bases/" + id, token).status, 204);
  EXPECT_EQ(http_->get("/v1/knowledge-bases/" + id, token).status, 404);
  EXPECT_EQ(http_->del("/v1/knowledge-bases/" + id, token).status, 404);
  EXPECT_EQ(http_->get("/v1/knowledge-bases", "").status, 401);
}

TEST_P(KnowledgeApiTest, CreateRefusesBadBodiesWithEveryPath) {
  const auto token = register_user("bad@example.com");
  const auto r =
      http_->post("/v1/knowledge-bases",
                  json::object{{"colour", "red"},
                               {"embedding", {{"provider", "anthropic"}, {"base_url", "ftp://x"}}}},
                  token);
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.error_paths(), (std::set<std::string>{"$.name", "$.colour", "$.embedding.provider",
                                                    "$.embedding.model", "$.embedding.base_url"}));
  EXPECT_EQ(http_->post("/v1/knowledge-bases", json::object{{"name", "x"}, {"embedding", 3}}, token)
                .error_paths(),
            (std::set<std::string>{"$.embedding"}));
  EXPECT_EQ(http_
                ->request("POST", "/v1/knowledge-bases", "name=x", token,
                          {"Content-Type: application/x-www-form-urlencoded"})
                .status,
            415);
}

TEST_P(KnowledgeApiTest, UploadsTextMarkdownAndPdfThenSearchesAndDeletes) {
  const auto token = register_user("docs@example.com");
  const auto base = create_base(token, {{"name", "Shop"}});
  const auto text = upload(token, base, kFaq, "text/plain; charset=utf-8", "faq.txt");
  ASSERT_EQ(text.status, 201) << text.body;
  EXPECT_EQ(text.json().at("filename"), "faq.txt");
  EXPECT_EQ(text.json().at("content_type"), "text/plain");
  EXPECT_EQ(text.json().at("size_bytes"), static_cast<std::int64_t>(kFaq.size()));
  EXPECT_EQ(text.json().at("chunk_count"), 1);
  const auto md = upload(token, base, "# Gift cards\n\nGift cards **never** expire.",
                         "text/markdown", "gift%20cards.md");
  ASSERT_EQ(md.status, 201) << md.body;
  EXPECT_EQ(md.json().at("filename"), "gift cards.md");
  const auto pdf =
      upload(token, base, make_pdf({"Warranty covers two years of repairs."}), "application/pdf");
  ASSERT_EQ(pdf.status, 201) << pdf.body;
  EXPECT_EQ(pdf.json().at("filename"), "document.pdf");

  const auto docs = http_->get("/v1/knowledge-bases/" + base + "/documents", token).json();
  ASSERT_EQ(docs.at("items").as_array().size(), 3U);
  EXPECT_EQ(docs.at("items").as_array().at(0).at("id"), text.json().at("id"));
  EXPECT_EQ(http_->get("/v1/knowledge-bases/" + base, token).json().at("document_count"), 3);

  const auto hits = search(token, base, {{"query", "How long is the warranty?"}});
  ASSERT_EQ(hits.status, 200) << hits.body;
  const auto found = hits.json();
  const auto& items = found.at("items").as_array();
  ASSERT_EQ(items.size(), 1U);
  EXPECT_EQ(items[0].at("filename"), "document.pdf");
  EXPECT_EQ(items[0].at("chunk_ordinal"), 0);
  EXPECT_EQ(items[0].at("text"), "Warranty covers two years of repairs.");
  EXPECT_EQ(items[0].at("score"), 1.0);
  EXPECT_EQ(items[0].at("document_id"), pdf.json().at("id"));
  const auto gift = search(token, base, {{"query", "Do gift cards expire?"}, {"top_k", 1}});
  EXPECT_EQ(gift.json().at("items").at(0).at("text"), "Gift cards\n\nGift cards never expire.");

  const std::string pdf_path =
      "/v1/knowledge-bases/" + base + "/documents/" + std::string(pdf.json().at("id").as_string());
  EXPECT_EQ(http_->del(pdf_path, token).status, 204);
  EXPECT_EQ(http_->del(pdf_path, token).status, 404);
  EXPECT_TRUE(search(token, base, {{"query", "warranty"}}).json().at("items").as_array().empty());
  EXPECT_EQ(http_->get("/v1/knowledge-bases/" + base, token).json().at("version"), 4);
}

TEST_P(KnowledgeApiTest, RefusesBadUploadsClearly) {
  const auto token = register_user("uploads@example.com");
  const auto base = create_base(token, {{"name", "Shop"}});
  struct Case {
    std::string body;
    std::string type;
    std::string filename;
    long status;
    std::string needle;
  };
  const std::vector<Case> cases = {
      {"{}", "application/json", "", 415, "text/plain, text/markdown or application/pdf"},
      {"<p>x</p>", "text/html", "", 415, "not accepted"},
      {"caf\xe9", "text/plain; charset=iso-8859-1", "", 415, "UTF-8"},
      {"caf\xe9 au lait", "text/plain", "", 422, "not valid UTF-8 (first bad byte at offset 3)"},
      {" \n ", "text/plain", "", 422, "no text"},
      {make_pdf({""}), "application/pdf", "", 422, "no text layer"},
      {make_pdf({"secret"}, {.encrypted = true}), "application/pdf", "", 422, "encrypted"},
      {"%PDF-1.4 garbage", "application/pdf", "", 422, "damaged"},
      {"hello", "text/plain", "a%2Fb.txt", 422, "filename"},
      {"hello", "text/plain", "%01bell.txt", 422, "filename"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.type + " " + c.needle);
    const auto r = upload(token, base, c.body, c.type, c.filename);
    EXPECT_EQ(r.status, c.status) << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json");
    EXPECT_NE(r.body.find(c.needle), std::string::npos) << r.body;
  }
  EXPECT_EQ(upload(token, "0193a5b2-7c1e-7d3f-8a9b-1c2d3e4f5a6b", "hi", "text/plain").status, 404);
  EXPECT_TRUE(http_->get("/v1/knowledge-bases/" + base + "/documents", token)
                  .json()
                  .at("items")
                  .as_array()
                  .empty());
}

TEST_P(KnowledgeApiTest, SearchChecksItsBody) {
  const auto token = register_user("search@example.com");
  const auto base = create_base(token, {{"name", "Shop"}});
  EXPECT_EQ(search(token, base, {{"top_k", 0}, {"score_threshold", 2}, {"k", 1}}).error_paths(),
            (std::set<std::string>{"$.query", "$.top_k", "$.score_threshold", "$.k"}));
  EXPECT_EQ(search(token, base, {{"query", ""}}).status, 422);
  const auto empty = search(token, base, {{"query", "anything"}});
  EXPECT_EQ(empty.status, 200);
  EXPECT_TRUE(empty.json().at("items").as_array().empty());
}

TEST_P(KnowledgeApiTest, EmbeddedBaseSearchesByMeaningThroughTheProvider) {
  FakeOpenAiServer embeddings([](const CapturedRequest& r, int, FakeConnection& c) {
    if (r.target != "/v1/embeddings") {
      c.respond(404, R"({"error":{"message":"no such route"}})");
      return;
    }
    c.respond(200, topic_embeddings(r));
  });
  const auto token = register_user("vectors@example.com");
  // "custom" servers need no key; the base URL comes from the settings.
  const auto base = create_base(
      token,
      {{"name", "Shop"},
       {"embedding",
        {{"provider", "custom"}, {"model", "topics"}, {"base_url", embeddings.url() + "/v1"}}}});
  // One topic per document, so each passage has its own direction.
  for (const auto& [name, text] : std::vector<std::pair<std::string, std::string>>{
           {"hours.txt", "Our shop opens at nine in the morning and closes at six."},
           {"refunds.txt", "Refunds are granted within thirty days when you bring the receipt."},
           {"shipping.txt", "Parcels ship with a tracked courier, free above fifty euros."}}) {
    const auto doc = upload(token, base, text, "text/plain", name);
    ASSERT_EQ(doc.status, 201) << doc.body;
  }
  ASSERT_EQ(embeddings.requests().size(), 3U);
  EXPECT_EQ(json::parse(embeddings.requests()[0].body).at("model"), "topics");
  // Shares no keyword with the refunds passage: found by its vector.
  const auto hits = search(token, base, {{"query", "Can I get my money?"}, {"top_k", 1}});
  ASSERT_EQ(hits.status, 200) << hits.body;
  ASSERT_EQ(hits.json().at("items").as_array().size(), 1U);
  EXPECT_EQ(hits.json().at("items").at(0).at("filename"), "refunds.txt");
  EXPECT_GT(hits.json().at("items").at(0).at("score").as_double(), 0.99);
}

TEST_P(KnowledgeApiTest, EmbeddingProblemsAreClearAndStoreNothing) {
  FakeOpenAiServer refusing([](const CapturedRequest&, int, FakeConnection& c) {
    c.respond(401,
              R"({"error":{"message":"Incorrect API key provided","code":"invalid_api_key"}})");
  });
  const auto token = register_user("refused@example.com");
  // OpenAI without a stored key.
  const auto openai =
      create_base(token, {{"name", "A"}, {"embedding", {{"provider", "openai"}, {"model", "m"}}}});
  const auto no_key = upload(token, openai, kFaq, "text/plain");
  EXPECT_EQ(no_key.status, 422) << no_key.body;
  EXPECT_NE(no_key.body.find("POST /v1/provider-keys"), std::string::npos);
  EXPECT_EQ(search(token, openai, {{"query", "hours"}}).status, 422);
  // A stored key the provider refuses.
  const auto key = http_->post(
      "/v1/provider-keys",
      json::object{{"provider", "custom"},
                   {"credentials",
                    {{"base_url", refusing.url() + "/v1"}, {"api_key", "sk-wrong-0000000000"}}}},
      token);
  ASSERT_EQ(key.status, 201) << key.body;
  const auto custom =
      create_base(token, {{"name", "B"}, {"embedding", {{"provider", "custom"}, {"model", "m"}}}});
  const auto refused = upload(token, custom, kFaq, "text/plain");
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(refused.error_paths(), (std::set<std::string>{"$.embedding"}));
  EXPECT_NE(refused.body.find("HTTP 401 invalid_api_key"), std::string::npos);
  EXPECT_EQ(refused.body.find("sk-wrong"), std::string::npos);
  EXPECT_EQ(server_->log().find("sk-wrong"), std::string::npos);
  EXPECT_EQ(refusing.requests().at(0).headers.at("authorization"), "Bearer sk-wrong-0000000000");
  EXPECT_TRUE(http_->get("/v1/knowledge-bases/" + custom + "/documents", token)
                  .json()
                  .at("items")
                  .as_array()
                  .empty());
}

class SmallBodyKnowledgeApiTest : public KnowledgeApiTest {
  std::map<std::string, std::string> extra_env() override {
    return {{"OVOS_MAX_BODY_BYTES", "4096"}, {"OVOS_MAX_UPLOAD_BYTES", "8192"}};
  }
};
OVOS_API_TEST_SUITE(SmallBodyKnowledgeApiTest);

// Documents have their own limit (OVOS_MAX_UPLOAD_BYTES), larger than other bodies'.
TEST_P(SmallBodyKnowledgeApiTest, ADocumentOverTheUploadLimitIs413) {
  const auto token = register_user("big@example.com");
  const auto base = create_base(token, {{"name", "Shop"}});
  const auto r = upload(token, base, std::string(9000, 'a'), "text/plain");
  EXPECT_EQ(r.status, 413) << r.body;
  EXPECT_EQ(upload(token, base, std::string(6000, 'a'), "text/plain").status, 201)
      << "over the general body limit, within the upload limit";
  const auto other =
      http_->post("/v1/knowledge-bases", json::object{{"name", std::string(6000, 'x')}}, token);
  EXPECT_EQ(other.status, 413) << "other routes keep the general limit";
}

}  // namespace
}  // namespace ovos::testing
