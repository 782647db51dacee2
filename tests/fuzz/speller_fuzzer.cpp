// Fuzzes spell(): two option bytes, then the text. Beyond "no crash, no sanitizer report", it checks what
// every result must satisfy, so that a wrong utterance is a finding too.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string_view>

#include "alfabravo/build_config.hpp"
#include "spelling/speller.hpp"
#include "voice/voice_loader.hpp"

namespace {

const alfabravo::Voice* g_voice = nullptr;

[[noreturn]] void violated(const char* what) {
  std::cerr << "invariant violated: " << what << "\n";
  std::abort();
}

alfabravo::SpellingOptions options_from(std::uint8_t a, std::uint8_t b) {
  alfabravo::SpellingOptions options;
  options.mode = static_cast<alfabravo::SpellMode>((a & 3) % 3);
  options.case_policy = static_cast<alfabravo::CasePolicy>(((a >> 2) & 3) % 3);
  options.digits = (a & 0x10) ? alfabravo::DigitStyle::icao : alfabravo::DigitStyle::plain;
  if (a & 0x20) options.group = b & 7;
  if (a & 0x40) options.max_characters = b;  // small limits, to reach the too_long paths
  return options;
}

bool is_safe_name(std::string_view clip) {
  if (clip.empty()) return false;
  for (char c : clip) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ' ' || c == '-')) return false;
  }
  return true;
}

void check(const alfabravo::Utterance& tokens, std::string_view text) {
  if (tokens.empty()) violated("a valid text gave no words");
  if (tokens.front().is_pause() || tokens.back().is_pause()) violated("pause at the start or the end");
  std::size_t last_index = 0;
  bool previous_pause = false;
  for (const auto& token : tokens) {
    if (token.source_index < last_index) violated("source indices go backwards");
    if (token.source_index >= text.size()) violated("source index past the end");  // code points <= bytes
    last_index = token.source_index;
    if (token.is_pause()) {
      if (previous_pause) violated("two pauses in a row");
      if (token.pause.count() <= 0 || !token.display.empty() || !token.clip.empty())
        violated("bad pause token");
    } else {
      if (token.display.empty() || token.clip.empty()) violated("a word without display or clip text");
      if (token.kind == alfabravo::TokenKind::character_name && !is_safe_name(token.clip)) {
        violated("a character name eSpeak NG should not be given");
      }
    }
    previous_pause = token.is_pause();
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const auto file = std::filesystem::path(alfabravo::build::kSourceVoicesDir) / "en.toml";
  static auto voice = alfabravo::load_voice_file(file);
  if (!voice) {
    std::cerr << voice.error().message << "\n";
    std::abort();
  }
  g_voice = &*voice;
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const auto options = options_from(data[0], data[1]);
  const std::string_view text(reinterpret_cast<const char*>(data + 2), size - 2);
  const auto result = alfabravo::spell(text, *g_voice, options);
  if (result) {
    check(*result, text);
  } else {
    const auto& error = result.error();
    if (error.message.empty()) violated("an error without a message");
    if (error.code == alfabravo::SpellErrorCode::invalid_utf8 && error.byte_offset >= text.size()) {
      violated("invalid UTF-8 offset past the end");
    }
    if (error.code == alfabravo::SpellErrorCode::empty_text && !text.empty())
      violated("empty_text for a text");
  }
  return 0;
}
