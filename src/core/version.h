#pragma once

#include <string_view>

namespace ovos::core {

/// The product version, kept in step with CMakeLists.txt's project(VERSION).
inline constexpr std::string_view kVersion = "0.1.0";

}  // namespace ovos::core
