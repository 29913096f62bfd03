#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "store/database_url.h"
#include "store/pg_connection.h"
#include "store/sql_rows.h"
#include "store/unicode_lower.h"
#include "unit/store/store_fixture.h"

namespace ovos::store::test {
namespace {

using core::ErrorCode;

TEST(DatabaseUrl, EmptyMeansSqliteInTheDataDirectory) {
  OVOS_ASSERT_OK_AND_ASSIGN(const auto target, parse_database_url("", "/var/lib/ovos"));
  EXPECT_EQ(target.dialect, Dialect::kSqlite);
  EXPECT_EQ(target.location, "/var/lib/ovos/openvoiceos.db");
  EXPECT_FALSE(parse_database_url("", "").ok());
}

TEST(DatabaseUrl, SqliteAbsoluteAndRelativePaths) {
  OVOS_ASSERT_OK_AND_ASSIGN(const auto abs, parse_database_url("sqlite:///srv/db/o.db", "/d"));
  EXPECT_EQ(abs.dialect, Dialect::kSqlite);
  EXPECT_EQ(abs.location, "/srv/db/o.db");
  OVOS_ASSERT_OK_AND_ASSIGN(const auto rel, parse_database_url("sqlite://relative.db", "/d"));
  EXPECT_EQ(rel.location, "relative.db");
  EXPECT_FALSE(parse_database_url("sqlite://", "/d").ok());
}

TEST(DatabaseUrl, PostgresSchemesPassTheUrlThrough) {
  for (const char* url : {"postgresql://u:p@db:5432/ovos?sslmode=require", "postgres://db/ovos"}) {
    OVOS_ASSERT_OK_AND_ASSIGN(const auto target, parse_database_url(url, "/d"));
    EXPECT_EQ(target.dialect, Dialect::kPostgres);
    EXPECT_EQ(target.location, url);
  }
}

TEST(DatabaseUrl, UnknownSchemeIsInvalidAndDoesNotEchoTheUrl) {
  const auto result = parse_database_url("mysql://root:hunter2@db/x", "/d");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(result.error().message.find("hunter2"), std::string::npos);
  EXPECT_NE(result.error().message.find("mysql"), std::string::npos);
}

TEST(DatabaseUrl, RedactsPasswords) {
  EXPECT_EQ(redact_url("postgresql://ovos:s3cr%40t@db:5432/ovos"),
            "postgresql://ovos:***@db:5432/ovos");
  EXPECT_EQ(redact_url("postgresql://db/ovos?user=a&password=pw&sslmode=require"),
            "postgresql://db/ovos?user=a&password=***&sslmode=require");
  EXPECT_EQ(redact_url("postgresql://ovos@db:5432/ovos"), "postgresql://ovos@db:5432/ovos");
  EXPECT_EQ(redact_url("postgresql://db:5432/ovos"), "postgresql://db:5432/ovos");
  EXPECT_EQ(redact_password("failed for s3cr@t and s3cr%40t", "postgresql://u:s3cr%40t@h/d"),
            "failed for *** and ***");
}

TEST(PgPlaceholders, NumbersQuestionMarksOutsideQuotesAndComments) {
  EXPECT_EQ(to_pg_placeholders("SELECT a FROM t WHERE b = ? AND c = ?"),
            "SELECT a FROM t WHERE b = $1 AND c = $2");
  EXPECT_EQ(to_pg_placeholders("SELECT '?', 'it''s ?', \"odd?\" FROM t WHERE x = ?"),
            "SELECT '?', 'it''s ?', \"odd?\" FROM t WHERE x = $1");
  EXPECT_EQ(to_pg_placeholders("SELECT ? -- why?\n, ?"), "SELECT $1 -- why?\n, $2");
  EXPECT_EQ(to_pg_placeholders("LIKE ? ESCAPE '\\'"), "LIKE $1 ESCAPE '\\'");
  std::string many = "VALUES (";
  for (int i = 0; i < 12; ++i)
    many += i == 0 ? "?" : ", ?";
  EXPECT_NE(to_pg_placeholders(many + ")").find("$12)"), std::string::npos);
}

TEST(SqlRows, LikePatternEscapesWildcards) {
  EXPECT_EQ(contains_pattern("AbC"), "%AbC%");
  EXPECT_EQ(contains_pattern("100%_x\\"), "%100\\%\\_x\\\\%");
  EXPECT_EQ(contains_pattern("Ñandú"), "%Ñandú%");
  EXPECT_EQ(ascii_lower("AbC-Ñ"), "abc-Ñ");
}

TEST(UnicodeLower, FoldsLettersLikePostgres) {
  EXPECT_EQ(unicode_lower("Hello WORLD 123"), "hello world 123");
  EXPECT_EQ(unicode_lower("CAFÉ ÑANDÚ ÀÖ"), "café ñandú àö");
  EXPECT_EQ(unicode_lower("ΣΟΦΙΑ Привет"), "σοφια привет");
  EXPECT_EQ(unicode_lower("\xF0\x9F\x98\x80 ok"), "\xF0\x9F\x98\x80 ok");  // emoji unchanged
  EXPECT_EQ(unicode_lower("A\xFF\xC3"
                          "B"),
            "a\xFF\xC3"
            "b");  // malformed bytes pass through
  EXPECT_EQ(unicode_lower(""), "");
}

TEST(SqlRows, WindowIsClamped) {
  EXPECT_EQ(clamp_window(0, -1).limit, 1);
  EXPECT_EQ(clamp_window(0, -1).offset, 0);
  EXPECT_EQ(clamp_window(500, 7).limit, 200);
  EXPECT_EQ(clamp_window(500, 7).offset, 7);
  EXPECT_EQ(clamp_window(25, 0).limit, 25);
}

TEST(SqlRows, ReaderConvertsAndReportsBadCells) {
  const SqlRow row = {std::string("abc"), std::string("42"), std::nullopt, std::string("t"),
                      std::string("0")};
  RowReader reader(row);
  EXPECT_EQ(reader.text(), "abc");
  EXPECT_EQ(reader.int64(), 42);
  EXPECT_EQ(reader.optional_int64(), std::nullopt);
  EXPECT_TRUE(reader.boolean());
  EXPECT_FALSE(reader.boolean());
  EXPECT_TRUE(reader.status().ok());
  EXPECT_EQ(reader.text(), "");  // past the end
  EXPECT_FALSE(reader.status().ok());

  const SqlRow bad = {std::string("12x")};
  RowReader bad_reader(bad);
  (void)bad_reader.int64();
  EXPECT_FALSE(bad_reader.status().ok());
}

TEST(StoreOpen, CreatesAPrivateDataDirectoryForDefaultSqlite) {
  TestDatabase db;
  ASSERT_TRUE(db.create(Backend::kSqlite));
  ASSERT_FALSE(std::filesystem::exists(db.data_dir()));
  OVOS_ASSERT_OK_AND_ASSIGN(const auto store, Store::open("", db.data_dir()));
  EXPECT_EQ(store->dialect(), "sqlite");
  struct stat info {};
  ASSERT_EQ(stat(db.data_dir().c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0700u);
  EXPECT_TRUE(std::filesystem::exists(db.data_dir() + "/openvoiceos.db"));
  OVOS_ASSERT_OK(store->ping());
}

TEST(StoreOpen, SqliteUrlWithAbsolutePath) {
  TestDatabase db;
  ASSERT_TRUE(db.create(Backend::kSqlite));
  std::filesystem::create_directories(db.data_dir());
  const std::string path = db.data_dir() + "/custom.db";
  OVOS_ASSERT_OK_AND_ASSIGN(const auto store, Store::open("sqlite://" + path, ""));
  OVOS_ASSERT_OK_AND_ASSIGN(const int applied, store->migrate());
  EXPECT_GE(applied, 1);
  EXPECT_TRUE(std::filesystem::exists(path));
}

TEST(StoreOpen, UnopenableSqliteFileIsUnavailable) {
  const auto result = Store::open("sqlite:///nonexistent-dir-ovos/sub/x.db", "");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(result.error().message.find("/nonexistent-dir-ovos/sub/x.db"), std::string::npos);
}

TEST(StoreOpen, UnreachablePostgresIsUnavailableWithoutThePassword) {
  // Port 1 on loopback refuses at once.
  const auto result = Store::open("postgresql://ovos:hunter2secret@127.0.0.1:1/ovos", "");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(result.error().message.find("hunter2secret"), std::string::npos)
      << result.error().message;
  EXPECT_NE(result.error().message.find("postgresql://ovos:***@127.0.0.1:1/ovos"),
            std::string::npos)
      << result.error().message;
}

TEST(StoreOpen, UnknownSchemeIsInvalid) {
  const auto result = Store::open("mongodb://x", "/tmp");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace ovos::store::test
