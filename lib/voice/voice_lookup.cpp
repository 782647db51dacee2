#include <algorithm>
#include <set>

#include "voice/voice_loader.hpp"

namespace alfabravo {
namespace {

// A voice name is a file stem, never a path: "en", "de-din5009".
bool is_voice_name(std::string_view name) {
  return !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

}  // namespace

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
