#include "voice/voice_vocabulary.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "voice/voice_loader.hpp"
#include "voice_test_support.hpp"

namespace alfabravo::testing {
namespace {

TEST(VoiceVocabulary, EveryWordOfTheEnglishVoiceOnce) {
  auto voice = parse_voice(english_voice_text(), "en.toml");
  ASSERT_TRUE(voice.has_value()) << voice.error().message;
  const auto words = vocabulary(*voice);
  const std::set<std::string> distinct(words.begin(), words.end());
  EXPECT_EQ(distinct.size(), words.size()) << "duplicates";
  // The speak texts, not the display words.
  for (const char* word : {"Alfa", "kebeck", "Zulu", "zero", "nine", "niner", "wun", "exclamation mark",
                           "tab", "new line", "carriage return", "capital", "lowercase", "h t t p s", "w w w",
                           "com", "tilde accent", "expected", "not given"}) {
    EXPECT_TRUE(distinct.contains(word)) << word;
  }
  EXPECT_FALSE(distinct.contains("Quebec"));
  // 26 letters, 10 plain digits, 7 ICAO digits (zero, six and seven are the plain words), 36 symbols,
  // 2 case words, 8 url words, 1 mark name, 7 messages.
  EXPECT_EQ(words.size(), 26u + 10u + 7u + 36u + 2u + 8u + 1u + 7u);
}

}  // namespace
}  // namespace alfabravo::testing
