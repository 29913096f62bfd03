#include "unit/store/store_fixture.h"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "core/ids.h"
#include "store/pg_connection.h"
#include "store/sqlite_connection.h"
#include "support/test_database.h"

namespace ovos::store::test {

void PrintTo(Backend backend, std::ostream* out) {  // NOLINT(readability-identifier-naming)
  *out << (backend == Backend::kSqlite ? "sqlite" : "postgresql");
}

std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kSqlite ? "sqlite" : "postgresql";
}

TestDatabase::~TestDatabase() {
  if (backend_ == Backend::kPostgres && !url_.empty()) ovos::testing::drop_test_database(url_);
  if (!temp_dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(temp_dir_, ec);
  }
}

bool TestDatabase::create(Backend backend) {
  backend_ = backend;
  if (backend == Backend::kPostgres) {
    auto url = ovos::testing::create_test_database();
    if (!url) {
      skip_reason_ = std::string(ovos::testing::kTestPgUrlEnv) +
                     " is unset: PostgreSQL tests skipped (start a server with "
                     "eval \"$(scripts/pg-test-server.sh start)\")";
      return false;
    }
    url_ = *url;
    return true;
  }
  std::string pattern =
      (std::filesystem::temp_directory_path() / "ovos-store-test.XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  temp_dir_ = pattern;
  data_dir_ = temp_dir_ + "/data";  // not created yet: Store::open must create it
  return true;
}

core::Result<std::unique_ptr<SqlConnection>> TestDatabase::raw_connection() const {
  if (backend_ == Backend::kPostgres) return PgConnection::open(url_);
  return SqliteConnection::open(data_dir_ + "/openvoiceos.db");
}

void StoreTest::SetUp() {
  if (!db_.create(GetParam())) GTEST_SKIP() << db_.skip_reason();
  auto opened = Store::open(db_.url(), db_.data_dir());
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  store_ = std::move(opened).value();
  if (migrate_in_setup()) {
    const auto migrated = store_->migrate();
    ASSERT_TRUE(migrated.ok()) << migrated.error().message;
  }
}

void StoreTest::TearDown() {
  store_.reset();
}

std::unique_ptr<Store> StoreTest::open_again() const {
  auto opened = Store::open(db_.url(), db_.data_dir());
  if (!opened.ok()) throw std::runtime_error(opened.error().message);
  return std::move(opened).value();
}

User StoreTest::create_user(const std::string& email) {
  User user;
  user.id = core::new_id();
  user.email = email;
  user.name = "User " + email;
  user.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA";
  user.created_at = kT0;
  user.updated_at = kT0;
  auto created = store_->create_user(user);
  if (!created.ok()) throw std::runtime_error("create_user: " + created.error().message);
  return std::move(created).value();
}

Agent StoreTest::create_agent(const std::string& user_id, const std::string& name,
                              std::int64_t at) {
  Agent agent;
  agent.id = core::new_id(at);
  agent.user_id = user_id;
  agent.name = name;
  agent.agent_type = "other";
  agent.config_json = R"({"agent_config":{"agent_name":"x"},"agent_prompts":{}})";
  agent.created_at = at;
  agent.updated_at = at;
  auto created = store_->create_agent(agent);
  if (!created.ok()) throw std::runtime_error("create_agent: " + created.error().message);
  return std::move(created).value();
}

Call StoreTest::create_call(const std::string& user_id, const std::string& agent_id,
                            std::int64_t at, const std::string& status,
                            const std::string& direction) {
  Call call;
  call.id = core::new_id(at);
  call.user_id = user_id;
  call.agent_id = agent_id;
  call.direction = direction;
  call.status = status;
  call.carrier = "twilio";
  call.created_at = at;
  auto created = store_->create_call(call);
  if (!created.ok()) throw std::runtime_error("create_call: " + created.error().message);
  return std::move(created).value();
}

}  // namespace ovos::store::test
