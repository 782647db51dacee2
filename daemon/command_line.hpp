#pragma once
// alfabravod's command line (CLI11). Options given here override the config file, also after a SIGHUP reload.
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <variant>

#include "config.hpp"

namespace alfabravo {

struct CommandLine {
  std::optional<std::filesystem::path> config_file;
  std::optional<std::filesystem::path> socket;
  std::optional<std::string> voice;
  std::optional<AudioBackend> audio;
  std::optional<std::string> device;
  std::optional<std::chrono::milliseconds> idle_close;
  std::optional<std::chrono::milliseconds> line_timeout;
  std::optional<std::size_t> max_clients;
  bool verbose = false;

  void apply_to(DaemonConfig& config) const;
};

// The command line, or the exit code when there is nothing to run (--help, --version, a usage error; the
// message has been printed).
std::variant<CommandLine, int> parse_command_line(int argc, char** argv);

}  // namespace alfabravo
