#pragma once

#include <filesystem>

#include "api/call_setup.h"
#include "core/result.h"
#include "providers/registry.h"

namespace ovos::app {

/// Reads an agent file (Bolna agent JSON, as POST /v1/agents takes it), validates it with
/// agents::validate_agent and prepares it with api::prepare_agent against `registry`. Errors:
/// kNotFound or kInvalidArgument for an unreadable file or bad JSON, kValidation with every
/// problem's JSON path for an invalid agent or one whose providers cannot run here.
[[nodiscard]] core::Result<api::AgentRuntime> load_agent(
    const std::filesystem::path& path, const providers::ProviderRegistry& registry);

}  // namespace ovos::app
