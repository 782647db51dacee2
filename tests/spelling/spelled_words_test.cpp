// spell_words(): the speller's words as views (what a transcript reads), the same words spell() copies for
// speech, valid as long as the voice and the list live.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "alfabravo/build_config.hpp"
#include "english_voice.hpp"
#include "spelling/speller.hpp"
#include "voice/voice_loader.hpp"

namespace alfabravo::testing {
namespace {

SpellingOptions with_mode(SpellMode mode) {
  SpellingOptions options;
  options.mode = mode;
  options.case_policy = CasePolicy::all;
  return options;
}

// Texts that reach every kind of word: letters and case words, digits, symbols, url words, pauses, ICU names
// (made for the text) and the names of marks, in every mode.
const std::vector<std::string> kTexts = {"https://Example.com/x?k=Ab3",
                                         "Ab3 x-Kilo 42?",
                                         "IJsselmeer",
                                         "\xd0\x96\xce\xb1 \xf0\x9f\x98\x80",
                                         "e\xcc\x81 \xc3\xa9 \xc7\x96 \xc3\xb8",
                                         "\t\n~",
                                         "www.wikipedia.org/wiki/\xc3\x84"};

TEST(SpelledWords, AreTheWordsSpellCopies) {
  auto german = find_voice("de", {std::filesystem::path(build::kSourceVoicesDir)});
  ASSERT_TRUE(german.has_value());
  for (const Voice* voice : std::vector<const Voice*>{&english_voice(), &*german}) {
    for (const auto mode : {SpellMode::spell, SpellMode::url, SpellMode::password}) {
      for (const auto& text : kTexts) {
        const auto words = spell_words(text, *voice, with_mode(mode));
        const auto tokens = spell(text, *voice, with_mode(mode));
        ASSERT_TRUE(words.has_value() && tokens.has_value()) << text;
        ASSERT_EQ(words->words().size(), tokens->size()) << text;
        for (std::size_t i = 0; i < tokens->size(); ++i) {
          const auto& word = words->words()[i];
          const auto& token = (*tokens)[i];
          EXPECT_EQ(word.kind, token.kind) << text << " word " << i;
          EXPECT_EQ(word.display, token.display) << text << " word " << i;
          EXPECT_EQ(word.speak, token.clip) << text << " word " << i;
          EXPECT_EQ(word.source_index, token.source_index) << text << " word " << i;
          EXPECT_EQ(word.pause, token.pause) << text << " word " << i;
          EXPECT_EQ(word.names_voice ? voice->names_espeak_voice : std::string(), token.espeak_voice)
              << text << " word " << i;
        }
      }
    }
  }
}

// The character names are made for the text and kept by the list: they stay valid through a move, and
// after the speller and the strings it named them from are gone.
TEST(SpelledWords, KeepTheNamesMadeForTheTextThroughAMove) {
  auto spelled = spell_words("\xd0\x96 e\xcc\x81 \xc3\xb8", english_voice(), SpellingOptions{});
  ASSERT_TRUE(spelled.has_value());
  SpelledWords moved = std::move(*spelled);
  std::vector<std::string> displays;
  for (const auto& word : moved.words()) {
    if (!word.is_pause()) displays.emplace_back(word.display);
  }
  EXPECT_EQ(displays, (std::vector<std::string>{"cyrillic capital letter zhe", "space", "Echo",
                                                "combining acute accent", "space",
                                                "latin small letter o with stroke"}));
}

// Longer texts than the speller reserves for (a case word, a letter and marks for each character) grow the
// list without losing a word.
TEST(SpelledWords, GrowPastWhatTheSpellerReserved) {
  std::string text;
  for (int i = 0; i < 200; ++i)
    text += "\xc7\x96";  // capital-less "u with diaeresis and macron": three words each
  SpellingOptions all_cases;
  all_cases.case_policy = CasePolicy::all;
  const auto words = spell_words(text, english_voice(), all_cases);
  ASSERT_TRUE(words.has_value());
  ASSERT_EQ(words->words().size(), 800u);  // "lowercase", "Uniform", "diaeresis", "macron"
  EXPECT_EQ(words->words()[797].display, "Uniform");
  EXPECT_EQ(words->words()[799].display, "macron");
}

}  // namespace
}  // namespace alfabravo::testing
