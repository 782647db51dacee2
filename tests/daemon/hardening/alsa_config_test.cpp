// The daemon never exits because audio is missing, not even when ALSA's configuration cannot be read (where
// PortAudio's device enumeration asserts and aborts the process).
#include <gtest/gtest.h>

#include <filesystem>

#include "daemon_harness.hpp"

namespace alfabravo::test {
namespace {

namespace fs = std::filesystem;

// Every op that reaches PortAudio answers, and the daemon is still there afterwards.
void expect_audio_ops_answered(Daemon& daemon) {
  Client client(daemon.socket_path());
  client.send(R"({"op":"speak","id":"s","text":"ab"})"
              "\n");
  const auto spoken = client.read_until_final(id("s"));
  ASSERT_FALSE(spoken.empty());
  EXPECT_EQ(spoken.back().type, EventType::error) << daemon.log();
  EXPECT_EQ(spoken.back().error_code(), ErrorCode::audio_unavailable);
  const auto listed = client.request(R"({"op":"devices","id":"d"})");
  EXPECT_EQ(listed.error_code(), ErrorCode::audio_unavailable) << listed.body.dump();
  EXPECT_EQ(client.request(R"({"op":"ping","id":"p"})").type, EventType::pong);
  EXPECT_TRUE(daemon.process().running()) << daemon.log();
}

TEST(AlsaConfig, AMissingConfigurationIsAudioUnavailableNotACrash) {
  DaemonOptions options;
  options.args = {"--audio", "portaudio", "--idle-close", "1"};
  options.env["ALSA_CONFIG_PATH"] = "/nonexistent/alsa.conf";
  Daemon daemon(options);
  expect_audio_ops_answered(daemon);
  EXPECT_NE(daemon.log().find("ALSA"), std::string::npos) << daemon.log();
}

TEST(AlsaConfig, AConfigurationThatVanishesWhileRunningIsAudioUnavailable) {
  TempDir alsa;
  const fs::path config = alsa.path() / "alsa.conf";
  fs::copy_file("/usr/share/alsa/alsa.conf", config);
  DaemonOptions options;
  options.args = {"--audio", "portaudio", "--idle-close", "1"};
  options.env["ALSA_CONFIG_PATH"] = config.string();
  Daemon daemon(options);
  // Once its start-up listing of the devices is over: PortAudio 19.6 asserts when the configuration changes
  // *during* Pa_Initialize (lib/playback/README.md), a window no check before the call can close.
  ASSERT_TRUE(daemon.wait_for_log("audio output")) << daemon.log();
  fs::remove(config);
  expect_audio_ops_answered(daemon);
}

}  // namespace
}  // namespace alfabravo::test
