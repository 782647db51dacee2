#include "voice/voice_search_path.hpp"

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <set>
#include <string>

#include "alfabravo/build_config.hpp"
#include "core/this_program.hpp"

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
std::filesystem::path program_relative_voices(const std::filesystem::path& program) {
  return program.parent_path().parent_path() / "share" / "alfabravo" / "voices";
}

// Without a program, only the fixed directories.
std::vector<std::filesystem::path> search_path(const std::optional<std::filesystem::path>& program) {
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
  if (program) candidates.push_back(program_relative_voices(*program));

  std::vector<std::filesystem::path> path;
  std::set<std::filesystem::path> seen;
  for (auto& dir : candidates) {
    dir = dir.lexically_normal();
    if (seen.insert(dir).second) path.push_back(std::move(dir));
  }
  return path;
}

}  // namespace

std::vector<std::filesystem::path> voice_search_path() {
  return search_path(this_program());
}

std::vector<std::filesystem::path> voice_search_path(const std::filesystem::path& program) {
  return search_path(program.is_absolute() ? std::optional(program) : std::nullopt);
}

}  // namespace alfabravo
