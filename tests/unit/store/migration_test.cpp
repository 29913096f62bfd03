#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "store/migrator.h"
#include "unit/store/store_fixture.h"

namespace ovos::store::test {
namespace {

// Starts from an empty database: SetUp opens but does not migrate.
class MigrationTest : public StoreTest {
 protected:
  [[nodiscard]] bool migrate_in_setup() const override { return false; }
};

int latest_version(Dialect dialect) {
  auto migrations = embedded_migrations(dialect);
  if (!migrations.ok() || migrations->empty()) return -1;
  return migrations->back().version;
}

TEST_P(MigrationTest, ReportsDialect) {
  EXPECT_EQ(store_->dialect(), GetParam() == Backend::kSqlite ? "sqlite" : "postgresql");
  OVOS_ASSERT_OK(store_->ping());
}

TEST_P(MigrationTest, MigrateAppliesAllOnceAndIsIdempotent) {
  OVOS_ASSERT_OK_AND_ASSIGN(const int before, store_->schema_version());
  EXPECT_EQ(before, 0);
  const auto dialect = GetParam() == Backend::kSqlite ? Dialect::kSqlite : Dialect::kPostgres;
  OVOS_ASSERT_OK_AND_ASSIGN(const auto migrations, embedded_migrations(dialect));
  ASSERT_FALSE(migrations.empty());

  OVOS_ASSERT_OK_AND_ASSIGN(const int applied, store_->migrate());
  EXPECT_EQ(applied, static_cast<int>(migrations.size()));
  OVOS_ASSERT_OK_AND_ASSIGN(const int version, store_->schema_version());
  EXPECT_EQ(version, latest_version(dialect));
  EXPECT_GE(version, 1);

  OVOS_ASSERT_OK_AND_ASSIGN(const int again, store_->migrate());
  EXPECT_EQ(again, 0);
  OVOS_ASSERT_OK_AND_ASSIGN(const int still, store_->schema_version());
  EXPECT_EQ(still, version);

  // The bookkeeping table names every applied migration.
  OVOS_ASSERT_OK_AND_ASSIGN(auto conn, db_.raw_connection());
  OVOS_ASSERT_OK_AND_ASSIGN(const auto rows,
                            conn->exec("SELECT version, name, applied_at FROM schema_migrations "
                                       "ORDER BY version"));
  ASSERT_EQ(rows.rows.size(), migrations.size());
  EXPECT_EQ(rows.rows[0][0], "1");
  EXPECT_EQ(rows.rows[0][1], "init");
  ASSERT_TRUE(rows.rows[0][2].has_value());
  EXPECT_GT(std::stoll(*rows.rows[0][2]), kT0);
}

TEST_P(MigrationTest, ConcurrentMigrationsFromTwoProcessesApplyOnce) {
  // Two Stores have separate pools, as two processes would.
  auto other = open_again();
  std::atomic<int> applied{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    Store* target = i % 2 == 0 ? store_.get() : other.get();
    threads.emplace_back([target, &applied, &failures] {
      auto result = target->migrate();
      if (result.ok()) {
        applied += *result;
      } else {
        ++failures;
      }
    });
  }
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(failures.load(), 0);
  OVOS_ASSERT_OK_AND_ASSIGN(
      const auto all,
      embedded_migrations(GetParam() == Backend::kSqlite ? Dialect::kSqlite : Dialect::kPostgres));
  EXPECT_EQ(applied.load(), static_cast<int>(all.size()));
  OVOS_ASSERT_OK_AND_ASSIGN(const int version, other->schema_version());
  EXPECT_EQ(version, all.back().version);
}

TEST_P(MigrationTest, MigratedSchemaAcceptsRecords) {
  OVOS_ASSERT_OK(store_->migrate());
  const auto user = create_user("schema@example.com");
  const auto agent = create_agent(user.id, "Schema", kT0);
  OVOS_ASSERT_OK_AND_ASSIGN(const auto found, store_->get_agent(user.id, agent.id));
  EXPECT_EQ(found.name, "Schema");
}

INSTANTIATE_TEST_SUITE_P(Backends, MigrationTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), backend_name);

// Not per backend: the embedded migration set itself.
TEST(EmbeddedMigrations, BothDialectsHaveTheSameVersions) {
  OVOS_ASSERT_OK_AND_ASSIGN(const auto sqlite, embedded_migrations(Dialect::kSqlite));
  OVOS_ASSERT_OK_AND_ASSIGN(const auto postgres, embedded_migrations(Dialect::kPostgres));
  ASSERT_EQ(sqlite.size(), postgres.size());
  ASSERT_FALSE(sqlite.empty());
  for (std::size_t i = 0; i < sqlite.size(); ++i) {
    EXPECT_EQ(sqlite[i].version, static_cast<int>(i) + 1);
    EXPECT_EQ(sqlite[i].version, postgres[i].version);
    EXPECT_EQ(sqlite[i].name, postgres[i].name);
  }
  EXPECT_NE(sqlite[0].sql.find("CREATE TABLE users"), std::string_view::npos);
  EXPECT_NE(postgres[0].sql.find("CREATE TABLE users"), std::string_view::npos);
}

TEST(EmbeddedMigrations, SortsByVersionAndFiltersByDialect) {
  const core::EmbeddedFile files[] = {{"sqlite/0010_ten.sql", "ten"},
                                      {"postgres/0002_pg.sql", "pg"},
                                      {"sqlite/0002_two.sql", "two"}};
  OVOS_ASSERT_OK_AND_ASSIGN(const auto sqlite, select_migrations(files, Dialect::kSqlite));
  ASSERT_EQ(sqlite.size(), 2u);
  EXPECT_EQ(sqlite[0].version, 2);
  EXPECT_EQ(sqlite[0].name, "two");
  EXPECT_EQ(sqlite[0].sql, "two");
  EXPECT_EQ(sqlite[1].version, 10);
  EXPECT_EQ(sqlite[1].name, "ten");
  OVOS_ASSERT_OK_AND_ASSIGN(const auto postgres, select_migrations(files, Dialect::kPostgres));
  ASSERT_EQ(postgres.size(), 1u);
  EXPECT_EQ(postgres[0].name, "pg");
}

TEST(EmbeddedMigrations, RejectsMalformedNamesAndDuplicateVersions) {
  for (const std::string_view path : {"sqlite/init.sql", "sqlite/0001_.sql", "sqlite/x001_init.sql",
                                      "sqlite/0001_init.txt", "sqlite/0000_zero.sql"}) {
    const core::EmbeddedFile files[] = {{path, "SELECT 1"}};
    const auto result = select_migrations(files, Dialect::kSqlite);
    ASSERT_FALSE(result.ok()) << path;
    EXPECT_EQ(result.error().code, core::ErrorCode::kInternal);
  }
  const core::EmbeddedFile twice[] = {{"sqlite/0001_a.sql", ""}, {"sqlite/01_b.sql", ""}};
  EXPECT_FALSE(select_migrations(twice, Dialect::kSqlite).ok());
}

}  // namespace
}  // namespace ovos::store::test
