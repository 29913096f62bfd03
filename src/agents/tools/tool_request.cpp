#include "agents/tools/tool_request.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "agents/tools/tool_template.h"

namespace ovos::agents::tools {

namespace json = boost::json;

namespace {

bool sends_body(std::string_view method) {
  return method == "POST" || method == "PUT" || method == "PATCH";
}

// An object's values filled as templates; a value that is exactly one placeholder keeps the
// type of what it names.
core::Result<json::value> fill_object(const json::value& value, const json::object& values) {
  if (value.is_string()) {
    const std::string name = whole_placeholder(value.get_string());
    if (!name.empty()) {
      if (const json::value* v = values.if_contains(name)) return *v;
    }
    OVOS_ASSIGN_OR_RETURN(std::string text,
                          fill_template(value.get_string(), values, TemplateEscape::kNone));
    return json::value(json::string(text));
  }
  if (value.is_object()) {
    json::object out;
    for (const auto& [key, item] : value.get_object()) {
      OVOS_ASSIGN_OR_RETURN(json::value filled, fill_object(item, values));
      out[key] = std::move(filled);
    }
    return json::value(std::move(out));
  }
  if (value.is_array()) {
    json::array out;
    for (const auto& item : value.get_array()) {
      OVOS_ASSIGN_OR_RETURN(json::value filled, fill_object(item, values));
      out.push_back(std::move(filled));
    }
    return json::value(std::move(out));
  }
  return value;
}

std::string query_of(const json::object& fields) {
  std::string query;
  for (const auto& [key, value] : fields) {
    if (!query.empty()) query += '&';
    query += url_encode(key) + "=" + url_encode(template_text(value));
  }
  return query;
}

void add_query(std::string& url, std::string_view query) {
  if (query.empty()) return;
  if (query.front() == '?' || query.front() == '&') query.remove_prefix(1);
  url += url.find('?') == std::string::npos ? '?' : '&';
  url += query;
}

}  // namespace

json::object template_values(const json::object& arguments,
                             const std::map<std::string, std::string>& variables) {
  json::object values;
  for (const auto& [name, value] : variables)
    values[name] = value;
  for (const auto& [name, value] : arguments)
    values[name] = value;
  return values;
}

core::Result<net::HttpClientRequest> build_tool_request(
    const ToolSpec& spec, const json::object& arguments,
    const std::map<std::string, std::string>& variables) {
  const json::object values = template_values(arguments, variables);
  net::HttpClientRequest request;
  request.method = spec.method;
  OVOS_ASSIGN_OR_RETURN(request.url, fill_template(spec.url, values, TemplateEscape::kUrl));
  request.headers.push_back({"Accept", "application/json"});
  if (sends_body(spec.method)) {
    std::string content_type = "application/json";
    if (spec.param.is_null()) {
      request.body = json::serialize(arguments);
    } else if (spec.param.is_string()) {
      OVOS_ASSIGN_OR_RETURN(request.body,
                            fill_template(spec.param.get_string(), values, TemplateEscape::kJson));
      boost::system::error_code ec;
      (void)json::parse(request.body, ec);
      if (ec) content_type = "text/plain; charset=utf-8";
    } else {
      OVOS_ASSIGN_OR_RETURN(const json::value body, fill_object(spec.param, values));
      request.body = json::serialize(body);
    }
    request.headers.push_back({"Content-Type", content_type});
  } else if (spec.param.is_null()) {
    // The arguments the URL does not already carry.
    json::object rest;
    for (const auto& [name, value] : arguments) {
      if (spec.url.find("%(" + std::string(name) + ")") == std::string::npos) rest[name] = value;
    }
    add_query(request.url, query_of(rest));
  } else if (spec.param.is_string()) {
    OVOS_ASSIGN_OR_RETURN(const std::string query,
                          fill_template(spec.param.get_string(), values, TemplateEscape::kUrl));
    add_query(request.url, query);
  } else if (spec.param.is_object()) {
    OVOS_ASSIGN_OR_RETURN(const json::value fields, fill_object(spec.param, values));
    add_query(request.url, query_of(fields.get_object()));
  }
  if (!spec.api_token.empty()) {
    const bool has_scheme = spec.api_token.find(' ') != std::string::npos;
    request.headers.push_back(
        {"Authorization", has_scheme ? spec.api_token : "Bearer " + spec.api_token});
  }
  for (const auto& [name, value] : spec.headers) {
    OVOS_ASSIGN_OR_RETURN(std::string filled, fill_template(value, values, TemplateEscape::kNone));
    request.headers.push_back({name, std::move(filled)});
  }
  return request;
}

}  // namespace ovos::agents::tools
