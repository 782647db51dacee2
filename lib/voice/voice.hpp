#pragma once
// A spelling alphabet and how to pronounce it, as loaded from voices/*.toml. Nothing of any alphabet is
// hard-coded in C++: the engine only ever reads this structure.
#include <array>
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
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

// The words of a read-back check's spoken result: "group two, character three: Bravo expected, Delta given".
struct VoiceMessages {
  Word correct;       // the read-back matches
  Word group;         // "group N"
  Word character;     // "character N" (within its group)
  Word expected;      // "<words> expected"
  Word given;         // "<words> given"
  Word not_given;     // a missing character: "<words> expected, not given"
  Word not_expected;  // an extra character: "<words> given, not expected"
};

// The letters of a voice, keyed by the lower-case form of what they spell: one character ("a", "ä", "ß") or
// a sequence a standard names as one ("ij" in Dutch). Upper-case text matches through ICU's case mapping.
// Found by any string type (a speller's key on the stack, not a u32string made for each character).
using LetterMap = std::map<std::u32string, Word, std::less<>>;
// Characters in a letter sequence at most: "sch" is the longest a known standard names.
constexpr std::size_t kMaxLetterSequence = 4;

struct Voice {
  std::string name;  // the file's stem: "en"
  std::string description;
  std::string language;          // what the alphabet is for, for listings: "Deutsch (German)"
  std::string standard;          // where its words come from: "DIN 5009:2022"
  std::filesystem::path source;  // the file it was loaded from (for messages)
  SynthesisSettings synthesis;
  VoicePauses pauses;
  LetterMap letters;               // a..z at least, plus the language's own letters and sequences
  std::size_t longest_letter = 1;  // characters in the longest key of `letters`
  // The words of `letters` for a to z again, by letter: most text is ASCII, and finding each letter in the
  // map walks a tree of strings (a third of the speller's time). Filled by the loader; a letter without a
  // word here is looked up in `letters`.
  std::array<Word, 26> latin_letters;
  std::array<Word, 10> digits_plain;      // 0..9
  std::array<Word, 10> digits_icao;       // 0..9, ICAO pronunciation
  std::map<char32_t, Word> symbols;       // every printable ASCII symbol, plus tab and line feed
  Word capital;                           // said before an upper-case letter
  Word lowercase;                         // said before a lower-case letter when case policy is "all"
  std::map<std::string, Word> url_words;  // "https" -> {display "https", speak "aitch tee tee pee ess"}
  std::map<std::string, std::string> mark_names;  // optional: ICU combining-mark name -> spoken name
  std::optional<VoiceMessages> messages;          // optional: for speaking a read-back check's result
  // eSpeak NG voice that says the names of characters the alphabet has no word for. ICU only has English
  // names ("cyrillic small letter a"), so this is an English voice for every alphabet.
  std::string names_espeak_voice;
};

}  // namespace alfabravo
