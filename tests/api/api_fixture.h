#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>
#include <optional>
#include <string>

#include "support/http_client.h"
#include "support/server_process.h"

namespace ovos::testing {

/// Where a parameterized API test keeps its data.
enum class Backend { kSqlite, kPostgres };

std::string backend_name(const ::testing::TestParamInfo<Backend>& info);

/// Runs the real binary on a fresh database of the test's backend (a fresh PostgreSQL
/// database from OVOS_TEST_PG_URL, or SQLite in a temp dir) and talks HTTP to it.
class ApiTest : public ::testing::TestWithParam<Backend> {
 protected:
  /// The fixed JWT secret the server under test signs with, so tests can forge tokens.
  static constexpr const char* kJwtSecret = "test-secret-0123456789abcdef0123456789";
  /// Agents every new user starts with: the Demo receptionist.
  static constexpr std::int64_t kStarterAgents = 1;

  void SetUp() override;
  void TearDown() override;
  /// Extra settings for the server of one test suite.
  virtual std::map<std::string, std::string> extra_env() { return {}; }
  /// Runs after the server's data directory exists, before the server starts.
  virtual void before_start(const ServerProcess& /*server*/) {}

  /// Registers a user and returns its access token.
  std::string register_user(const std::string& email,
                            const std::string& password = "correct horse battery");
  /// The test agent document (tests/api/data/phone_agent.json), optionally renamed.
  static boost::json::value sample_agent(const std::string& name = "");
  /// Creates an agent as `token` and returns its id.
  std::string create_agent(const std::string& token, const std::string& name = "");
  std::string user_id(const std::string& token);

  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<HttpClient> http_;
  std::optional<std::string> database_url_;
};

#define OVOS_API_TEST_SUITE(Suite)                                                               \
  INSTANTIATE_TEST_SUITE_P(                                                                      \
      Backends, Suite,                                                                           \
      ::testing::Values(::ovos::testing::Backend::kSqlite, ::ovos::testing::Backend::kPostgres), \
      ::ovos::testing::backend_name)

}  // namespace ovos::testing
