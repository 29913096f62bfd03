#include "agents/demo_agent.h"

#include <span>

#include "core/embedded_file.h"

namespace ovos::embedded {
std::span<const core::EmbeddedFile> agent_demo_files();
}  // namespace ovos::embedded

namespace ovos::agents {

std::string_view demo_agent_json() {
  for (const core::EmbeddedFile& file : embedded::agent_demo_files()) {
    if (file.path == "demo_receptionist.json") return file.contents;
  }
  return {};
}

}  // namespace ovos::agents
