#pragma once
// Reads and validates a voice file (TOML). Every error names the file, the key and, where known, the line.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.hpp"
#include "voice/voice.hpp"

namespace alfabravo {

struct VoiceError {
  std::string message;  // "voices/en.toml:12: letters.q: expected a string or a table {display, speak}"
};

Expected<Voice, VoiceError> parse_voice(std::string_view toml_text, const std::filesystem::path& source);
Expected<Voice, VoiceError> load_voice_file(const std::filesystem::path& file);

// Directories searched for <name>.toml, first match wins:
//   $ALFABRAVO_VOICE_PATH (colon-separated), $XDG_DATA_HOME/alfabravo/voices (~/.local/share/...),
//   each of $XDG_DATA_DIRS/alfabravo/voices, /etc/alfabravo/voices, <install prefix>/share/alfabravo/voices,
//   and the source tree's voices/ (so a build-tree binary finds them).
std::vector<std::filesystem::path> voice_search_path();
Expected<Voice, VoiceError> find_voice(std::string_view name, const std::vector<std::filesystem::path>& path);
// Names of the voices found on the path (file stems), sorted, without duplicates.
std::vector<std::string> available_voices(const std::vector<std::filesystem::path>& path);

}  // namespace alfabravo
