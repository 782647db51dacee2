// Fuzzes spell() over every shipped voice: two option bytes (the second also picks the voice), then the text.
// Beyond "no crash, no sanitizer report", it checks what every result must satisfy, so that a wrong utterance
// is a finding too.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "alfabravo/build_config.hpp"
#include "spelling/speller.hpp"
#include "voice/voice_loader.hpp"
#include "voice/voice_vocabulary.hpp"

namespace {

// Every shipped voice, with the words it may make the speller say (its own and renamed marks).
struct FuzzVoice {
  alfabravo::Voice voice;
  std::set<std::string> words;
};
std::vector<FuzzVoice> g_voices;

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

void check(const alfabravo::Utterance& tokens, std::string_view text, const FuzzVoice& voice) {
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
      // What eSpeak NG will be given: a word of the voice file, or an ICU name made safe.
      if (!voice.words.contains(token.clip) && !is_safe_name(token.clip)) {
        violated("a clip eSpeak NG should not be given");
      }
      if (!token.espeak_voice.empty() && token.kind != alfabravo::TokenKind::character_name) {
        violated("a voice word said in the names voice");
      }
    }
    previous_pause = token.is_pause();
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const std::vector<std::filesystem::path> path{alfabravo::build::kSourceVoicesDir};
  for (const auto& name : alfabravo::available_voices(path)) {
    auto voice = alfabravo::find_voice(name, path);
    if (!voice) {
      std::cerr << voice.error().message << "\n";
      std::abort();
    }
    const auto words = alfabravo::vocabulary(*voice);
    g_voices.push_back(FuzzVoice{std::move(voice).value(), {words.begin(), words.end()}});
  }
  if (g_voices.size() < 9) violated("fewer than nine shipped voices");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const auto options = options_from(data[0], data[1]);
  const std::string_view text(reinterpret_cast<const char*>(data + 2), size - 2);
  // The second byte's high bits pick the voice (its low bits are the group size).
  const FuzzVoice& voice = g_voices[(data[1] >> 3) % g_voices.size()];
  const auto result = alfabravo::spell(text, voice.voice, options);
  if (result) {
    check(*result, text, voice);
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
