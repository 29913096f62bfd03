#include "api/json_input.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <cstdio>

#include "core/utf8.h"

namespace ovos::api {
namespace {

namespace json = boost::json;

// 0.5 -> "0.5", 1 -> "1".
std::string shortest(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

bool is_json_content_type(std::string_view type) {
  const auto semi = type.find(';');
  auto media = type.substr(0, semi);
  while (!media.empty() && media.back() == ' ')
    media.remove_suffix(1);
  return net::iequals(media, "application/json");
}

}  // namespace

core::Result<json::value> parse_json_body(const net::HttpRequest& request) {
  if (request.body.empty())
    return core::Error::invalid("the request body is empty; send a JSON object");
  const auto type = request.header("content-type");
  if (!type || !is_json_content_type(*type)) {
    return core::Error{core::ErrorCode::kUnsupportedMediaType,
                       "the request body must be JSON sent with Content-Type: application/json",
                       {}};
  }
  json::parse_options options;
  options.max_depth = 64;
  boost::system::error_code ec;
  json::value value = json::parse(request.body, ec, {}, options);
  if (ec) return core::Error::invalid("the request body is not valid JSON: " + ec.message());
  return value;
}

core::Result<json::object> parse_json_object_body(const net::HttpRequest& request) {
  OVOS_ASSIGN_OR_RETURN(json::value value, parse_json_body(request));
  if (!value.is_object()) {
    return core::Error::validation("the request body must be a JSON object",
                                   {{"$", "must be an object"}});
  }
  return std::move(value.as_object());
}

FieldReader::FieldReader(const json::object& object, std::string base_path)
    : object_(object), base_(std::move(base_path)) {}

std::string FieldReader::path(std::string_view key) const {
  return base_ + "." + std::string(key);
}

void FieldReader::fail(std::string_view key, std::string message) {
  errors_.push_back({path(key), std::move(message)});
}

std::optional<std::string> FieldReader::optional_string(std::string_view key,
                                                        std::size_t max_length) {
  known_.emplace_back(key);
  const auto* v = object_.if_contains(key);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_string()) {
    fail(key, "must be a string");
    return std::nullopt;
  }
  std::string s(v->as_string());
  if (core::utf8_length(s) > max_length) {
    fail(key, "must be at most " + std::to_string(max_length) + " characters");
    return std::nullopt;
  }
  return s;
}

std::string FieldReader::required_string(std::string_view key, std::size_t max_length) {
  const bool present = object_.contains(key) && !object_.at(key).is_null();
  auto s = optional_string(key, max_length);
  if (!present) {
    fail(key, "is required");
  } else if (s && s->empty()) {
    fail(key, "must not be empty");
  }
  return s.value_or("");
}

const json::object* FieldReader::required_object(std::string_view key) {
  known_.emplace_back(key);
  const auto* v = object_.if_contains(key);
  if (!v || v->is_null()) {
    fail(key, "is required");
    return nullptr;
  }
  if (!v->is_object()) {
    fail(key, "must be an object");
    return nullptr;
  }
  return &v->as_object();
}

const json::object* FieldReader::optional_object(std::string_view key) {
  known_.emplace_back(key);
  const auto* v = object_.if_contains(key);
  if (!v || v->is_null()) return nullptr;
  if (!v->is_object()) {
    fail(key, "must be an object");
    return nullptr;
  }
  return &v->as_object();
}

std::optional<std::int64_t> FieldReader::optional_integer(std::string_view key, std::int64_t min,
                                                          std::int64_t max) {
  known_.emplace_back(key);
  const auto* v = object_.if_contains(key);
  if (!v || v->is_null()) return std::nullopt;
  const auto range =
      "must be an integer from " + std::to_string(min) + " to " + std::to_string(max);
  if (v->is_int64() && v->get_int64() >= min && v->get_int64() <= max) return v->get_int64();
  if (v->is_uint64() && v->get_uint64() <= static_cast<std::uint64_t>(max) &&
      static_cast<std::int64_t>(v->get_uint64()) >= min) {
    return static_cast<std::int64_t>(v->get_uint64());
  }
  fail(key, range);
  return std::nullopt;
}

std::optional<double> FieldReader::optional_number(std::string_view key, double min, double max) {
  known_.emplace_back(key);
  const auto* v = object_.if_contains(key);
  if (!v || v->is_null()) return std::nullopt;
  double value = 0;
  if (v->is_double()) {
    value = v->get_double();
  } else if (v->is_int64()) {
    value = static_cast<double>(v->get_int64());
  } else if (v->is_uint64()) {
    value = static_cast<double>(v->get_uint64());
  } else {
    fail(key, "must be a number");
    return std::nullopt;
  }
  if (!(value >= min && value <= max)) {
    fail(key, "must be a number from " + shortest(min) + " to " + shortest(max));
    return std::nullopt;
  }
  return value;
}

core::Result<void> FieldReader::finish() {
  for (const auto& [key, _] : object_) {
    if (std::find(known_.begin(), known_.end(), key) == known_.end()) {
      errors_.push_back({path(key), "unknown field '" + std::string(key) + "'"});
    }
  }
  if (errors_.empty()) return core::ok();
  return core::Error::validation("the request body is invalid", std::move(errors_));
}

}  // namespace ovos::api
