// Renders hold their whole audio in memory until the client has read it: one connection may not take every
// render slot, and a client that stops reading its render is dropped, as one that stops reading events is.
#include <gtest/gtest.h>

#include <string>
#include <thread>

#include "daemon_harness.hpp"

namespace alfabravo::test {
namespace {

// About 10 MB of 48 kHz WAV: far more than the socket and the reply queue hold.
std::string long_render(const std::string& id) {
  std::string text;
  for (int i = 0; i < 8; ++i)
    text += "abcdefghijklmnopqrstuvwxyz";
  return R"({"op":"render","id":")" + id + R"(","format":"wav48k","text":")" + text + R"("})" + "\n";
}

class RenderLimits : public ::testing::Test {
 protected:
  void SetUp() override {
    DaemonOptions options;
    options.args = {"--audio", "none", "--line-timeout", "3"};
    options.config_toml = "[limits]\npending_renders = 3\n";
    daemon_ = std::make_unique<Daemon>(options);
  }
  std::unique_ptr<Daemon> daemon_;
};

TEST_F(RenderLimits, OneConnectionCannotTakeEveryRenderSlot) {
  Client hog(daemon_->socket_path());
  for (int i = 0; i < 3; ++i)
    hog.send(long_render("h" + std::to_string(i)));
  Client other(daemon_->socket_path());
  // The hog's requests are read before this one: its last has had its reply (lines are read in order).
  hog.read_event_of(id("h2"));
  other.send(R"({"op":"render","id":"o","format":"wav8k","text":"ab"})"
             "\n");
  const auto events = other.read_until_final(id("o"));
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().type, EventType::done) << events.back().body.dump();
}

TEST_F(RenderLimits, AConnectionsOwnRendersAreLimited) {
  Client hog(daemon_->socket_path());
  for (int i = 0; i < 3; ++i)
    hog.send(long_render("h" + std::to_string(i)));
  // The first events: the hog's third render is refused as busy at once.
  bool refused = false;
  for (int i = 0; i < 5 && !refused; ++i) {
    const auto event = hog.read_event();
    refused = event.type == EventType::error && event.id == id("h2");
    if (refused) {
      EXPECT_EQ(event.error_code(), ErrorCode::busy);
    }
  }
  EXPECT_TRUE(refused) << "a third render of one connection was accepted";
}

TEST_F(RenderLimits, AClientThatDoesNotReadItsRenderIsDropped) {
  Client hog(daemon_->socket_path());
  hog.send(long_render("h"));
  // Never reads: dropped once its replies have waited unread for the timeout (3 s here). Nothing is read
  // until the daemon says so, then what is still buffered is read up to the end of the connection.
  EXPECT_TRUE(daemon_->wait_for_log("dropped", std::chrono::seconds(20))) << daemon_->log();
  EXPECT_TRUE(hog.closed_by_daemon(std::chrono::seconds(10)));
}

}  // namespace
}  // namespace alfabravo::test
