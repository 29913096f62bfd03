#include "core/vendor_errors.h"

#include <gtest/gtest.h>

#include "core/metrics.h"

namespace ovos::core {
namespace {

TEST(VendorErrors, CountsByVendorKindAndReason) {
  MetricsRegistry r;
  count_vendor_error({"deepgram", VendorKind::kStt}, VendorErrorReason::kAuth, &r);
  count_vendor_error({"deepgram", VendorKind::kStt}, VendorErrorReason::kAuth, &r);
  count_vendor_error({"twilio", VendorKind::kCarrier}, VendorErrorReason::kServer, &r);
  const std::string text = r.render();
  EXPECT_NE(text.find("# TYPE ovos_vendor_errors_total counter"), std::string::npos) << text;
  EXPECT_NE(text.find(R"(ovos_vendor_errors_total{vendor="deepgram",kind="stt",reason="auth"} 2)"),
            std::string::npos)
      << text;
  EXPECT_NE(
      text.find(R"(ovos_vendor_errors_total{vendor="twilio",kind="carrier",reason="server"} 1)"),
      std::string::npos)
      << text;
}

TEST(VendorErrors, ReasonsFromHttpStatuses) {
  EXPECT_EQ(vendor_error_reason_for_status(401), VendorErrorReason::kAuth);
  EXPECT_EQ(vendor_error_reason_for_status(403), VendorErrorReason::kAuth);
  EXPECT_EQ(vendor_error_reason_for_status(429), VendorErrorReason::kRateLimited);
  EXPECT_EQ(vendor_error_reason_for_status(408), VendorErrorReason::kTimeout);
  EXPECT_EQ(vendor_error_reason_for_status(504), VendorErrorReason::kTimeout);
  EXPECT_EQ(vendor_error_reason_for_status(500), VendorErrorReason::kServer);
  EXPECT_EQ(vendor_error_reason_for_status(503), VendorErrorReason::kServer);
  EXPECT_EQ(vendor_error_reason_for_status(400), VendorErrorReason::kRefused);
  EXPECT_EQ(vendor_error_reason_for_status(422), VendorErrorReason::kRefused);
}

TEST(VendorErrors, ReasonsFromErrors) {
  EXPECT_EQ(vendor_error_reason_for(Error::unauthenticated("no")), VendorErrorReason::kAuth);
  EXPECT_EQ(vendor_error_reason_for(Error{ErrorCode::kRateLimited, "slow down", {}}),
            VendorErrorReason::kRateLimited);
  EXPECT_EQ(vendor_error_reason_for(Error::unavailable("POST https://x/: timed out waiting")),
            VendorErrorReason::kTimeout);
  EXPECT_EQ(vendor_error_reason_for(Error::unavailable("cannot connect to x: refused")),
            VendorErrorReason::kNetwork);
  EXPECT_EQ(vendor_error_reason_for(Error::unavailable("malformed response: bad chunk")),
            VendorErrorReason::kMalformed);
  EXPECT_EQ(vendor_error_reason_for(Error{ErrorCode::kTooLarge, "big", {}}),
            VendorErrorReason::kMalformed);
  EXPECT_EQ(vendor_error_reason_for(Error::invalid("HTTP 400")), VendorErrorReason::kRefused);
}

TEST(VendorErrors, ReasonsFromWebSocketCloseCodes) {
  EXPECT_EQ(vendor_error_reason_for_close(1000), std::nullopt);
  EXPECT_EQ(vendor_error_reason_for_close(1001), std::nullopt);
  EXPECT_EQ(vendor_error_reason_for_close(1005), std::nullopt);
  EXPECT_EQ(vendor_error_reason_for_close(1006), VendorErrorReason::kNetwork);
  EXPECT_EQ(vendor_error_reason_for_close(1011), VendorErrorReason::kServer);
  EXPECT_EQ(vendor_error_reason_for_close(4001), VendorErrorReason::kServer);
  EXPECT_EQ(vendor_error_reason_for_close(1008), VendorErrorReason::kRefused);
  EXPECT_EQ(vendor_error_reason_for_close(1009), VendorErrorReason::kMalformed);
}

TEST(VendorErrors, VendorLabelsAreSanitizedAndBounded) {
  EXPECT_EQ(vendor_label("Deepgram"), "deepgram");
  EXPECT_EQ(vendor_label("azure-openai"), "azure-openai");
  EXPECT_EQ(vendor_label(""), "other");
  EXPECT_EQ(vendor_label("a\"b}\n c"), "a_b___c");
  EXPECT_EQ(vendor_label(std::string(100, 'x')), std::string(32, 'x'));
  // Past 64 distinct names (the process-wide set, shared with the names above), new ones are
  // "other" while those seen before keep their label.
  for (int i = 0; i < 100; ++i) {
    (void)vendor_label("vendor" + std::to_string(i));
  }
  EXPECT_EQ(vendor_label("one-more-vendor"), "other");
  EXPECT_EQ(vendor_label("deepgram"), "deepgram");
  EXPECT_EQ(vendor_label("vendor0"), "vendor0");

  MetricsRegistry r;
  for (int i = 0; i < 1000; ++i) {
    count_vendor_error({"user-input-" + std::to_string(i), VendorKind::kTool},
                       VendorErrorReason::kServer, &r);
  }
  const std::string text = r.render();
  EXPECT_NE(
      text.find(R"(ovos_vendor_errors_total{vendor="other",kind="tool",reason="server"} 1000)"),
      std::string::npos)
      << text;
}

}  // namespace
}  // namespace ovos::core
