// A sound server that is starved for a moment (a busy 2-core machine: renders, builds) is not a dead one:
// the utterance resumes and finishes. A server that has gone still ends it with audio_unavailable.
#include <gtest/gtest.h>

#include <thread>

#include "daemon_on_pulse.hpp"

namespace alfabravo::test {
namespace {

class StarvedPlayback : public DaemonOnPulseTest {
 protected:
  StarvedPlayback() : DaemonOnPulseTest("5") {}
  // Speaks a long text and waits until it is heard (its third character reached).
  void speak_until_heard(Client& client) {
    client.send(R"({"op":"speak","id":"s","text":"abcdefghij"})"
                "\n");
    for (int i = 0; i < 20; ++i) {
      const auto event = client.read_event();
      ASSERT_FALSE(is_final(event.type)) << event.body.dump();
      if (event.type == EventType::progress && event.body["index"] == 2) return;
    }
    FAIL() << "the utterance was not heard";
  }
};

TEST_F(StarvedPlayback, ASoundServerStalledForOneAndAHalfSecondsIsNotDeclaredDead) {
  Client client(daemon_->socket_path());
  speak_until_heard(client);
  pulse_->freeze_server();  // as starved as a server can be: no CPU at all
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // the stall's length is what is tested
  pulse_->thaw_server();
  const auto events = client.read_until_final(id("s"));
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().type, EventType::done) << events.back().body.dump() << "\n" << daemon_->log();
}

TEST_F(StarvedPlayback, AKilledSoundServerIsStillAnErrorWithinSeconds) {
  Client client(daemon_->socket_path());
  speak_until_heard(client);
  const auto killed_at = std::chrono::steady_clock::now();
  pulse_->kill_server();
  const auto events = client.read_until_final(id("s"));
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().error_code(), ErrorCode::audio_unavailable) << events.back().body.dump();
  EXPECT_LT(std::chrono::steady_clock::now() - killed_at, std::chrono::seconds(6));
}

}  // namespace
}  // namespace alfabravo::test
