#include "config.hpp"

#include <toml++/toml.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/limits.hpp"
#include "core/name_table.hpp"
#include "strict_toml/strict_table.hpp"

namespace alfabravo {

namespace {

void apply_top_level(const StrictTable& top, DaemonConfig& next) {
  top.only(
      {"socket", "voice", "audio", "device", "idle_close", "repeat_window", "verbose", "speech", "limits"});
  if (auto socket = top.string("socket")) {
    if (socket->empty() || socket->front() != '/')
      top.fail(*top.node("socket"), "socket", "expected an absolute path");
    next.socket = *socket;
  }
  if (auto voice = top.string("voice")) next.voice = *voice;
  if (auto audio = top.string("audio")) {
    const auto backend = parse_audio_backend(*audio);
    if (!backend) top.fail(*top.node("audio"), "audio", "expected \"portaudio\" or \"none\"");
    next.audio = *backend;
  }
  if (auto device = top.string("device")) next.device = *device;
  if (auto idle = top.seconds("idle_close", 0, 3600)) next.idle_close = *idle;
  if (auto window = top.seconds("repeat_window", 0, 3600)) next.repeat_window = *window;
  if (auto verbose = top.boolean("verbose")) next.verbose = *verbose;
}

// A key whose value is one of an enum's names.
template <class Enum>
void read_name(const StrictTable& reader, std::string_view key,
               std::optional<Enum> (*parse)(std::string_view) noexcept, std::string_view expected,
               Enum& out) {
  const auto name = reader.string(key);
  if (!name) return;
  const auto parsed = parse(*name);
  if (!parsed) reader.fail(*reader.node(key), key, std::string(expected));
  out = *parsed;
}

void apply_speech(const StrictTable& speech, DaemonConfig& next) {
  speech.only({"mode", "case", "digits", "group", "rate"});
  read_name(speech, "mode", parse_spell_mode, "expected spell, url or password", next.spelling.mode);
  read_name(speech, "case", parse_case_policy, "expected capitals, all or none", next.spelling.case_policy);
  read_name(speech, "digits", parse_digit_style, "expected plain or icao", next.spelling.digits);
  if (auto group = speech.integer("group", 0, kMaxGroup))
    next.spelling.group = static_cast<std::size_t>(*group);
  if (auto rate = speech.integer("rate", kMinRateWpm, kMaxRateWpm)) next.rate = static_cast<int>(*rate);
}

void apply_limits(const StrictTable& limits, DaemonLimits& next) {
  limits.only({"line_bytes", "text_characters", "clients", "queued", "line_timeout", "output_bytes",
               "pending_renders", "renders_per_client"});
  if (auto v = limits.integer("line_bytes", 256, 16 * 1024 * 1024)) next.line_bytes = *v;
  if (auto v = limits.integer("text_characters", 1, 1'000'000)) next.text_characters = *v;
  if (auto v = limits.integer("clients", 1, 1'000'000)) next.clients = *v;
  if (auto v = limits.integer("queued", 0, 100'000)) next.queued = *v;
  if (auto v = limits.seconds("line_timeout", 0.05, 86400)) next.line_timeout = *v;
  if (auto v = limits.integer("output_bytes", 64 * 1024, std::int64_t{1} << 32)) next.output_bytes = *v;
  if (auto v = limits.integer("pending_renders", 1, 1024)) next.pending_renders = *v;
  if (auto v = limits.integer("renders_per_client", 1, 1024)) next.renders_per_client = *v;
}

}  // namespace

namespace {
constexpr NameTable<AudioBackend, 2> kAudioBackends{
    {{AudioBackend::portaudio, "portaudio"}, {AudioBackend::none, "none"}}};
}  // namespace

std::string_view to_string(AudioBackend backend) noexcept {
  return name_of(kAudioBackends, backend, "portaudio");
}

std::optional<AudioBackend> parse_audio_backend(std::string_view name) noexcept {
  return value_of(kAudioBackends, name);
}

std::vector<std::filesystem::path> config_file_candidates() {
  std::vector<std::filesystem::path> candidates;
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg != nullptr && *xdg == '/') {
    candidates.emplace_back(std::filesystem::path(xdg) / "alfabravo" / "alfabravod.toml");
  } else if (const char* home = std::getenv("HOME"); home != nullptr && *home == '/') {
    candidates.emplace_back(std::filesystem::path(home) / ".config" / "alfabravo" / "alfabravod.toml");
  }
  candidates.emplace_back("/etc/alfabravo/alfabravod.toml");
  return candidates;
}

std::optional<std::filesystem::path> find_config_file() {
  for (const auto& candidate : config_file_candidates()) {
    std::error_code ignored;
    if (std::filesystem::exists(candidate, ignored)) return candidate;
  }
  return std::nullopt;
}

void apply_config_file(DaemonConfig& config, const std::filesystem::path& file) {
  std::error_code ignored;
  if (std::filesystem::is_directory(file, ignored)) {
    // Reading a directory "succeeds" with no text: the settings the user meant would silently not apply.
    throw ConfigError(file.string() + " is a directory, not a configuration file");
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ConfigError(file.string() + ": cannot be read");
  std::ostringstream text;
  text << in.rdbuf();
  apply_config_text(config, text.str(), file);
}

void apply_config_text(DaemonConfig& config, std::string_view toml_text,
                       const std::filesystem::path& source) {
  toml::table root;
  try {
    root = toml::parse(toml_text, source.string());
  } catch (const toml::parse_error& e) {
    throw ConfigError(source.string() + ":" + std::to_string(e.source().begin.line) + ": " +
                      std::string(e.description()));
  }
  // Applied to a copy, so that a file with an error changes nothing.
  DaemonConfig next = config;
  try {
    const StrictTable top(root, source.string());
    apply_top_level(top, next);
    if (const auto speech = top.subtable("speech", "expected a table [speech]")) apply_speech(*speech, next);
    if (const auto limits = top.subtable("limits", "expected a table [limits]"))
      apply_limits(*limits, next.limits);
  } catch (const TomlError& error) {
    throw ConfigError(error.what());
  }
  config = std::move(next);
}

}  // namespace alfabravo
