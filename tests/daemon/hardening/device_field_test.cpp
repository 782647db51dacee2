// The "device" field of a speak request names an output device; it must never let a client define an ALSA
// plugin of its own (the file plugin runs "|command" through a shell and writes files anywhere).
#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "daemon_harness.hpp"

namespace alfabravo::test {
namespace {

namespace fs = std::filesystem;

// A speak whose device would run `touch marker` if the daemon handed it to ALSA.
std::string speak_with_command_device(const fs::path& marker) {
  return R"({"op":"speak","id":"s","text":"ab","device":"alsa:file:\"|touch )" + marker.string() + R"(\""})";
}

TEST(DeviceField, APluginDefinitionRunsNoCommand) {
  DaemonOptions options;
  options.args = {"--audio", "portaudio", "--idle-close", "1"};
  Daemon daemon(options);
  const fs::path marker = daemon.dir() / "command-ran";
  Client client(daemon.socket_path());
  client.send(speak_with_command_device(marker) + "\n");
  const auto events = client.read_until_final(id("s"));
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().error_code(), ErrorCode::bad_option) << daemon.log();
  std::this_thread::sleep_for(500ms);  // a popen()ed shell would have run by now
  EXPECT_FALSE(fs::exists(marker)) << "the device field ran a shell command";
  // The daemon still serves this client.
  EXPECT_EQ(client.request(R"({"op":"ping","id":"p"})").type, EventType::pong);
}

TEST(DeviceField, AFileDeviceIsRefusedBeforeAnythingIsWritten) {
  DaemonOptions options;
  options.args = {"--audio", "portaudio", "--idle-close", "1"};
  Daemon daemon(options);
  const fs::path target = daemon.dir() / "written.raw";
  Client client(daemon.socket_path());
  client.send(R"({"op":"speak","id":"f","text":"ab","device":"alsa:file:)" + target.string() + "\"}\n");
  const auto events = client.read_until_final(id("f"));
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().error_code(), ErrorCode::bad_option);
  EXPECT_FALSE(fs::exists(target));
}

}  // namespace
}  // namespace alfabravo::test
