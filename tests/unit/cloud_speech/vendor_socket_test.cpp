// The vendor WebSocket that Deepgram and Bodhi share, against a loopback fake: what its owner
// hears, refusals (permanent, retried, described), reconnects with and without signs of life,
// the goodbye on close, a dropped connection that is never heard again, and a connection that
// opens after close() is never handed out.

#include "providers/speech/vendor_socket.h"

#include <gtest/gtest.h>

#include <mutex>
#include <thread>

#include "fake_vendor_socket.h"
#include "speech_test_support.h"

namespace ovos::providers::testing {
namespace {

using namespace std::chrono_literals;
using speech::VendorSocket;

/// Records what the socket tells it, from the loop's thread.
class RecordingOwner final : public speech::VendorSocketOwner {
 public:
  void on_open(net::WebSocketConnection& connection) override {
    add("open");
    connection.send_text("hello");
  }
  void on_text(std::string_view text) override { add("text:" + std::string(text)); }
  void on_closed(std::uint16_t code, std::string_view /*reason*/) override {
    add("closed:" + std::to_string(code));
    if (on_drop) on_drop();
  }
  void on_failed(core::Error error, bool permanent) override {
    add(std::string(permanent ? "refused:" : "failed:") + error.message);
  }

  std::vector<std::string> heard() const {
    std::lock_guard lock(mutex_);
    return heard_;
  }
  bool has_prefix(std::string_view prefix) const {
    for (const auto& h : heard())
      if (h.starts_with(prefix)) return true;
    return false;
  }

  std::function<void()> on_drop;  // runs on the loop after a drop is recorded

 private:
  void add(std::string what) {
    std::lock_guard lock(mutex_);
    heard_.push_back(std::move(what));
  }
  mutable std::mutex mutex_;
  std::vector<std::string> heard_;
};

class VendorSocketTest : public SpeechHarness {
 protected:
  std::shared_ptr<VendorSocket> socket_to(const FakeVendorSocket& fake,
                                          std::function<std::string(int)> describe = {}) {
    speech::VendorSocketSetup setup;
    setup.vendor = "acme";
    setup.loop = io.get();
    setup.ws.url = fake.base_url() + "/listen";
    setup.ws.connect_timeout = 2s;
    net::RetryPolicy::Options retry;
    retry.max_attempts = 3;
    retry.base_backoff = 5ms;
    retry.max_backoff = 20ms;
    setup.retry = net::RetryPolicy(retry);
    setup.goodbye = R"({"type":"bye"})";
    setup.describe_refusal = std::move(describe);
    socket = VendorSocket::create(std::move(setup), owner);
    return socket;
  }
  void on_loop(std::function<void()> task) { io->post(std::move(task)); }
  bool wait_heard(std::string_view prefix) {
    return pump_until([&] { return owner->has_prefix(prefix); });
  }

  std::shared_ptr<RecordingOwner> owner = std::make_shared<RecordingOwner>();
  std::shared_ptr<VendorSocket> socket;
};

TEST_F(VendorSocketTest, OwnerHearsTheOpenConnectionAndCloseSaysGoodbye) {
  FakeVendorSocket fake([](int) { return SocketHandshake{}; },
                        [](int, std::string_view text, SocketPeer& peer) {
                          if (text == "hello") peer.send("welcome");
                        });
  auto s = socket_to(fake);
  on_loop([s] { s->connect(); });
  ASSERT_TRUE(wait_heard("text:welcome"));
  EXPECT_EQ(owner->heard(), (std::vector<std::string>{"open", "text:welcome"}));
  on_loop([s] { s->close(); });
  ASSERT_TRUE(fake.wait_until([](const auto& sessions) { return sessions.at(0).closed; }));
  const auto sessions = fake.sessions();
  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_EQ(sessions[0].texts, (std::vector<std::string>{"hello", R"({"type":"bye"})"}));
}

TEST_F(VendorSocketTest, APermanentRefusalIsNotRetriedAndIsDescribedInTheVendorsWords) {
  FakeVendorSocket fake(
      [](int) {
        return SocketHandshake{402, R"({"error":"no credits"})"};
      },
      [](int, std::string_view, SocketPeer&) {});
  auto s = socket_to(fake, [](int status) { return std::to_string(status) + " out of credit"; });
  on_loop([s] { s->connect(); });
  ASSERT_TRUE(wait_heard("refused:"));
  EXPECT_TRUE(owner->heard().at(0).starts_with("refused:acme: 402 out of credit ("))
      << owner->heard().at(0);
  pump_for(100ms);
  EXPECT_EQ(fake.sessions().size(), 1u);
}

TEST_F(VendorSocketTest, TransientRefusalsAreRetriedUntilTheBudgetIsSpent) {
  FakeVendorSocket fake(
      [](int session) {
        return session < 2 ? SocketHandshake{503, "{}"} : SocketHandshake{};
      },
      [](int, std::string_view, SocketPeer&) {});
  auto s = socket_to(fake);
  on_loop([s] { s->connect(); });
  ASSERT_TRUE(wait_heard("open"));
  EXPECT_EQ(fake.sessions().size(), 3u);

  FakeVendorSocket down(
      [](int) {
        return SocketHandshake{503, "{}"};
      },
      [](int, std::string_view, SocketPeer&) {});
  owner = std::make_shared<RecordingOwner>();
  auto t = socket_to(down);
  on_loop([t] { t->connect(); });
  ASSERT_TRUE(wait_heard("failed:"));
  EXPECT_EQ(down.sessions().size(), 3u);  // max_attempts, the first included
}

TEST_F(VendorSocketTest, DropsReconnectAndSignsOfLifeRenewTheRetryBudget) {
  // The vendor answers "hello" and then drops every session, five times.
  FakeVendorSocket fake([](int) { return SocketHandshake{}; },
                        [](int, std::string_view text, SocketPeer& peer) {
                          if (text != "hello") return;
                          peer.send("alive");
                          peer.close(1011, "internal");
                        });
  auto s = socket_to(fake);
  std::weak_ptr<VendorSocket> weak = s;
  auto drops = std::make_shared<int>(0);  // read and written on the loop only
  owner->on_drop = [weak, drops] {
    auto self = weak.lock();
    if (!self || ++*drops > 5) return;
    self->mark_alive();  // the vendor had answered
    self->reconnect_after(core::Error::unavailable("dropped"));
  };
  on_loop([s] { s->connect(); });
  ASSERT_TRUE(fake.wait_until([](const auto& sessions) { return sessions.size() >= 6; }));
  EXPECT_FALSE(owner->has_prefix("failed:"));
  on_loop([s] { s->close(); });
}

TEST_F(VendorSocketTest, WithoutSignsOfLifeDropsSpendTheBudget) {
  FakeVendorSocket fake([](int) { return SocketHandshake{}; },
                        [](int, std::string_view text, SocketPeer& peer) {
                          if (text == "hello") peer.close(1011, "internal");
                        });
  auto s = socket_to(fake);
  std::weak_ptr<VendorSocket> weak = s;
  owner->on_drop = [weak] {
    if (auto self = weak.lock()) self->reconnect_after(core::Error::unavailable("dropped"));
  };
  on_loop([s] { s->connect(); });
  ASSERT_TRUE(wait_heard("failed:dropped"));
  EXPECT_EQ(fake.sessions().size(), 3u);
}

TEST_F(VendorSocketTest, ADroppedConnectionIsNeverHeardAgainAndTheNextOneOpens) {
  // The first session answers "hello" only after the socket dropped it, then closes.
  FakeVendorSocket fake([](int) { return SocketHandshake{}; },
                        [](int session, std::string_view text, SocketPeer& peer) {
                          if (text != "hello") return;
                          if (session == 0) {
                            std::this_thread::sleep_for(150ms);
                            peer.send("late");
                            peer.close(1011, "late");
                          } else {
                            peer.send("fresh");
                          }
                        });
  auto s = socket_to(fake);
  on_loop([s] { s->connect(); });
  ASSERT_TRUE(wait_heard("open"));
  int first = 0;
  on_loop([s, &first] {
    first = s->generation();
    s->drop();
    s->connect();
  });
  ASSERT_TRUE(wait_heard("text:fresh"));
  pump_for(300ms);  // the first session's late answer and close have come and gone
  EXPECT_EQ(owner->heard(), (std::vector<std::string>{"open", "open", "text:fresh"}));
  EXPECT_GT(s->generation(), first);
  EXPECT_EQ(fake.sessions().size(), 2u);
  on_loop([s] { s->close(); });
}

TEST_F(VendorSocketTest, AConnectionThatOpensAfterCloseIsNeverHandedOut) {
  FakeVendorSocket fake(
      [](int) {
        return SocketHandshake{0, "", 300ms};
      },
      [](int, std::string_view, SocketPeer&) {});
  auto s = socket_to(fake);
  on_loop([s] {
    s->connect();
    s->close();
  });
  ASSERT_TRUE(fake.wait_until(
      [](const auto& sessions) { return !sessions.empty() && sessions[0].closed; }));
  EXPECT_TRUE(owner->heard().empty());
  EXPECT_EQ(fake.sessions()[0].texts, (std::vector<std::string>{R"({"type":"bye"})"}));
}

}  // namespace
}  // namespace ovos::providers::testing
