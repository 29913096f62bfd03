#pragma once

#include <span>
#include <string_view>

namespace ovos::core {

/// A file compiled into the binary by cmake/Embed.cmake (migrations, documents).
struct EmbeddedFile {
  std::string_view path;
  std::string_view contents;
};

}  // namespace ovos::core
