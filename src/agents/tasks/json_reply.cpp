#include "agents/tasks/json_reply.h"

#include <boost/json/stream_parser.hpp>

namespace ovos::agents::tasks {

namespace json = boost::json;

namespace {

constexpr std::size_t kMaxReplyBytes = std::size_t{256} << 10;
constexpr int kMaxCandidates = 256;

}  // namespace

core::Result<json::object> first_json_object(std::string_view reply) {
  reply = reply.substr(0, kMaxReplyBytes);
  json::parse_options options;
  options.max_depth = 64;
  int candidates = 0;
  for (std::size_t at = reply.find('{');
       at != std::string_view::npos && candidates < kMaxCandidates;
       at = reply.find('{', at + 1), ++candidates) {
    json::stream_parser parser({}, options);
    boost::system::error_code ec;
    const std::string_view rest = reply.substr(at);
    parser.write_some(rest.data(), rest.size(), ec);  // stops at the end of the first value
    if (ec || !parser.done()) continue;
    json::value value = parser.release();
    if (value.is_object()) return std::move(value.get_object());
  }
  if (reply.empty()) return core::Error::invalid("the model's reply was empty");
  return core::Error::invalid("the model's reply has no JSON object");
}

}  // namespace ovos::agents::tasks
