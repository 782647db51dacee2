// When the sound server has gone, a speak says so in words a person can act on, not in PortAudio's terms
// ("Illegal combination of I/O devices").
#include <gtest/gtest.h>

#include <thread>

#include "daemon_harness.hpp"
#include "pulse_harness.hpp"

namespace alfabravo::test {
namespace {

TEST(VanishedServer, TheFirstSpeakAfterwardsNamesTheProblem) {
  auto pulse = std::make_unique<PulseHarness>();
  pulse->start_server();
  DaemonOptions options;
  options.args = {"--audio", "portaudio", "--device", "default", "--idle-close", "5"};
  for (const auto& [key, value] : pulse->client_environment())
    options.env[key] = value;
  Daemon daemon(options);
  Client client(daemon.socket_path());
  client.send(R"({"op":"speak","id":"a","text":"a"})"
              "\n");
  ASSERT_EQ(client.read_until_final(id("a")).back().type, EventType::done) << daemon.log();
  pulse->kill_server();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  client.send(R"({"op":"speak","id":"b","text":"b"})"
              "\n");
  const auto final = client.read_until_final(id("b")).back();
  ASSERT_EQ(final.error_code(), ErrorCode::audio_unavailable) << final.body.dump();
  const std::string message = final.body["message"].get<std::string>();
  EXPECT_EQ(message.find("Illegal combination"), std::string::npos) << message;
  EXPECT_NE(message.find("sound server"), std::string::npos) << message;
  daemon.terminate();
}

}  // namespace
}  // namespace alfabravo::test
