#include "agents/agent_validator.h"

#include <cstdio>
#include <cstdlib>
#include <span>

#include "agents/agent_rules.h"
#include "agents/error_collector.h"
#include "agents/json_schema_validator.h"
#include "core/embedded_file.h"

namespace ovos::embedded {
std::span<const core::EmbeddedFile> agent_schema_files();
}  // namespace ovos::embedded

namespace ovos::agents {

namespace json = boost::json;

namespace {

constexpr std::string_view kSchemaFile = "agent.schema.json";

const JsonSchemaValidator& agent_schema_validator() {
  static const JsonSchemaValidator validator = [] {
    auto created = JsonSchemaValidator::create(agent_schema_json());
    if (!created.ok()) {
      // The schema is compiled into the binary and tested; failing here is a build defect.
      std::fprintf(stderr, "agent schema is broken: %s\n", created.error().message.c_str());
      std::abort();
    }
    return std::move(created).value();
  }();
  return validator;
}

}  // namespace

std::string_view agent_schema_json() {
  for (const core::EmbeddedFile& file : embedded::agent_schema_files()) {
    if (file.path == kSchemaFile) return file.contents;
  }
  return {};
}

core::Result<ValidatedAgent> validate_agent(const json::value& document) {
  const JsonSchemaValidator& schema = agent_schema_validator();
  ErrorCollector out(JsonSchemaValidator::kDefaultMaxErrors);
  for (core::FieldError& error : schema.validate(document)) {
    out.add(std::move(error.path), std::move(error.message));
  }
  rules::check_agent(document, schema, out);
  if (!out.empty()) return core::Error::validation("agent is invalid", std::move(out).take());

  ValidatedAgent agent;
  agent.document = document.get_object();
  const json::object& config = agent.document.at("agent_config").get_object();
  agent.name = std::string(config.at("agent_name").get_string());
  const json::value* type = config.if_contains("agent_type");
  agent.agent_type = type != nullptr ? std::string(type->get_string()) : "other";
  return agent;
}

}  // namespace ovos::agents
