// Agent documents arrive from users: any bytes must parse or be refused, and any parsed JSON
// must validate or be refused with field errors, without crashing or hanging.
#include <boost/json/parse.hpp>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "agents/agent_validator.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  boost::system::error_code ec;
  boost::json::parse_options options;
  options.max_depth = 64;
  const auto value = boost::json::parse(std::string_view(reinterpret_cast<const char*>(data), size),
                                        ec, {}, options);
  if (ec) return 0;
  const auto result = ovos::agents::validate_agent(value);
  if (!result.ok() && result.error().fields.empty()) __builtin_trap();  // errors name a field
  if (result.ok()) (void)ovos::agents::effective_task_config({});
  return 0;
}
