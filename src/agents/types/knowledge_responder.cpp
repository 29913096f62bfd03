// A reply of a knowledge-base agent: retrieve, then answer with the passages in the prompt.
#include "agents/types/knowledge_responder.h"

#include <utility>

#include "core/utf8.h"

namespace ovos::agents {
namespace {

using providers::ChatMessage;

constexpr std::size_t kMaxQueryPartBytes = 500;

/// One reply in flight: the search, then the wrapped LLM reply. Lives in the unique_ptr the
/// session holds, on the call's executor; the search's callback reaches it only through a
/// task posted to that executor that checks `alive_` first.
class KnowledgeReply final : public ReplyInFlight {
 public:
  KnowledgeReply(LlmResponder& llm, const std::string& base_prompt,
                 std::vector<ChatMessage> history, core::Executor& executor, ReplyHandler on_event)
      : llm_(llm),
        base_prompt_(base_prompt),
        history_(std::move(history)),
        executor_(executor),
        on_event_(std::move(on_event)) {}
  ~KnowledgeReply() override { cancel(); }
  KnowledgeReply(const KnowledgeReply&) = delete;
  KnowledgeReply& operator=(const KnowledgeReply&) = delete;

  void start(const KnowledgeRetriever& retrieve, std::string query) {
    std::weak_ptr<bool> alive = alive_;
    core::Executor& executor = executor_;
    const auto deliver = [alive, &executor, this](std::vector<knowledge::Passage> passages) {
      executor.post([alive, this, passages = std::move(passages)]() mutable {
        const auto live = alive.lock();
        if (live && *live) answer(std::move(passages));
      });
    };
    if (query.empty()) {
      deliver({});
      return;
    }
    search_ = retrieve(std::move(query), deliver);
  }

  void cancel() override {
    *alive_ = false;
    search_.cancel();
    if (inner_) inner_->cancel();
    inner_.reset();
  }

 private:
  void answer(std::vector<knowledge::Passage> passages) {
    search_ = knowledge::SearchCall();
    if (!passages.empty()) {
      ReplyEvent sources{ReplyEvent::Kind::kSources, {}, {}, {}, {}, {}};
      for (const auto& passage : passages)
        sources.sources.push_back(source_name(passage));
      const auto alive = alive_;  // outlives `this` if the handler destroys the reply
      on_event_(std::move(sources));
      if (!*alive) return;
    }
    llm_.set_system_prompt(knowledge_prompt(base_prompt_, passages));
    inner_ = llm_.reply(history_, executor_, on_event_);
  }

  LlmResponder& llm_;
  std::string base_prompt_;
  std::vector<ChatMessage> history_;
  core::Executor& executor_;
  ReplyHandler on_event_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
  knowledge::SearchCall search_;
  std::unique_ptr<ReplyInFlight> inner_;
};

std::string clipped(const std::string& text) {
  return text.size() <= kMaxQueryPartBytes ? text : core::clip_utf8(text, kMaxQueryPartBytes);
}

}  // namespace

KnowledgeRetriever knowledge_retriever(knowledge::KnowledgeService& service,
                                       std::shared_ptr<const knowledge::LoadedKnowledge> knowledge,
                                       knowledge::SearchOptions options) {
  return [&service, knowledge = std::move(knowledge), options](
             std::string query, std::function<void(std::vector<knowledge::Passage>)> done) {
    return service.search_async(knowledge, std::move(query), options, std::move(done));
  };
}

std::string knowledge_prompt(const std::string& base,
                             const std::vector<knowledge::Passage>& passages) {
  std::string out = base;
  if (!out.empty()) out += "\n\n";
  out += "## Knowledge\n";
  if (passages.empty()) {
    out +=
        "No passage of the knowledge base matches what the caller just said. If they ask for "
        "facts, say that you do not know rather than guess.";
    return out;
  }
  out +=
      "Passages from the knowledge base that may answer the caller. When the caller asks about "
      "something they cover, answer only from them and do not add facts they do not state. If "
      "they do not cover the question, say that you do not know rather than guess. Do not read "
      "out the passage numbers or file names.\n";
  for (std::size_t i = 0; i < passages.size(); ++i) {
    out += "\n[" + std::to_string(i + 1) + "] (" + passages[i].filename + ")\n" + passages[i].text +
           "\n";
  }
  return out;
}

std::string source_name(const knowledge::Passage& passage) {
  return passage.filename + " #" + std::to_string(passage.ordinal) + " (" + passage.document_id +
         ")";
}

std::string knowledge_query(const std::vector<ChatMessage>& history) {
  std::vector<const ChatMessage*> users;
  for (auto it = history.rbegin(); it != history.rend() && users.size() < 2; ++it) {
    if (it->role == ChatMessage::Role::kUser && !it->content.empty()) users.push_back(&*it);
  }
  if (users.empty()) return {};
  if (users.size() == 1) return clipped(users[0]->content);
  return clipped(users[1]->content) + "\n" + clipped(users[0]->content);
}

KnowledgeResponder::KnowledgeResponder(std::unique_ptr<LlmResponder> llm,
                                       KnowledgeRetriever retrieve)
    : llm_(std::move(llm)), base_prompt_(llm_->system_prompt()), retrieve_(std::move(retrieve)) {}

std::unique_ptr<ReplyInFlight> KnowledgeResponder::reply(const std::vector<ChatMessage>& history,
                                                         core::Executor& executor,
                                                         ReplyHandler on_event) {
  auto reply =
      std::make_unique<KnowledgeReply>(*llm_, base_prompt_, history, executor, std::move(on_event));
  reply->start(retrieve_, knowledge_query(history));
  return reply;
}

}  // namespace ovos::agents
