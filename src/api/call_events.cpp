#include "api/call_events.h"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "api/dto.h"
#include "cluster/fanout.h"
#include "engine/call_recorder.h"

namespace ovos::api {

namespace json = boost::json;

void CallEvents::publish_call(std::string_view type, const store::Call& call) {
  fanout_.publish(
      call.user_id,
      json::serialize(json::object{
          {"type", type}, {"call_id", call.id}, {"node", node_id_}, {"call", call_json(call)}}));
}

void CallEvents::started(const store::Call& call) {
  publish_call("call.started", call);
}

void CallEvents::status(const store::Call& call) {
  publish_call("call.status", call);
}

void CallEvents::ended(const store::Call& call) {
  publish_call("call.ended", call);
}

void CallEvents::turn(const store::Call& call, const engine::TurnRecord& turn) {
  json::object t{{"index", turn.index},
                 {"kind", turn.kind},
                 {"user_text", turn.user_text},
                 {"agent_text", turn.agent_text},
                 {"interrupted", turn.interrupted}};
  if (!turn.dtmf.empty()) t["dtmf"] = turn.dtmf;
  if (!turn.error.empty()) t["error"] = turn.error;
  fanout_.publish(call.user_id, json::serialize(json::object{{"type", "call.turn"},
                                                             {"call_id", call.id},
                                                             {"node", node_id_},
                                                             {"turn", std::move(t)}}));
}

}  // namespace ovos::api
