// A read-back check's spoken result, built from the voice file's words only.
#include "spoken_result.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "spelling/speller.hpp"
#include "voice/voice_loader.hpp"

namespace alfabravo {
namespace {

Voice english() {
  auto voice = find_voice("en", {std::filesystem::path(ALFABRAVO_SOURCE_VOICES)});
  if (!voice) throw std::runtime_error(voice.error().message);
  return std::move(*voice);
}

TEST(SpokenResult, SaysNumbersDigitByDigitAndEveryWordIsAWordOfTheVoice) {
  const Voice voice = english();
  const auto expected = *spell("abcdefghijklm", voice, SpellingOptions{});
  const auto given = *spell("abcdefghijklx", voice, SpellingOptions{});
  const UtteranceGroups groups(expected);
  const std::vector<Difference> differences{{DifferenceKind::wrong, 12, 12, 0}};
  const auto result = spoken_result(voice, differences, ReadBack{expected, given, groups}, 3);
  ASSERT_TRUE(result);
  EXPECT_EQ(transcript(*result), "group one character one three Mike expected X-ray given");
  const auto vocabulary_words = [&](const Token& token) {
    return token.is_pause() || token.clip == voice.digits_plain[1].speak ||
           token.clip == voice.digits_plain[3].speak || token.clip == voice.letters.at(U"m").speak ||
           token.clip == voice.letters.at(U"x").speak || token.kind == TokenKind::message_word;
  };
  for (const auto& token : *result)
    EXPECT_TRUE(vocabulary_words(token)) << token.display;
}

TEST(SpokenResult, AVoiceWithoutMessagesCannotSayIt) {
  Voice voice = english();
  voice.messages.reset();
  const auto expected = *spell("a", voice, SpellingOptions{});
  const UtteranceGroups groups(expected);
  EXPECT_FALSE(spoken_result(voice, {}, ReadBack{expected, expected, groups}, 3));
}

TEST(SpokenResult, SaysAtMostTheFirstFewDifferencesWithAGroupPauseBetween) {
  const Voice voice = english();
  const auto expected = *spell("abcd", voice, SpellingOptions{});
  const auto given = *spell("wxyz", voice, SpellingOptions{});
  const UtteranceGroups groups(expected);
  std::vector<Difference> differences;
  for (std::size_t i = 0; i < 4; ++i)
    differences.push_back({DifferenceKind::wrong, i, i, 0});
  const auto result = spoken_result(voice, differences, ReadBack{expected, given, groups}, 2);
  ASSERT_TRUE(result);
  EXPECT_EQ(
      transcript(*result),
      "group one character one Alfa expected Whiskey given group one character two Bravo expected X-ray "
      "given");
  EXPECT_TRUE(std::any_of(result->begin(), result->end(), [&](const Token& token) {
    return token.is_pause() && token.pause == voice.pauses.group;
  }));
}

}  // namespace
}  // namespace alfabravo
