#include "agents/tools/tool_runner.h"

#include <atomic>
#include <boost/json/parse.hpp>

#include "agents/tools/tool_request.h"
#include "core/logging.h"
#include "core/utf8.h"
#include "net/http_client.h"

namespace ovos::agents::tools {

namespace json = boost::json;

namespace {

/// The vendor label of api_tools in ovos_vendor_errors_total: the tools' hosts are the users' own.
constexpr const char* kToolVendor = "api_tools";

// One run's state, shared by the handle and the callbacks queued for it. `finished` is read and
// written on the call's executor only.
struct RunState {
  RunState(core::Executor& e, std::function<void(ToolOutcome)> d)
      : executor(e), done(std::move(d)), started(e.clock().now()) {}
  core::Executor& executor;
  std::function<void(ToolOutcome)> done;
  bool finished = false;
  std::chrono::steady_clock::time_point started;
  net::HttpCall call;
  core::TimerHandle timer;

  void deliver(ToolOutcome outcome) {
    if (finished) return;
    finished = true;
    timer.cancel();
    outcome.elapsed_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(executor.clock().now() - started)
            .count();
    auto callback = std::move(done);
    callback(std::move(outcome));
  }
};

class StateRun final : public ToolRun {
 public:
  explicit StateRun(std::shared_ptr<RunState> state) : state_(std::move(state)) {}
  ~StateRun() override {
    state_->finished = true;
    state_->timer.cancel();
    state_->call.cancel();
  }

 private:
  std::shared_ptr<RunState> state_;
};

// Delivers `outcome` on the executor, later (never inside run()).
std::unique_ptr<ToolRun> deliver_later(core::Executor& executor,
                                       std::function<void(ToolOutcome)> done, ToolOutcome outcome) {
  auto state = std::make_shared<RunState>(executor, std::move(done));
  executor.post(
      [state, outcome = std::move(outcome)]() mutable { state->deliver(std::move(outcome)); });
  return std::make_unique<StateRun>(state);
}

ToolOutcome failure(ToolKind kind, std::string message) {
  return {kind, false, "error: " + std::move(message), {}, 0};
}

std::string seconds_text(std::chrono::milliseconds d) {
  const auto ms = d.count();
  return ms % 1000 == 0 ? std::to_string(ms / 1000) + " s" : std::to_string(ms) + " ms";
}

}  // namespace

HttpToolRunner::HttpToolRunner(std::shared_ptr<const std::vector<ToolSpec>> tools,
                               net::HttpClient* client,
                               std::map<std::string, std::string> variables,
                               HttpToolRunnerOptions options)
    : tools_(std::move(tools)),
      client_(client),
      variables_(std::move(variables)),
      options_(options) {}

std::unique_ptr<ToolRun> HttpToolRunner::run(const providers::ToolCall& call,
                                             core::Executor& executor,
                                             std::function<void(ToolOutcome)> done) {
  const ToolSpec* spec = find_tool(*tools_, call.name);
  if (spec == nullptr) {
    return deliver_later(executor, std::move(done),
                         failure(ToolKind::kHttp, "there is no tool named '" + call.name + "'"));
  }
  json::object arguments;
  if (!call.arguments.empty()) {
    boost::system::error_code ec;
    json::value parsed = json::parse(call.arguments, ec);
    if (ec || !parsed.is_object()) {
      return deliver_later(executor, std::move(done),
                           failure(spec->kind, "the arguments are not a JSON object"));
    }
    arguments = std::move(parsed.as_object());
  }
  ToolOutcome success{spec->kind, true, {}, {}, 0};
  if (spec->kind == ToolKind::kEndCall) {
    success.content = "the call will end after your goodbye";
    return deliver_later(executor, std::move(done), std::move(success));
  }
  if (spec->kind == ToolKind::kTransfer) {
    const json::value* number = arguments.if_contains("call_transfer_number");
    success.transfer_to = number != nullptr && number->is_string()
                              ? std::string(number->get_string())
                              : spec->transfer_number;
    if (success.transfer_to.empty() && spec->url.empty()) {
      return deliver_later(executor, std::move(done),
                           failure(spec->kind, "no number to transfer the call to"));
    }
    success.content = "the call is being transferred";
    if (spec->url.empty()) return deliver_later(executor, std::move(done), std::move(success));
    // Bolna posts the transfer to tools_params.url for the telephony side to act on.
    arguments["call_transfer_number"] = success.transfer_to;
    for (const char* key : {"call_id", "from_number", "to_number", "carrier"}) {
      if (auto it = variables_.find(key); it != variables_.end()) arguments[key] = it->second;
    }
  }
  ToolSpec transfer_spec;
  if (spec->kind == ToolKind::kTransfer) {
    transfer_spec = *spec;
    transfer_spec.param = nullptr;  // the payload is the arguments and the call's identity
    spec = &transfer_spec;
  }
  auto request = build_tool_request(*spec, arguments, variables_);
  if (!request.ok()) {
    std::string message = request.error().message;
    for (const auto& field : request.error().fields)
      message += ": " + field.message;
    return deliver_later(executor, std::move(done), failure(spec->kind, message));
  }
  if (client_ == nullptr) {
    return deliver_later(executor, std::move(done),
                         failure(spec->kind, "tools cannot make HTTP requests in this process"));
  }
  auto state = std::make_shared<RunState>(executor, std::move(done));
  const std::weak_ptr<RunState> weak = state;
  const auto timeout = options_.timeout;
  state->timer = executor.post_after(timeout, [weak, kind = spec->kind, timeout] {
    if (auto s = weak.lock()) {
      s->call.cancel();
      core::count_vendor_error({kToolVendor, core::VendorKind::kTool},
                               core::VendorErrorReason::kTimeout);
      s->deliver(failure(kind, "the tool did not answer within " + seconds_text(timeout)));
    }
  });
  const std::size_t limit = options_.max_result_bytes;
  state->call = net::send_and_collect(
      *client_, std::move(*request),
      [weak, success, limit](core::Result<net::HttpClientResponse> result) mutable {
        auto s = weak.lock();
        if (!s) return;
        ToolOutcome outcome = success;
        if (!result.ok()) {
          outcome = failure(success.kind, "the request failed: " + result.error().message);
          if (result.error().code == core::ErrorCode::kPermissionDenied) {
            core::log_warn("tool.refused",
                           {{"reason", result.error().message},
                            {"hint",
                             "OVOS_TOOLS_ALLOW_PRIVATE_NETWORKS=true allows private "
                             "networks"}});
          }
        } else if (result->status < 200 || result->status > 299) {
          outcome = failure(success.kind, "the tool's server answered HTTP " +
                                              std::to_string(result->status) + ": " +
                                              core::clip_utf8(result->body, limit / 4));
        } else if (success.kind == ToolKind::kHttp) {
          outcome.content = result->body.empty()
                                ? "done (HTTP " + std::to_string(result->status) + ")"
                                : core::clip_utf8(result->body, limit);
        }
        s->executor.post([weak, outcome = std::move(outcome)]() mutable {
          if (auto live = weak.lock()) live->deliver(std::move(outcome));
        });
      },
      core::VendorTag{kToolVendor, core::VendorKind::kTool});
  return std::make_unique<StateRun>(state);
}

}  // namespace ovos::agents::tools
