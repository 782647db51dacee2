// Every kind of mistake in the daemon's config file, word for word: the message names the file, the line and
// the key, and a file with a mistake changes nothing.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "config.hpp"

namespace alfabravo {
namespace {

std::string config_error(const std::string& toml) {
  DaemonConfig config;
  try {
    apply_config_text(config, toml, "/etc/alfabravo/alfabravod.toml");
  } catch (const ConfigError& error) {
    return error.what();
  }
  return "(no error)";
}

TEST(ConfigMessages, EachMistakeIsNamedWithFileLineAndKey) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"volume = 3\n", ":1: volume: unknown key"},
      {"socket = 1\n", ":1: socket: expected a string"},
      {"socket = \"run/socket\"\n", ":1: socket: expected an absolute path"},
      {"audio = \"alsa\"\n", ":1: audio: expected \"portaudio\" or \"none\""},
      {"verbose = 1\n", ":1: verbose: expected true or false"},
      {"idle_close = \"soon\"\n", ":1: idle_close: expected a number of seconds"},
      {"\nrepeat_window = 3600.5\n", ":2: repeat_window: expected seconds from 0 to 3600"},
      {"speech = 3\n", ":1: speech: expected a table [speech]"},
      {"limits = \"none\"\n", ":1: limits: expected a table [limits]"},
      {"[speech]\nvolume = 1\n", ":2: speech.volume: unknown key"},
      {"[speech]\nmode = \"loud\"\n", ":2: speech.mode: expected spell, url or password"},
      {"[speech]\ncase = 1\n", ":2: speech.case: expected a string"},
      {"[speech]\ndigits = \"roman\"\n", ":2: speech.digits: expected plain or icao"},
      {"[speech]\nrate = 500\n", ":2: speech.rate: expected an integer from 80 to 450"},
      {"[limits]\nqueued = -1\n", ":2: limits.queued: expected an integer from 0 to 100000"},
      {"[limits]\nclients = \"many\"\n", ":2: limits.clients: expected an integer from 1 to 1000000"},
      {"[limits]\nline_timeout = 0.01\n", ":2: limits.line_timeout: expected seconds from 0.05 to 86400"},
      {"[limits]\nspeed = 1\n", ":2: limits.speed: unknown key"},
      {"[speech\n", ":1: "},
  };
  for (const auto& [toml, expected] : cases) {
    SCOPED_TRACE(toml);
    const auto message = config_error(toml);
    EXPECT_EQ(message.substr(0, message.find(':', 1)), "/etc/alfabravo/alfabravod.toml");
    EXPECT_NE(message.find(expected), std::string::npos) << message;
  }
}

TEST(ConfigMessages, AFileWithAMistakeChangesNothing) {
  DaemonConfig config;
  const DaemonConfig before = config;
  EXPECT_THROW(apply_config_text(config, "verbose = true\n[limits]\nqueued = -1\n", "a.toml"), ConfigError);
  EXPECT_EQ(config.verbose, before.verbose);
  apply_config_text(config, "verbose = true\n[limits]\nqueued = 7\n", "a.toml");
  EXPECT_TRUE(config.verbose);
  EXPECT_EQ(config.limits.queued, 7);
}

}  // namespace
}  // namespace alfabravo
