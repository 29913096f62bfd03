#include "app/simulate_agent.h"

#include <boost/json/parse.hpp>

#include "agents/agent_validator.h"
#include "app/simulate_files.h"

namespace ovos::app {

core::Result<api::AgentRuntime> load_agent(const std::filesystem::path& path,
                                           const providers::ProviderRegistry& registry) {
  OVOS_ASSIGN_OR_RETURN(const std::string text, read_text_file(path));
  boost::system::error_code ec;
  const boost::json::value document = boost::json::parse(text, ec);
  if (ec) return core::Error::invalid(path.string() + ": not valid JSON: " + ec.message());
  auto validated = agents::validate_agent(document);
  if (!validated.ok()) {
    core::Error error = std::move(validated).error();
    error.message = path.string() + ": " + error.message;
    return error;
  }
  auto runtime = api::prepare_agent(validated->document, registry);
  if (!runtime.ok()) {
    core::Error error = std::move(runtime).error();
    error.message = path.string() + ": " + error.message;
    return error;
  }
  if (runtime->rag) {
    return core::Error::validation(
        path.string() + ": a knowledgebase_agent answers from the server's knowledge bases",
        {{runtime->rag->ids_path,
          "simulate runs offline without them; call the agent through "
          "the server (a web call) instead"}});
  }
  return runtime;
}

}  // namespace ovos::app
