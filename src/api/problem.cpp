#include "api/problem.h"

#include <boost/json.hpp>

namespace ovos::api {
namespace {

namespace json = boost::json;

std::string_view title_for(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 413:
      return "Payload Too Large";
    case 415:
      return "Unsupported Media Type";
    case 421:
      return "Misdirected Request";
    case 422:
      return "Unprocessable Content";
    case 429:
      return "Too Many Requests";
    case 503:
      return "Service Unavailable";
    default:
      return status >= 500 ? "Internal Server Error" : "Error";
  }
}

std::string_view type_for(core::ErrorCode code) {
  switch (code) {
    case core::ErrorCode::kInvalidArgument:
      return "/problems/bad-request";
    case core::ErrorCode::kValidation:
      return "/problems/validation";
    case core::ErrorCode::kUnauthenticated:
      return "/problems/unauthenticated";
    case core::ErrorCode::kPermissionDenied:
      return "/problems/forbidden";
    case core::ErrorCode::kNotFound:
      return "/problems/not-found";
    case core::ErrorCode::kConflict:
      return "/problems/conflict";
    case core::ErrorCode::kRateLimited:
      return "/problems/rate-limited";
    case core::ErrorCode::kTooLarge:
      return "/problems/too-large";
    case core::ErrorCode::kUnsupportedMediaType:
      return "/problems/unsupported-media-type";
    case core::ErrorCode::kUnavailable:
      return "/problems/unavailable";
    case core::ErrorCode::kInternal:
      return "/problems/internal";
  }
  return "about:blank";
}

}  // namespace

int http_status_for(core::ErrorCode code) {
  switch (code) {
    case core::ErrorCode::kInvalidArgument:
      return 400;
    case core::ErrorCode::kValidation:
      return 422;
    case core::ErrorCode::kUnauthenticated:
      return 401;
    case core::ErrorCode::kPermissionDenied:
      return 403;
    case core::ErrorCode::kNotFound:
      return 404;
    case core::ErrorCode::kConflict:
      return 409;
    case core::ErrorCode::kRateLimited:
      return 429;
    case core::ErrorCode::kTooLarge:
      return 413;
    case core::ErrorCode::kUnsupportedMediaType:
      return 415;
    case core::ErrorCode::kUnavailable:
      return 503;
    case core::ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

net::HttpResponse problem(const net::HttpRequest& request, const core::Error& error) {
  const int status = http_status_for(error.code);
  json::object body;
  body["type"] = type_for(error.code);
  body["title"] = title_for(status);
  body["status"] = status;
  // Internal errors may carry driver text; the client gets a generic message and the request id.
  body["detail"] = status >= 500 && error.code != core::ErrorCode::kUnavailable
                       ? std::string("internal error; quote the request id when reporting it")
                       : error.message;
  body["instance"] = request.path;
  body["request_id"] = request.request_id;
  if (!error.fields.empty()) {
    json::array errors;
    for (const auto& f : error.fields)
      errors.push_back(json::object{{"path", f.path}, {"message", f.message}});
    body["errors"] = std::move(errors);
  }
  auto response = net::HttpResponse::json(status, json::serialize(body));
  response.set_header("Content-Type", "application/problem+json");
  if (status == 401) response.set_header("WWW-Authenticate", "Bearer");
  return response;
}

net::HttpResponse problem(const net::HttpRequest& request, int status, std::string_view detail) {
  core::ErrorCode code = core::ErrorCode::kInvalidArgument;
  switch (status) {
    case 401:
      code = core::ErrorCode::kUnauthenticated;
      break;
    case 403:
      code = core::ErrorCode::kPermissionDenied;
      break;
    case 404:
      code = core::ErrorCode::kNotFound;
      break;
    case 409:
      code = core::ErrorCode::kConflict;
      break;
    case 429:
      code = core::ErrorCode::kRateLimited;
      break;
    default:
      break;
  }
  auto response = problem(request, core::Error{code, std::string(detail), {}});
  if (status == 405 || status == 421) {
    // No ErrorCode of their own: they are about the route or the node, not the request's
    // content.
    json::object body = json::parse(response.body).as_object();
    body["status"] = status;
    body["title"] = title_for(status);
    body["type"] = status == 405 ? "/problems/method-not-allowed" : "/problems/misdirected";
    response.body = json::serialize(body);
    response.status = status;
  }
  return response;
}

}  // namespace ovos::api
