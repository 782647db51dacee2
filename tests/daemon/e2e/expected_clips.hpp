#pragma once
// The clips of the words a text is spoken with: what the clip-order correlation (audio_analysis.hpp,
// check_clip_sequence) looks for in a recording of the daemon's output.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "alfabravo/build_config.hpp"
#include "audio/clip_library.hpp"
#include "audio/synthesizer.hpp"
#include "spelling/speller.hpp"
#include "voice/voice_loader.hpp"

namespace alfabravo::test {

// The clips of `text` spelled in `voice_name` (from the source tree's voice file) with `options`, in order,
// pauses left out. cache: a clip cache to take them from (the daemons' under test, so the very same clips),
// or nullopt to render them here.
inline std::vector<std::vector<std::int16_t>> expected_clips(
    const std::string& voice_name, const std::string& text, const SpellingOptions& options = {},
    std::optional<std::filesystem::path> cache = {}) {
  auto voice = find_voice(voice_name, {std::filesystem::path(build::kSourceVoicesDir)});
  if (!voice) throw std::runtime_error(voice.error().message);
  Synthesizer synthesizer;
  ClipLibrary library(synthesizer, ClipLibraryOptions{std::move(cache)});
  library.prepare(*voice);
  auto utterance = spell(text, *voice, options);
  if (!utterance) throw std::runtime_error(utterance.error().message);
  std::vector<std::vector<std::int16_t>> clips;
  for (const auto& token : *utterance) {
    if (!token.is_pause()) clips.push_back(library.clip(token.clip, voice->synthesis)->samples);
  }
  return clips;
}

}  // namespace alfabravo::test
