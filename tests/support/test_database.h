#pragma once

#include <optional>
#include <string>

namespace ovos::testing {

/// Name of the environment variable holding the admin URL of the test PostgreSQL server
/// (set by `eval "$(scripts/pg-test-server.sh start)"`).
inline constexpr const char* kTestPgUrlEnv = "OVOS_TEST_PG_URL";

/// Creates a fresh, empty PostgreSQL database on the server named by OVOS_TEST_PG_URL and
/// returns its URL; nullopt when the variable is unset. Throws std::runtime_error when the
/// variable is set but the database cannot be created (a broken setup must fail, not skip).
[[nodiscard]] std::optional<std::string> create_test_database();

/// Drops the database at `url` (made by create_test_database), closing its sessions first.
/// Best effort: never throws.
void drop_test_database(const std::string& url);

/// Terminates every session connected to the database at `url`, as a server restart would.
/// Returns how many were terminated. Throws std::runtime_error on failure.
int terminate_test_database_sessions(const std::string& url);

}  // namespace ovos::testing
