#include <algorithm>
#include <cstdlib>
#include <optional>
#include <set>

#include "alfabravo/build_config.hpp"
#include "voice/voice_loader.hpp"

namespace alfabravo {
namespace {

std::string environment(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

std::vector<std::string> split_colons(const std::string& list) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= list.size()) {
    const std::size_t end = std::min(list.find(':', start), list.size());
    if (end > start) parts.push_back(list.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

// <program dir>/../share/alfabravo/voices: an installed program's own data directory wherever the tree was
// moved to, and, in a build tree, the link CMake makes to the source's voices/. Relative to the program and
// not a path fixed at build time, so that no build machine's path is compiled into an installed binary.
std::optional<std::filesystem::path> program_relative_voices() {
  std::error_code error;
  const auto program = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error || !program.is_absolute()) return std::nullopt;
  return program.parent_path().parent_path() / "share" / "alfabravo" / "voices";
}

// A voice name is a file stem, never a path: "en", "de-din5009".
bool is_voice_name(std::string_view name) {
  return !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

}  // namespace

std::vector<std::filesystem::path> voice_search_path() {
  std::vector<std::filesystem::path> candidates;
  for (const auto& dir : split_colons(environment("ALFABRAVO_VOICE_PATH")))
    candidates.emplace_back(dir);

  // XDG Base Directory defaults: ~/.local/share and /usr/local/share:/usr/share; relative entries are
  // invalid.
  std::string data_home = environment("XDG_DATA_HOME");
  if (data_home.empty() || data_home.front() != '/') {
    const std::string home = environment("HOME");
    data_home = home.empty() ? "" : home + "/.local/share";
  }
  if (!data_home.empty()) candidates.push_back(std::filesystem::path(data_home) / "alfabravo" / "voices");
  std::string data_dirs = environment("XDG_DATA_DIRS");
  if (data_dirs.empty()) data_dirs = "/usr/local/share:/usr/share";
  for (const auto& dir : split_colons(data_dirs)) {
    if (dir.front() == '/') candidates.push_back(std::filesystem::path(dir) / "alfabravo" / "voices");
  }

  candidates.emplace_back("/etc/alfabravo/voices");
  candidates.push_back(std::filesystem::path(build::kInstalledDataDir) / "voices");
  // Last, so that installed voices win: lets a binary run from the build tree without installing.
  if (auto beside_program = program_relative_voices()) candidates.push_back(std::move(*beside_program));

  std::vector<std::filesystem::path> path;
  std::set<std::filesystem::path> seen;
  for (auto& dir : candidates) {
    dir = dir.lexically_normal();
    if (seen.insert(dir).second) path.push_back(std::move(dir));
  }
  return path;
}

Expected<Voice, VoiceError> find_voice(std::string_view name,
                                       const std::vector<std::filesystem::path>& path) {
  if (!is_voice_name(name)) {
    return Unexpected{VoiceError{"not a voice name: use letters, digits, '-' and '_' only, like \"en\""}};
  }
  const std::string file_name = std::string(name) + ".toml";
  std::string searched;
  for (const auto& dir : path) {
    std::error_code error;
    const auto file = dir / file_name;
    // The first file found is the voice: a broken file is reported, not skipped for a later one.
    if (std::filesystem::exists(file, error)) return load_voice_file(file);
    searched += (searched.empty() ? "" : ", ") + dir.string();
  }
  return Unexpected{VoiceError{"voice \"" + std::string(name) + "\" not found in: " +
                               (searched.empty() ? std::string("(empty search path)") : searched)}};
}

std::vector<std::string> available_voices(const std::vector<std::filesystem::path>& path) {
  std::set<std::string> names;
  for (const auto& dir : path) {
    std::error_code error;
    for (std::filesystem::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
      const auto& file = it->path();
      if (file.extension() == ".toml" && is_voice_name(file.stem().string()) && it->is_regular_file(error)) {
        names.insert(file.stem().string());
      }
    }
  }
  return {names.begin(), names.end()};
}

}  // namespace alfabravo
