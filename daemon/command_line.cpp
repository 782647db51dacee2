#include "command_line.hpp"

#include <CLI/CLI.hpp>
#include <cmath>
#include <iostream>

#include "alfabravo/build_config.hpp"

namespace alfabravo {

namespace {
constexpr const char* kFooter = R"(
Speaks text sent over a Unix socket in the NATO/ICAO spelling alphabet. Runs in the foreground and logs to
stderr (journald reads the priorities); use a systemd user service for everyday use.

Settings come from the first of $XDG_CONFIG_HOME/alfabravo/alfabravod.toml and /etc/alfabravo/alfabravod.toml
(or --config); options on the command line override them. SIGHUP reloads the config file and the voices.

Examples:
  alfabravod                                  # default socket $XDG_RUNTIME_DIR/alfabravo/socket
  alfabravod --device pulse --verbose         # play through PulseAudio/PipeWire's ALSA device, log requests
  alfabravod --audio none --socket /tmp/ab.sock   # no sound output: transcript and render only (and tests)
  echo 'Ab3' | socat - UNIX-CONNECT:$XDG_RUNTIME_DIR/alfabravo/socket
  echo '{"op":"render","text":"Ab3","format":"wav8k"}' | socat - UNIX-CONNECT:$XDG_RUNTIME_DIR/alfabravo/socket

The protocol is documented in docs/protocol.md (installed with the package).)";

std::chrono::milliseconds to_milliseconds(double seconds) {
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(seconds * 1000)));
}
}  // namespace

void CommandLine::apply_to(DaemonConfig& config) const {
  if (socket) config.socket = *socket;
  if (voice) config.voice = *voice;
  if (audio) config.audio = *audio;
  if (device) config.device = *device;
  if (idle_close) config.idle_close = *idle_close;
  if (line_timeout) config.limits.line_timeout = *line_timeout;
  if (max_clients) config.limits.clients = *max_clients;
  if (verbose) config.verbose = true;
}

std::variant<CommandLine, int> parse_command_line(int argc, char** argv) {
  CLI::App app{"alfabravod - the alfabravo spelling daemon", "alfabravod"};
  app.footer(kFooter);
  app.set_version_flag("--version", std::string("alfabravod ") + build::kVersion);

  CommandLine line;
  std::string config_file, socket, voice, audio, device;
  double idle_close = 0, line_timeout = 0;
  std::size_t max_clients = 0;
  auto* config_option =
      app.add_option("-c,--config", config_file, "Read this config file instead of the usual ones")
          ->check(CLI::ExistingFile);
  auto* socket_option = app.add_option("-s,--socket", socket, "Listen on this Unix socket path");
  auto* voice_option = app.add_option("--voice", voice, "Default voice (spelling alphabet), e.g. en");
  auto* audio_option = app.add_option("--audio", audio, "Sound output: portaudio (default) or none")
                           ->check(CLI::IsMember({"portaudio", "none"}));
  auto* device_option =
      app.add_option("-d,--device", device, "Output device: a name, part of one, an index, or alsa:<pcm>");
  auto* idle_option = app.add_option("--idle-close", idle_close,
                                     "Seconds to keep the sound output open after the last utterance")
                          ->check(CLI::Range(0.0, 3600.0));
  auto* timeout_option =
      app.add_option(
             "--line-timeout", line_timeout,
             "Seconds a client may take to finish a line (and to send its first one) before it is dropped")
          ->check(CLI::Range(0.05, 86400.0));
  auto* clients_option =
      app.add_option("--max-clients", max_clients, "Clients served at once")->check(CLI::Range(1, 1000000));
  app.add_flag("-v,--verbose", line.verbose, "Log every request (id, op, mode, length; never the text)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (*config_option) line.config_file = config_file;
  if (*socket_option) line.socket = socket;
  if (*voice_option) line.voice = voice;
  if (*audio_option) line.audio = parse_audio_backend(audio);
  if (*device_option) line.device = device;
  if (*idle_option) line.idle_close = to_milliseconds(idle_close);
  if (*timeout_option) line.line_timeout = to_milliseconds(line_timeout);
  if (*clients_option) line.max_clients = max_clients;
  return line;
}

}  // namespace alfabravo
