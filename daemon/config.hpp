#pragma once
// The daemon's settings: built-in defaults, then a TOML file, then the command line (see command_line.hpp).
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "spelling/spelling_options.hpp"

namespace alfabravo {

enum class AudioBackend { portaudio, none };

struct DaemonLimits {
  std::size_t line_bytes = 64 * 1024;
  std::size_t text_characters = kDefaultMaxCharacters;
  std::size_t clients = 1024;
  std::size_t queued = 32;
  // A partial line (or nothing, after connecting) this long, or replies left unread this long: dropped.
  std::chrono::milliseconds line_timeout{30000};
  std::size_t output_bytes = 4 * 1024 * 1024;  // replies a client leaves unread before it is dropped
  std::size_t pending_renders = 8;             // renders composed or not yet read, all clients together
  std::size_t renders_per_client = 2;          // the same, per connection: one client cannot take every slot
};

struct DaemonConfig {
  std::optional<std::filesystem::path> socket;  // nullopt: $XDG_RUNTIME_DIR/alfabravo/socket
  std::string voice = "en";
  AudioBackend audio = AudioBackend::portaudio;
  std::string device;  // "": the default output device
  std::chrono::milliseconds idle_close{3000};
  // How long the last utterance is held in memory for repeat and compare (0: never held).
  std::chrono::milliseconds repeat_window{120000};
  bool verbose = false;
  SpellingOptions spelling;  // defaults for mode, case, digits, group
  std::optional<int> rate;   // words per minute; unset: the voice's own
  DaemonLimits limits;
};

// A config file problem, naming the file, the line and the key.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The config files looked for, first existing one wins: $XDG_CONFIG_HOME/alfabravo/alfabravod.toml
// (~/.config/...), then /etc/alfabravo/alfabravod.toml.
std::vector<std::filesystem::path> config_file_candidates();
std::optional<std::filesystem::path> find_config_file();

// Applies the settings of one TOML file over config. Throws ConfigError.
void apply_config_file(DaemonConfig& config, const std::filesystem::path& file);
void apply_config_text(DaemonConfig& config, std::string_view toml_text, const std::filesystem::path& source);

std::string_view to_string(AudioBackend backend) noexcept;
std::optional<AudioBackend> parse_audio_backend(std::string_view name) noexcept;

}  // namespace alfabravo
