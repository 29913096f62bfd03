// .env files are edited by hand: any text parses or is refused with a line number.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/config.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto parsed =
      ovos::core::parse_dotenv(std::string_view(reinterpret_cast<const char*>(data), size));
  if (parsed.ok()) (void)ovos::core::load_settings(*parsed, {}, {});
  return 0;
}
