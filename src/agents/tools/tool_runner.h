#pragma once

// Runs the tools a model calls during one call.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "agents/tools/tool_spec.h"
#include "core/executor.h"
#include "providers/llm.h"

namespace ovos::net {
class HttpClient;
}

namespace ovos::agents::tools {

/// The outcome of one tool call.
struct ToolOutcome {
  ToolKind kind = ToolKind::kHttp;
  bool ok = true;
  std::string content;      // what the model is told
  std::string transfer_to;  // kTransfer: where the call goes
  std::int64_t elapsed_ms = 0;
};

/// A tool call in flight. Destroying it cancels it; its callback never runs afterwards.
class ToolRun {
 public:
  virtual ~ToolRun() = default;
};

/// Runs one call's tools. Used on the call's executor.
class ToolRunner {
 public:
  virtual ~ToolRunner() = default;
  /// The tools the model is offered (always includes end_call).
  [[nodiscard]] virtual const std::vector<ToolSpec>& tools() const = 0;
  /// Runs `call`; `done` runs once on `executor` (never inside this call), unless the returned
  /// run is destroyed first. Failures are outcomes with ok=false and a message for the model.
  [[nodiscard]] virtual std::unique_ptr<ToolRun> run(const providers::ToolCall& call,
                                                     core::Executor& executor,
                                                     std::function<void(ToolOutcome)> done) = 0;
};

/// Limits of HttpToolRunner.
struct HttpToolRunnerOptions {
  std::chrono::milliseconds timeout{10000};  // per tool call, told to the model when it passes
  std::size_t max_result_bytes = 4000;       // of the response body given to the model
};

/// Runs HTTP tools with an HttpClient (their templates filled from the arguments and the call's
/// variables); end_call succeeds at once; a transfer tool POSTs its URL first when it has one.
class HttpToolRunner final : public ToolRunner {
 public:
  /// `client` must outlive the runner and its runs; null: HTTP tools fail with a clear outcome.
  HttpToolRunner(std::shared_ptr<const std::vector<ToolSpec>> tools, net::HttpClient* client,
                 std::map<std::string, std::string> variables, HttpToolRunnerOptions options = {});

  [[nodiscard]] const std::vector<ToolSpec>& tools() const override { return *tools_; }
  [[nodiscard]] std::unique_ptr<ToolRun> run(const providers::ToolCall& call,
                                             core::Executor& executor,
                                             std::function<void(ToolOutcome)> done) override;

 private:
  std::shared_ptr<const std::vector<ToolSpec>> tools_;
  net::HttpClient* client_;
  std::map<std::string, std::string> variables_;
  HttpToolRunnerOptions options_;
};

}  // namespace ovos::agents::tools
