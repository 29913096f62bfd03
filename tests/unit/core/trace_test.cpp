#include "core/trace.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <set>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/executor.h"
#include "core/ids.h"
#include "core/logging.h"
#include "core/task_group.h"

namespace ovos::core {
namespace {

bool lower_hex(const std::string& s, std::size_t n) {
  return s.size() == n && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

TEST(Trace, RandomIdsAreLowercaseHexNotZeroAndDistinct) {
  std::set<std::string> traces;
  std::set<std::string> spans;
  for (int i = 0; i < 200; ++i) {
    const TraceId t = random_trace_id();
    const SpanId s = random_span_id();
    EXPECT_TRUE(t.valid());
    EXPECT_TRUE(s.valid());
    EXPECT_TRUE(lower_hex(t.hex(), 32)) << t.hex();
    EXPECT_TRUE(lower_hex(s.hex(), 16)) << s.hex();
    EXPECT_NE(t.hex(), std::string(32, '0'));
    traces.insert(t.hex());
    spans.insert(s.hex());
  }
  EXPECT_EQ(traces.size(), 200U);
  EXPECT_EQ(spans.size(), 200U);
  EXPECT_FALSE(TraceId{}.valid());
  EXPECT_FALSE(SpanId{}.valid());
}

TEST(Trace, ACallsTraceIdIsItsUuidOnEveryNode) {
  const std::string call = new_id(1'790'000'000'000);
  const TraceId t = trace_id_for_call(call);
  std::string digits;
  for (const char c : call) {
    if (c != '-') digits += c;
  }
  EXPECT_EQ(t.hex(), digits);
  EXPECT_EQ(trace_id_for_call(call), t) << "the same on every node, nothing stored";
  EXPECT_NE(trace_id_for_call(new_id(1'790'000'000'000)), t);
  // Any other id is hashed to a valid, stable id; none gives no trace.
  const TraceId other = trace_id_for_call("CA1234");
  EXPECT_TRUE(other.valid());
  EXPECT_TRUE(lower_hex(other.hex(), 32));
  EXPECT_EQ(trace_id_for_call("CA1234"), other);
  EXPECT_NE(trace_id_for_call("CA1235"), other);
  EXPECT_FALSE(trace_id_for_call("").valid());
  EXPECT_TRUE(trace_id_for_call("00000000-0000-0000-0000-000000000000").valid())
      << "an all-zero UUID is hashed, not used";
}

TEST(Trace, TraceparentIsReadAndWrittenAsW3CSays) {
  const auto p = parse_traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->trace_id.hex(), "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ(p->parent_id.hex(), "00f067aa0ba902b7");
  EXPECT_EQ(p->flags, 1);
  EXPECT_EQ(format_traceparent(*p), "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  // A later version may add fields; its first four are read.
  EXPECT_TRUE(
      parse_traceparent("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-ever"));
  for (const char* bad : {
           "",
           "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",       // no flags
           "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",    // upper case
           "00-00000000000000000000000000000000-00f067aa0ba902b7-01",    // zero trace
           "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",    // zero parent
           "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",    // version ff
           "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-x",  // 00 has no more
           "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",    // separator
           "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01",    // not hex
       }) {
    EXPECT_FALSE(parse_traceparent(bad)) << bad;
  }
  EXPECT_EQ(parse_trace_id("4bf92f3577b34da6a3ce929d0e0e4736")->hex(),
            "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_FALSE(parse_trace_id("4bf92f"));
  EXPECT_FALSE(parse_span_id("0000000000000000"));
}

class TraceLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    configure_logging(LogLevel::kInfo, LogFormat::kJson);
    set_log_sink([this](std::string_view line) {
      const std::lock_guard lock(mutex_);
      lines_.emplace_back(line);
    });
  }
  void TearDown() override { set_log_sink(nullptr); }
  std::vector<std::string> lines() {
    const std::lock_guard lock(mutex_);
    return lines_;
  }
  std::mutex mutex_;
  std::vector<std::string> lines_;
};

TEST_F(TraceLogTest, LinesInAScopeCarryTheTraceAndTheSpan) {
  const TraceId trace = random_trace_id();
  const SpanId span = random_span_id();
  log_info("before");
  {
    const ScopedTrace call({trace, {}});
    log_info("call");
    {
      const ScopedTrace turn({trace, span});
      log_info("turn");
    }
    log_info("call again");
  }
  log_info("after");
  const auto l = lines();
  ASSERT_EQ(l.size(), 5U);
  const std::string t = R"("trace_id":")" + trace.hex() + '"';
  const std::string s = R"("span_id":")" + span.hex() + '"';
  EXPECT_EQ(l[0].find("trace_id"), std::string::npos);
  EXPECT_NE(l[1].find(t), std::string::npos) << l[1];
  EXPECT_EQ(l[1].find("span_id"), std::string::npos);
  EXPECT_NE(l[2].find(t), std::string::npos);
  EXPECT_NE(l[2].find(s), std::string::npos) << l[2];
  EXPECT_NE(l[3].find(t), std::string::npos);
  EXPECT_EQ(l[3].find("span_id"), std::string::npos);
  EXPECT_EQ(l[4].find("trace_id"), std::string::npos);

  configure_logging(LogLevel::kInfo, LogFormat::kText);
  {
    const ScopedTrace turn({trace, span});
    log_info("text");
  }
  EXPECT_NE(lines().back().find(" trace_id=" + trace.hex() + " span_id=" + span.hex()),
            std::string::npos)
      << lines().back();
}

TEST_F(TraceLogTest, ALineAboutACallOutsideItsContextGetsTheCallsTrace) {
  const std::string call = new_id(1'790'000'000'000);
  log_info("phone_call.placed", {{"call_id", call}});
  const TraceContext other{random_trace_id(), {}};
  {
    const ScopedTrace scope(other);  // in another call's context, that one wins
    log_info("elsewhere", {{"call_id", call}});
  }
  const auto l = lines();
  ASSERT_EQ(l.size(), 2U);
  EXPECT_NE(l[0].find(R"("trace_id":")" + trace_id_for_call(call).hex() + '"'), std::string::npos)
      << l[0];
  EXPECT_NE(l[1].find(other.trace_id.hex()), std::string::npos) << l[1];
}

TEST_F(TraceLogTest, WorkPostedInACallKeepsItsTraceOnOtherThreadsAndTimers) {
  const TraceContext context{random_trace_id(), random_span_id()};
  ManualClock clock;
  ManualExecutor executor(clock);
  ComputePool pool(1, 8);
  std::promise<TraceContext> on_pool;
  {
    const ScopedTrace scope(context);
    executor.post([] { log_info("posted"); });
    (void)executor.post_after(std::chrono::milliseconds(50), [] { log_info("timer"); });
    ASSERT_TRUE(pool.submit([&] { on_pool.set_value(current_trace()); }));
  }
  executor.post([] { log_info("outside"); });
  executor.advance(std::chrono::milliseconds(100));
  const TraceContext seen = on_pool.get_future().get();
  EXPECT_EQ(seen.trace_id, context.trace_id);
  EXPECT_EQ(seen.span_id, context.span_id);
  const auto l = lines();
  ASSERT_EQ(l.size(), 3U);
  EXPECT_NE(l[0].find(context.trace_id.hex()), std::string::npos) << l[0];
  EXPECT_NE(l[1].find("outside"), std::string::npos);
  EXPECT_EQ(l[1].find("trace_id"), std::string::npos) << l[1];
  EXPECT_NE(l[2].find("timer"), std::string::npos);
  EXPECT_NE(l[2].find(context.span_id.hex()), std::string::npos) << l[2];
  EXPECT_TRUE(current_trace().empty());
}

TEST_F(TraceLogTest, TaskGroupCallbacksReadTheOwnersLiveContext) {
  ManualClock clock;
  ManualExecutor executor(clock);
  TaskGroup tasks(executor);
  auto live = std::make_shared<TraceContext>(TraceContext{random_trace_id(), {}});
  tasks.set_trace(live);
  auto callback = tasks.guard([] { log_info("provider event"); });
  callback();
  const SpanId turn = random_span_id();
  live->span_id = turn;  // a turn began after the callback was handed out
  callback();
  const auto l = lines();
  ASSERT_EQ(l.size(), 2U);
  EXPECT_NE(l[0].find(live->trace_id.hex()), std::string::npos);
  EXPECT_EQ(l[0].find("span_id"), std::string::npos);
  EXPECT_NE(l[1].find(turn.hex()), std::string::npos) << l[1];
  EXPECT_TRUE(current_trace().empty()) << "the scope ends with the callback";
}

}  // namespace
}  // namespace ovos::core
