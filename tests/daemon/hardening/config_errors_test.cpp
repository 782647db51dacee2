// A configuration the daemon cannot use is reported as such: a directory where the file belongs is an error,
// and a reload that kept the old configuration does not claim to have reloaded.
#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <fstream>

#include "daemon_harness.hpp"

namespace alfabravo::test {
namespace {

namespace fs = std::filesystem;

TEST(ConfigErrors, ADirectoryAtTheConfigPathIsAnError) {
  TempDir config_home;
  fs::create_directories(config_home.path() / "alfabravo" / "alfabravod.toml");
  DaemonOptions options;
  options.env["XDG_CONFIG_HOME"] = config_home.path().string();
  options.wait_until_ready = false;
  Daemon daemon(options);
  const auto status = daemon.process().wait_for(std::chrono::seconds(20));
  ASSERT_TRUE(status) << "the daemon ignored a directory at its config path:\n" << daemon.log();
  EXPECT_NE(*status, 0);
  EXPECT_NE(daemon.log().find("is a directory"), std::string::npos) << daemon.log();
}

TEST(ConfigErrors, AFailedReloadSaysSoAndNotReloaded) {
  Daemon daemon;
  std::ofstream(daemon.config_file()) << "voice = [broken\n";
  ::kill(daemon.process().pid(), SIGHUP);
  ASSERT_TRUE(daemon.wait_for_log("keeping the old configuration")) << daemon.log();
  EXPECT_TRUE(daemon.wait_for_log("still using the old configuration", std::chrono::seconds(20)))
      << daemon.log();
  EXPECT_EQ(daemon.log().find("reloaded"), std::string::npos) << daemon.log();
  // A good configuration afterwards reloads as usual.
  std::ofstream(daemon.config_file()) << "voice = \"en\"\n";
  ::kill(daemon.process().pid(), SIGHUP);
  EXPECT_TRUE(daemon.wait_for_log("reloaded", std::chrono::seconds(20))) << daemon.log();
}

}  // namespace
}  // namespace alfabravo::test
