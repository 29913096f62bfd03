#include "agents/knowledge/embeddings_protocol.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cmath>
#include <limits>

namespace ovos::agents::knowledge {
namespace {

namespace json = boost::json;

core::Error malformed(const std::string& what) {
  return core::Error::unavailable("malformed embeddings response: " + what);
}

// A JSON number as a finite float, or nullopt.
std::optional<float> number(const json::value& v) {
  double d = 0;
  if (v.is_double()) {
    d = v.get_double();
  } else if (v.is_int64()) {
    d = static_cast<double>(v.get_int64());
  } else if (v.is_uint64()) {
    d = static_cast<double>(v.get_uint64());
  } else {
    return std::nullopt;
  }
  if (!std::isfinite(d) || std::fabs(d) > std::numeric_limits<float>::max()) return std::nullopt;
  return static_cast<float>(d);
}

}  // namespace

std::string embeddings_request_body(std::string_view model, std::span<const std::string> inputs) {
  json::array input;
  input.reserve(inputs.size());
  for (const auto& text : inputs)
    input.emplace_back(text);
  return json::serialize(json::object{{"model", model}, {"input", std::move(input)}});
}

core::Result<std::vector<std::vector<float>>> parse_embeddings_response(std::string_view body,
                                                                        std::size_t expected) {
  boost::system::error_code ec;
  const json::value parsed = json::parse(body, ec);
  if (ec) return malformed("not JSON");
  const json::value* data = parsed.is_object() ? parsed.get_object().if_contains("data") : nullptr;
  if (data == nullptr || !data->is_array()) return malformed("no \"data\" array");
  const auto& items = data->get_array();
  if (items.size() != expected) {
    return malformed(std::to_string(items.size()) + " vectors for " + std::to_string(expected) +
                     " inputs");
  }
  std::vector<std::vector<float>> out(expected);
  std::vector<bool> filled(expected, false);
  std::size_t dimensions = 0;
  for (std::size_t position = 0; position < items.size(); ++position) {
    const std::string where = "data[" + std::to_string(position) + "]";
    if (!items[position].is_object()) return malformed(where + " is not an object");
    const auto& item = items[position].get_object();
    std::size_t index = position;
    if (const json::value* i = item.if_contains("index")) {
      if (!i->is_int64() || i->get_int64() < 0 ||
          static_cast<std::uint64_t>(i->get_int64()) >= expected) {
        return malformed(where + ".index is not an input's position");
      }
      index = static_cast<std::size_t>(i->get_int64());
    }
    if (filled[index]) return malformed("index " + std::to_string(index) + " appears twice");
    const json::value* embedding = item.if_contains("embedding");
    if (embedding == nullptr || !embedding->is_array() || embedding->get_array().empty()) {
      return malformed(where + ".embedding is not a non-empty array (ask for float vectors)");
    }
    auto& vector = out[index];
    vector.reserve(embedding->get_array().size());
    for (const auto& v : embedding->get_array()) {
      const auto value = number(v);
      if (!value) return malformed(where + ".embedding has a value that is not a finite number");
      vector.push_back(*value);
    }
    if (dimensions == 0) dimensions = vector.size();
    if (vector.size() != dimensions) {
      return malformed("vectors of " + std::to_string(dimensions) + " and " +
                       std::to_string(vector.size()) + " dimensions");
    }
    filled[index] = true;
  }
  return out;
}

}  // namespace ovos::agents::knowledge
