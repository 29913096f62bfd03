#include "agents/json_path.h"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

namespace ovos::agents {
namespace {

bool is_identifier(std::string_view key) {
  const auto word = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (c >= '0' && c <= '9');
  };
  return !key.empty() && !(key.front() >= '0' && key.front() <= '9') &&
         std::all_of(key.begin(), key.end(), word);
}

}  // namespace

std::string path_key(std::string_view base, std::string_view key) {
  std::string path(base);
  if (is_identifier(key)) {
    path += '.';
    path += key;
  } else {
    path += '[';
    path += boost::json::serialize(boost::json::string(key));
    path += ']';
  }
  return path;
}

std::string path_index(std::string_view base, std::size_t index) {
  return std::string(base) + "[" + std::to_string(index) + "]";
}

}  // namespace ovos::agents
