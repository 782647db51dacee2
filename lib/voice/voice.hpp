#pragma once
// A spelling alphabet and how to pronounce it, as loaded from voices/*.toml. Nothing of any alphabet is
// hard-coded in C++: the engine only ever reads this structure.
#include <array>
#include <chrono>
#include <filesystem>
#include <map>
#include <string>

namespace alfabravo {

struct Word {
  std::string display;  // shown to the agent: "Quebec"
  std::string speak;    // given to eSpeak NG: "keh beck"
  friend bool operator==(const Word&, const Word&) = default;
};

struct VoicePauses {
  std::chrono::milliseconds word{0};       // silence between two words
  std::chrono::milliseconds group{0};      // after each group of characters
  std::chrono::milliseconds separator{0};  // after a separator in url mode
};

struct SynthesisSettings {
  std::string espeak_voice;  // eSpeak NG voice name, e.g. "en-us"
  int rate_wpm = 150;        // words per minute
  int pitch = 50;            // 0-100
  int volume = 100;          // 0-200
};

struct Voice {
  std::string name;  // the file's stem: "en"
  std::string description;
  std::filesystem::path source;  // the file it was loaded from (for messages)
  SynthesisSettings synthesis;
  VoicePauses pauses;
  std::array<Word, 26> letters;           // a..z
  std::array<Word, 10> digits_plain;      // 0..9
  std::array<Word, 10> digits_icao;       // 0..9, ICAO pronunciation
  std::map<char32_t, Word> symbols;       // every printable ASCII symbol, plus tab and line feed
  Word capital;                           // said before an upper-case letter
  Word lowercase;                         // said before a lower-case letter when case policy is "all"
  std::map<std::string, Word> url_words;  // "https" -> {display "https", speak "aitch tee tee pee ess"}
  std::map<std::string, std::string> mark_names;  // optional: ICU combining-mark name -> spoken name
};

}  // namespace alfabravo
