#include "api/user_setup.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "agents/agent_validator.h"
#include "agents/demo_agent.h"
#include "core/ids.h"
#include "core/logging.h"

namespace ovos::api {

namespace {

core::Result<store::Agent> create_demo_agent(store::Store& store, const store::User& user) {
  boost::system::error_code ec;
  const boost::json::value document = boost::json::parse(agents::demo_agent_json(), ec);
  if (ec) return core::Error::internal("the demo agent is not JSON: " + ec.message());
  OVOS_ASSIGN_OR_RETURN(const auto valid, agents::validate_agent(document));
  const store::Agent agent{
      core::new_id(user.created_at),          user.id,         valid.name,     valid.agent_type,
      boost::json::serialize(valid.document), user.created_at, user.created_at};
  return store.create_agent(agent);
}

}  // namespace

core::Result<store::User> create_user_account(store::Store& store, const store::User& user) {
  OVOS_ASSIGN_OR_RETURN(auto created, store.create_user(user));
  auto demo = create_demo_agent(store, created);
  if (demo.ok()) {
    core::log_info("user.demo_agent_created", {{"user_id", created.id}, {"agent_id", demo->id}});
  } else {
    core::log_warn("user.demo_agent_failed",
                   {{"user_id", created.id}, {"error", demo.error().message}});
  }
  return created;
}

}  // namespace ovos::api
