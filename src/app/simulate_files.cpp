#include "app/simulate_files.h"

#include <fstream>
#include <sstream>
#include <system_error>

namespace ovos::app {

core::Result<std::string> read_text_file(const std::filesystem::path& path,
                                         std::uint64_t max_bytes) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) {
    return core::Error::not_found(path.string() + ": no such file");
  }
  if (!std::filesystem::is_regular_file(status)) {
    return core::Error::invalid(path.string() + ": not a regular file");
  }
  if (std::filesystem::file_size(path, ec) > max_bytes || ec) {
    return core::Error{core::ErrorCode::kTooLarge,
                       path.string() + ": larger than " + std::to_string(max_bytes) + " bytes",
                       {}};
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::Error::invalid(path.string() + ": cannot be read");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace ovos::app
