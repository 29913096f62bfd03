#include "support/test_database.h"

#include <libpq-fe.h>

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <random>
#include <stdexcept>
#include <string_view>
#include <utility>

namespace ovos::testing {
namespace {

struct ConnDeleter {
  void operator()(PGconn* conn) const { PQfinish(conn); }
};
using ConnPtr = std::unique_ptr<PGconn, ConnDeleter>;

struct ResultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

// [begin, end) of the database name in a postgresql:// URL (the path, before any query).
std::pair<std::size_t, std::size_t> database_span(std::string_view url) {
  const auto scheme = url.find("://");
  const auto authority = scheme == std::string_view::npos ? 0 : scheme + 3;
  const auto query = url.find('?', authority);
  const auto end = query == std::string_view::npos ? url.size() : query;
  const auto slash = url.substr(0, end).find('/', authority);
  if (slash == std::string_view::npos) return {end, end};
  return {slash + 1, end};
}

std::string with_database(std::string_view url, std::string_view name) {
  const auto [begin, end] = database_span(url);
  const bool has_slash = begin > 0 && url[begin - 1] == '/';
  // Concatenated rather than std::string::replace, which trips GCC 12's -Wrestrict at -O3.
  return std::string(url.substr(0, begin)) + (has_slash ? "" : "/") + std::string(name) +
         std::string(url.substr(end));
}

std::string database_of(std::string_view url) {
  const auto [begin, end] = database_span(url);
  return std::string(url.substr(begin, end - begin));
}

const char* admin_url() {
  return std::getenv(kTestPgUrlEnv);  // NOLINT(concurrency-mt-unsafe): nothing sets it
}

ConnPtr connect(const std::string& url) {
  ConnPtr conn(PQconnectdb(url.c_str()));
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    throw std::runtime_error(std::string("cannot connect to the test PostgreSQL server: ") +
                             PQerrorMessage(conn.get()));
  }
  return conn;
}

ResultPtr run(PGconn* conn, const std::string& sql) {
  ResultPtr result(PQexec(conn, sql.c_str()));
  const auto status = PQresultStatus(result.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    throw std::runtime_error("test database statement failed: " + sql + ": " +
                             PQerrorMessage(conn));
  }
  return result;
}

std::string quote_identifier(PGconn* conn, const std::string& name) {
  char* quoted = PQescapeIdentifier(conn, name.c_str(), name.size());
  if (quoted == nullptr) throw std::runtime_error("cannot quote database name");
  std::string out(quoted);
  PQfreemem(quoted);
  return out;
}

std::string random_name() {
  std::random_device device;
  std::uniform_int_distribution<std::uint64_t> dist;
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string name = "ovos_test_";
  auto bits = dist(device);
  for (int i = 0; i < 16; ++i, bits >>= 4)
    name += kDigits[bits & 0xf];
  return name;
}

}  // namespace

std::optional<std::string> create_test_database() {
  const char* admin = admin_url();
  if (admin == nullptr || *admin == '\0') return std::nullopt;
  const auto conn = connect(admin);
  const auto name = random_name();
  run(conn.get(), "CREATE DATABASE " + quote_identifier(conn.get(), name));
  return with_database(admin, name);
}

void drop_test_database(const std::string& url) {
  const char* admin = admin_url();
  if (admin == nullptr || *admin == '\0') return;
  try {
    const auto conn = connect(admin);
    run(conn.get(), "DROP DATABASE IF EXISTS " + quote_identifier(conn.get(), database_of(url)) +
                        " WITH (FORCE)");
  } catch (const std::exception&) {
    // The server is thrown away after the run anyway.
  }
}

int terminate_test_database_sessions(const std::string& url) {
  const char* admin = admin_url();
  if (admin == nullptr || *admin == '\0') throw std::runtime_error("OVOS_TEST_PG_URL is unset");
  const auto conn = connect(admin);
  const std::string name = database_of(url);
  const char* params[] = {name.c_str()};
  ResultPtr result(PQexecParams(conn.get(),
                                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                "WHERE datname = $1 AND pid <> pg_backend_pid()",
                                1, nullptr, params, nullptr, nullptr, 0));
  if (PQresultStatus(result.get()) != PGRES_TUPLES_OK) {
    throw std::runtime_error(std::string("cannot terminate sessions: ") +
                             PQerrorMessage(conn.get()));
  }
  return PQntuples(result.get());
}

}  // namespace ovos::testing
