#pragma once
// Reads and validates a voice file (TOML). Every error names the file, the key and, where known, the line.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.hpp"
#include "voice/voice.hpp"
#include "voice/voice_search_path.hpp"

namespace alfabravo {

struct VoiceError {
  std::string message;  // "voices/en.toml:12: letters.q: expected a string or a table {display, speak}"
};

Expected<Voice, VoiceError> parse_voice(std::string_view toml_text, const std::filesystem::path& source);
Expected<Voice, VoiceError> load_voice_file(const std::filesystem::path& file);

// The first <name>.toml on the path (voice_search_path.hpp) is the voice.
Expected<Voice, VoiceError> find_voice(std::string_view name, const std::vector<std::filesystem::path>& path);
// Names of the voices found on the path (file stems), sorted, without duplicates.
std::vector<std::string> available_voices(const std::vector<std::filesystem::path>& path);

}  // namespace alfabravo
