// Cancelling an utterance while its last word plays (Ctrl-C in the client does this) must leave the audio
// output ready for the next utterance.
#include <gtest/gtest.h>

#include "daemon_harness.hpp"
#include "pulse_harness.hpp"

namespace alfabravo::test {
namespace {

class CancelLastWord : public ::testing::Test {
 protected:
  void SetUp() override {
    pulse_ = std::make_unique<PulseHarness>();
    pulse_->start_server();
    DaemonOptions options;
    options.args = {"--audio", "portaudio", "--device", "default", "--idle-close", "5"};
    for (const auto& [key, value] : pulse_->client_environment())
      options.env[key] = value;
    daemon_ = std::make_unique<Daemon>(options);
  }
  void TearDown() override {
    daemon_.reset();  // before the sound server goes
    pulse_.reset();
  }
  std::unique_ptr<PulseHarness> pulse_;
  std::unique_ptr<Daemon> daemon_;
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
