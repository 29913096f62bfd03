#include "store/connection_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "unit/store/store_fixture.h"

namespace ovos::store::test {
namespace {

// A connection that only knows whether it is healthy.
class FakeConnection final : public SqlConnection {
 public:
  explicit FakeConnection(std::atomic<int>* live) : live_(live) { ++*live_; }
  ~FakeConnection() override { --*live_; }
  [[nodiscard]] Dialect dialect() const override { return Dialect::kSqlite; }
  [[nodiscard]] core::Result<void> exec_script(std::string_view /*sql*/) override {
    return core::ok();
  }
  [[nodiscard]] bool healthy() const override { return healthy_; }
  void break_it() { healthy_ = false; }

 protected:
  core::Result<SqlResult> do_exec(std::string_view /*sql*/, const SqlParams& params) override {
    SqlResult result;
    result.affected = static_cast<std::int64_t>(params.size());
    return result;
  }

 private:
  std::atomic<int>* live_;
  bool healthy_ = true;
};

struct Counters {
  std::atomic<int> created{0};
  std::atomic<int> live{0};
  std::atomic<bool> fail{false};
};

ConnectionPool::Factory fake_factory(Counters& counters) {
  return [&counters]() -> core::Result<std::unique_ptr<SqlConnection>> {
    if (counters.fail) return core::Error::unavailable("server down");
    ++counters.created;
    return std::unique_ptr<SqlConnection>(std::make_unique<FakeConnection>(&counters.live));
  };
}

TEST(ConnectionPool, OpensLazilyAndReusesIdleConnections) {
  Counters counters;
  ConnectionPool pool(fake_factory(counters), 4);
  EXPECT_EQ(counters.created, 0);
  {
    OVOS_ASSERT_OK_AND_ASSIGN(auto lease, pool.acquire());
    EXPECT_FALSE(lease.reused());
    EXPECT_EQ(pool.open_count(), 1u);
  }
  EXPECT_EQ(pool.idle_count(), 1u);
  {
    OVOS_ASSERT_OK_AND_ASSIGN(auto lease, pool.acquire());
    EXPECT_TRUE(lease.reused());
  }
  EXPECT_EQ(counters.created, 1);
}

TEST(ConnectionPool, DropsUnhealthyConnectionsAndOpensNewOnes) {
  Counters counters;
  ConnectionPool pool(fake_factory(counters), 2);
  {
    OVOS_ASSERT_OK_AND_ASSIGN(auto lease, pool.acquire());
    dynamic_cast<FakeConnection&>(*lease).break_it();
  }
  EXPECT_EQ(pool.open_count(), 0u);
  EXPECT_EQ(pool.idle_count(), 0u);
  EXPECT_EQ(counters.live, 0);  // closed, not kept
  OVOS_ASSERT_OK_AND_ASSIGN(auto lease, pool.acquire());
  EXPECT_FALSE(lease.reused());
  EXPECT_EQ(counters.created, 2);
}

TEST(ConnectionPool, FactoryFailureFreesTheSlot) {
  Counters counters;
  ConnectionPool pool(fake_factory(counters), 1);
  counters.fail = true;
  const auto failed = pool.acquire();
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, core::ErrorCode::kUnavailable);
  EXPECT_EQ(pool.open_count(), 0u);
  counters.fail = false;
  OVOS_ASSERT_OK(pool.acquire());
}

TEST(ConnectionPool, WaitsForAFreeConnectionAndTimesOut) {
  Counters counters;
  ConnectionPool pool(fake_factory(counters), 1, std::chrono::milliseconds(50));
  OVOS_ASSERT_OK_AND_ASSIGN(auto held, pool.acquire());
  const auto timed_out = pool.acquire();
  ASSERT_FALSE(timed_out.ok());
  EXPECT_EQ(timed_out.error().code, core::ErrorCode::kUnavailable);
}

TEST(ConnectionPool, NeverOpensMoreThanItsBoundUnderContention) {
  Counters counters;
  ConnectionPool pool(fake_factory(counters), 3);
  std::atomic<int> in_use{0};
  std::atomic<int> peak{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  threads.reserve(8);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        auto lease = pool.acquire();
        if (!lease.ok()) {
          ++failures;
          continue;
        }
        const int now = ++in_use;
        int seen = peak.load();
        while (now > seen && !peak.compare_exchange_weak(seen, now)) {
        }
        std::this_thread::yield();
        --in_use;
      }
    });
  }
  for (auto& thread : threads)
    thread.join();
  EXPECT_EQ(failures, 0);
  EXPECT_LE(peak.load(), 3);
  EXPECT_LE(counters.created.load(), 3);
  EXPECT_EQ(pool.idle_count(), pool.open_count());
}

TEST(SqlConnection, RejectsTextWithNulBytes) {
  std::atomic<int> live{0};
  FakeConnection conn(&live);
  const auto rejected = conn.exec("SELECT ?", {std::string("a\0b", 3)});
  ASSERT_FALSE(rejected.ok());
  EXPECT_EQ(rejected.error().code, core::ErrorCode::kInvalidArgument);
  OVOS_ASSERT_OK_AND_ASSIGN(const auto fine, conn.exec("SELECT ?, ?", {std::int64_t{1}, "ab"}));
  EXPECT_EQ(fine.affected, 2);
}

}  // namespace
}  // namespace ovos::store::test
