#pragma once
// The real English voice from the source tree, loaded once per test binary.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "alfabravo/build_config.hpp"
#include "spelling/speller.hpp"
#include "voice/voice_loader.hpp"

namespace alfabravo::testing {

inline std::filesystem::path english_voice_file() {
  return std::filesystem::path(build::kSourceVoicesDir) / "en.toml";
}

inline const Voice& english_voice() {
  static const Voice voice = [] {
    auto loaded = load_voice_file(english_voice_file());
    if (!loaded) throw std::runtime_error(loaded.error().message);
    return std::move(loaded).value();
  }();
  return voice;
}

// The transcript of `text`, or "ERROR: <message>" so a failing expectation shows what went wrong.
inline std::string spelled(std::string_view text, const SpellingOptions& options = {}) {
  auto result = spell(text, english_voice(), options);
  if (!result) return "ERROR: " + result.error().message;
  return transcript(*result);
}

inline Utterance tokens_of(std::string_view text, const SpellingOptions& options = {}) {
  auto result = spell(text, english_voice(), options);
  if (!result) ADD_FAILURE() << "spell failed: " << result.error().message;
  return result ? std::move(result).value() : Utterance{};
}

}  // namespace alfabravo::testing
