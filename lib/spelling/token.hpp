#pragma once
// One spoken word (or pause) of an utterance, as the spelling engine produces it.
#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/secret.hpp"

namespace alfabravo {

enum class TokenKind {
  letter,          // a letter's (or a letter sequence's) alphabet word: "Alfa", "Umlaut Aachen", "IJmuiden"
  digit,           // "three" or ICAO "tree"
  symbol,          // a named ASCII symbol, tab or line feed: "slash"
  case_word,       // "capital" / "lowercase"
  url_word,        // a whole url word in url mode: "https"
  character_name,  // any other character by name, or a diacritic mark's name: "cyrillic small letter a",
                   // "acute"
  pause,           // silence: a group or separator pause (not a word; never printed in a transcript)
  message_word,    // a word of the voice's [messages]: the spoken result of a read-back check ("expected")
};

std::string_view to_string(TokenKind kind) noexcept;

struct Token {
  TokenKind kind = TokenKind::letter;
  std::string display;           // the word as shown to the agent; empty for pauses
  std::string clip;              // the text eSpeak NG speaks for this word (the clip's key); empty for pauses
  std::size_t source_index = 0;  // index (in code points) of the source character this token speaks
  std::chrono::milliseconds pause{0};  // length of a pause token; 0 for words
  // The eSpeak NG voice for this word when it is not the alphabet's own: ICU's English character names in
  // an alphabet of another language. Empty: the voice the request is spoken with.
  std::string espeak_voice;

  bool is_pause() const noexcept { return kind == TokenKind::pause; }
  friend bool operator==(const Token&, const Token&) = default;
};

using Utterance = std::vector<Token>;

// Wipes every word of the utterance (they spell the caller's text), then empties it.
inline void wipe(Utterance& utterance) noexcept {
  for (auto& token : utterance) {
    wipe(token.display);
    wipe(token.clip);
  }
  utterance.clear();
}

// The display words of an utterance, space-separated, pauses left out: "capital Alfa Bravo three".
std::string transcript(const Utterance& utterance);

}  // namespace alfabravo
