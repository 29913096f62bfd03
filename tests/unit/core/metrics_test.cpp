#include "core/metrics.h"

#include <gtest/gtest.h>

namespace ovos::core {
namespace {

TEST(Metrics, RendersPrometheusText) {
  MetricsRegistry r;
  r.counter("ovos_requests_total", "Requests.", {{"route", "/v1/agents"}, {"status", "200"}})
      .inc(3);
  r.gauge("ovos_connections", "Open connections.").set(7);
  auto& h = r.histogram("ovos_latency_seconds", "Latency.", {{"route", "a\"b"}});
  h.observe(0.003);
  h.observe(2.0);
  const std::string text = r.render();
  EXPECT_NE(text.find("# TYPE ovos_requests_total counter"), std::string::npos);
  EXPECT_NE(text.find(R"(ovos_requests_total{route="/v1/agents",status="200"} 3)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("ovos_connections 7"), std::string::npos);
  EXPECT_NE(text.find(R"(ovos_latency_seconds_bucket{route="a\"b",le="0.005"} 1)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(R"(ovos_latency_seconds_bucket{route="a\"b",le="+Inf"} 2)"),
            std::string::npos);
  EXPECT_NE(text.find(R"(ovos_latency_seconds_count{route="a\"b"} 2)"), std::string::npos);
}

TEST(Metrics, SameLabelsReturnSameInstrument) {
  MetricsRegistry r;
  auto& a = r.counter("c", "h", {{"k", "v"}});
  auto& b = r.counter("c", "h", {{"k", "v"}});
  EXPECT_EQ(&a, &b);
}

}  // namespace
}  // namespace ovos::core
