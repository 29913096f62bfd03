#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "core/result.h"
#include "store/sql_connection.h"
#include "store/store.h"

// Fails the test (and returns) unless `expr`, a core::Result, succeeded.
#define OVOS_ASSERT_OK(expr)                                                      \
  do {                                                                            \
    const auto& ovos_assert_result_ = (expr);                                     \
    ASSERT_TRUE(ovos_assert_result_.ok()) << ovos_assert_result_.error().message; \
  } while (false)

// Declares `lhs` from the value of `expr`, or fails the test and returns.
#define OVOS_ASSERT_OK_AND_ASSIGN(lhs, expr) \
  OVOS_ASSERT_OK_AND_ASSIGN_IMPL(OVOS_CONCAT(ovos_assert_value_, __LINE__), lhs, expr)
// NOLINTBEGIN(bugprone-macro-parentheses): `lhs` is a declaration, `tmp` a name.
#define OVOS_ASSERT_OK_AND_ASSIGN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                   \
  ASSERT_TRUE(tmp.ok()) << tmp.error().message;        \
  lhs = std::move(tmp).value()
// NOLINTEND(bugprone-macro-parentheses)

namespace ovos::store::test {

/// Which engine a test instance runs on.
enum class Backend { kSqlite, kPostgres };

/// Prints a Backend in failure messages.
void PrintTo(Backend backend, std::ostream* out);  // NOLINT(readability-identifier-naming)

/// "sqlite" | "postgresql", for test names.
std::string backend_name(const ::testing::TestParamInfo<Backend>& info);

/// A fresh, empty database on one backend: SQLite in a new temporary directory, or a new
/// PostgreSQL database on the server named by OVOS_TEST_PG_URL. Removed on destruction.
class TestDatabase {
 public:
  TestDatabase() = default;
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;
  ~TestDatabase();

  /// Creates the database; false (with `skip_reason()`) when PostgreSQL is not configured.
  bool create(Backend backend);
  [[nodiscard]] const std::string& skip_reason() const { return skip_reason_; }
  /// Store::open arguments for this database.
  [[nodiscard]] const std::string& url() const { return url_; }
  [[nodiscard]] const std::string& data_dir() const { return data_dir_; }
  [[nodiscard]] Backend backend() const { return backend_; }
  /// A driver connection to the same database, for checks below the Store interface.
  [[nodiscard]] core::Result<std::unique_ptr<SqlConnection>> raw_connection() const;

 private:
  Backend backend_ = Backend::kSqlite;
  std::string temp_dir_;
  std::string data_dir_;
  std::string url_;
  std::string skip_reason_;
};

/// Runs every test on both backends, with a migrated Store in `store_`.
class StoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override;
  void TearDown() override;
  /// Whether SetUp migrates (the migration tests start from an empty database).
  [[nodiscard]] virtual bool migrate_in_setup() const { return true; }
  /// A second Store on the same database, as another process would have.
  [[nodiscard]] std::unique_ptr<Store> open_again() const;

  /// Records with sensible defaults, created through `store_`.
  User create_user(const std::string& email);
  Agent create_agent(const std::string& user_id, const std::string& name, std::int64_t at);
  Call create_call(const std::string& user_id, const std::string& agent_id, std::int64_t at,
                   const std::string& status = "completed",
                   const std::string& direction = "inbound");

  TestDatabase db_;
  std::unique_ptr<Store> store_;
};

/// The error code of `result`, or nullopt when it succeeded.
template <typename T>
std::optional<core::ErrorCode> code_of(const core::Result<T>& result) {
  if (result.ok()) return std::nullopt;
  return result.error().code;
}

/// A time well inside the range of Unix milliseconds.
inline constexpr std::int64_t kT0 = 1'700'000'000'000;

}  // namespace ovos::store::test
