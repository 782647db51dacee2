#include "spelling/spelling_options.hpp"

#include <gtest/gtest.h>

#include "spelling/token.hpp"

namespace alfabravo {
namespace {

TEST(SpellingOptions, NamesRoundTrip) {
  for (auto mode : {SpellMode::spell, SpellMode::url, SpellMode::password}) {
    EXPECT_EQ(parse_spell_mode(to_string(mode)), mode);
  }
  for (auto policy : {CasePolicy::capitals, CasePolicy::all, CasePolicy::none}) {
    EXPECT_EQ(parse_case_policy(to_string(policy)), policy);
  }
  for (auto style : {DigitStyle::plain, DigitStyle::icao})
    EXPECT_EQ(parse_digit_style(to_string(style)), style);
  EXPECT_EQ(to_string(SpellMode::password), "password");
  EXPECT_EQ(to_string(CasePolicy::capitals), "capitals");
  EXPECT_EQ(to_string(DigitStyle::icao), "icao");
}

TEST(SpellingOptions, UnknownNamesAreRejected) {
  EXPECT_EQ(parse_spell_mode("URL"), std::nullopt);
  EXPECT_EQ(parse_spell_mode(""), std::nullopt);
  EXPECT_EQ(parse_case_policy("capital"), std::nullopt);
  EXPECT_EQ(parse_digit_style("nato"), std::nullopt);
}

TEST(SpellingOptions, Defaults) {
  const SpellingOptions options;
  EXPECT_EQ(options.mode, SpellMode::spell);
  EXPECT_EQ(options.case_policy, CasePolicy::capitals);
  EXPECT_EQ(options.digits, DigitStyle::plain);
  EXPECT_FALSE(options.group.has_value());
  EXPECT_EQ(options.max_characters, 4096u);
}

TEST(Token, TranscriptLeavesOutPauses) {
  const Utterance utterance{{TokenKind::case_word, "capital", "capital", 0, {}, {}},
                            {TokenKind::letter, "Alfa", "Alfa", 0, {}, {}},
                            {TokenKind::pause, "", "", 0, std::chrono::milliseconds(700), {}},
                            {TokenKind::digit, "three", "three", 1, {}, {}}};
  EXPECT_EQ(transcript(utterance), "capital Alfa three");
  EXPECT_EQ(transcript({}), "");
  EXPECT_EQ(to_string(TokenKind::character_name), "character_name");
  EXPECT_EQ(to_string(TokenKind::pause), "pause");
}

}  // namespace
}  // namespace alfabravo
