// Cancelling an utterance while its last word plays (Ctrl-C in the client does this) must leave the audio
// output ready for the next utterance.
#include <gtest/gtest.h>

#include "daemon_on_pulse.hpp"

namespace alfabravo::test {
namespace {

class CancelLastWord : public DaemonOnPulseTest {
 protected:
  CancelLastWord() : DaemonOnPulseTest("5") {}
};

TEST_F(CancelLastWord, TheNextUtterancePlays) {
  Client client(daemon_->socket_path());
  for (int round = 0; round < 4; ++round) {
    const std::string a = "a" + std::to_string(round);
    const std::string b = "b" + std::to_string(round);
    // One short word, fast: its first progress comes while its only (last) word plays.
    client.send(R"({"op":"speak","id":")" + a + R"(","text":"a","rate":450})" + "\n");
    for (int i = 0; i < 10; ++i) {
      const auto event = client.read_event();
      if (event.type == EventType::progress || is_final(event.type)) break;
    }
    client.send(R"({"op":"cancel","id":")" + a + R"("})" + "\n");
    client.read_until_final(id(a.c_str()));
    client.send(R"({"op":"speak","id":")" + b + R"(","text":"b","rate":450})" + "\n");
    const auto events = client.read_until_final(id(b.c_str()));
    ASSERT_FALSE(events.empty());
    EXPECT_EQ(events.back().type, EventType::done)
        << "round " << round << ": " << events.back().body.dump() << "\n"
        << daemon_->log();
  }
}

}  // namespace
}  // namespace alfabravo::test
