// Every printable ASCII character (and tab, line feed), alone, in every case policy: the exact words.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "english_voice.hpp"

namespace alfabravo::testing {
namespace {

struct AsciiCase {
  char character;
  const char* word;  // the voice's word for it, written out here, not read from the voice file
  TokenKind kind;
};

const std::vector<AsciiCase>& printable_ascii() {
  static const std::vector<AsciiCase> cases = {
      {' ', "space", TokenKind::symbol},
      {'!', "exclamation mark", TokenKind::symbol},
      {'"', "double quote", TokenKind::symbol},
      {'#', "hash", TokenKind::symbol},
      {'$', "dollar", TokenKind::symbol},
      {'%', "percent", TokenKind::symbol},
      {'&', "ampersand", TokenKind::symbol},
      {'\'', "apostrophe", TokenKind::symbol},
      {'(', "open parenthesis", TokenKind::symbol},
      {')', "close parenthesis", TokenKind::symbol},
      {'*', "asterisk", TokenKind::symbol},
      {'+', "plus", TokenKind::symbol},
      {',', "comma", TokenKind::symbol},
      {'-', "dash", TokenKind::symbol},
      {'.', "dot", TokenKind::symbol},
      {'/', "slash", TokenKind::symbol},
      {'0', "zero", TokenKind::digit},
      {'1', "one", TokenKind::digit},
      {'2', "two", TokenKind::digit},
      {'3', "three", TokenKind::digit},
      {'4', "four", TokenKind::digit},
      {'5', "five", TokenKind::digit},
      {'6', "six", TokenKind::digit},
      {'7', "seven", TokenKind::digit},
      {'8', "eight", TokenKind::digit},
      {'9', "nine", TokenKind::digit},
      {':', "colon", TokenKind::symbol},
      {';', "semicolon", TokenKind::symbol},
      {'<', "less than", TokenKind::symbol},
      {'=', "equals", TokenKind::symbol},
      {'>', "greater than", TokenKind::symbol},
      {'?', "question mark", TokenKind::symbol},
      {'@', "at", TokenKind::symbol},
      {'A', "Alfa", TokenKind::letter},
      {'B', "Bravo", TokenKind::letter},
      {'C', "Charlie", TokenKind::letter},
      {'D', "Delta", TokenKind::letter},
      {'E', "Echo", TokenKind::letter},
      {'F', "Foxtrot", TokenKind::letter},
      {'G', "Golf", TokenKind::letter},
      {'H', "Hotel", TokenKind::letter},
      {'I', "India", TokenKind::letter},
      {'J', "Juliett", TokenKind::letter},
      {'K', "Kilo", TokenKind::letter},
      {'L', "Lima", TokenKind::letter},
      {'M', "Mike", TokenKind::letter},
      {'N', "November", TokenKind::letter},
      {'O', "Oscar", TokenKind::letter},
      {'P', "Papa", TokenKind::letter},
      {'Q', "Quebec", TokenKind::letter},
      {'R', "Romeo", TokenKind::letter},
      {'S', "Sierra", TokenKind::letter},
      {'T', "Tango", TokenKind::letter},
      {'U', "Uniform", TokenKind::letter},
      {'V', "Victor", TokenKind::letter},
      {'W', "Whiskey", TokenKind::letter},
      {'X', "X-ray", TokenKind::letter},
      {'Y', "Yankee", TokenKind::letter},
      {'Z', "Zulu", TokenKind::letter},
      {'[', "open bracket", TokenKind::symbol},
      {'\\', "backslash", TokenKind::symbol},
      {']', "close bracket", TokenKind::symbol},
      {'^', "caret", TokenKind::symbol},
      {'_', "underscore", TokenKind::symbol},
      {'`', "backtick", TokenKind::symbol},
      {'a', "Alfa", TokenKind::letter},
      {'b', "Bravo", TokenKind::letter},
      {'c', "Charlie", TokenKind::letter},
      {'d', "Delta", TokenKind::letter},
      {'e', "Echo", TokenKind::letter},
      {'f', "Foxtrot", TokenKind::letter},
      {'g', "Golf", TokenKind::letter},
      {'h', "Hotel", TokenKind::letter},
      {'i', "India", TokenKind::letter},
      {'j', "Juliett", TokenKind::letter},
      {'k', "Kilo", TokenKind::letter},
      {'l', "Lima", TokenKind::letter},
      {'m', "Mike", TokenKind::letter},
      {'n', "November", TokenKind::letter},
      {'o', "Oscar", TokenKind::letter},
      {'p', "Papa", TokenKind::letter},
      {'q', "Quebec", TokenKind::letter},
      {'r', "Romeo", TokenKind::letter},
      {'s', "Sierra", TokenKind::letter},
      {'t', "Tango", TokenKind::letter},
      {'u', "Uniform", TokenKind::letter},
      {'v', "Victor", TokenKind::letter},
      {'w', "Whiskey", TokenKind::letter},
      {'x', "X-ray", TokenKind::letter},
      {'y', "Yankee", TokenKind::letter},
      {'z', "Zulu", TokenKind::letter},
      {'{', "open brace", TokenKind::symbol},
      {'|', "vertical bar", TokenKind::symbol},
      {'}', "close brace", TokenKind::symbol},
      {'~', "tilde", TokenKind::symbol},
  };
  return cases;
}

// What a single character must sound like under a case policy: the case word is the only difference.
std::string expected_words(const AsciiCase& c, CasePolicy policy) {
  const bool letter = c.kind == TokenKind::letter;
  const bool upper = c.character >= 'A' && c.character <= 'Z';
  std::string prefix;
  if (letter && upper && policy != CasePolicy::none) prefix = "capital ";
  if (letter && !upper && policy == CasePolicy::all) prefix = "lowercase ";
  return prefix + c.word;
}

class PrintableAscii : public ::testing::TestWithParam<CasePolicy> {};

TEST_P(PrintableAscii, EveryCharacterHasItsExactWords) {
  SpellingOptions options;
  options.case_policy = GetParam();
  ASSERT_EQ(printable_ascii().size(), 95u);  // 0x20..0x7e, each once
  char expected_character = ' ';
  for (const auto& c : printable_ascii()) {
    ASSERT_EQ(c.character, expected_character) << "table out of order";
    ++expected_character;
    const std::string text(1, c.character);
    EXPECT_EQ(spelled(text, options), expected_words(c, GetParam()))
        << "character 0x" << std::hex << int(c.character);
    const Utterance tokens = tokens_of(text, options);
    ASSERT_FALSE(tokens.empty());
    EXPECT_EQ(tokens.back().kind, c.kind) << text;
    for (const auto& token : tokens)
      EXPECT_EQ(token.source_index, 0u) << text;
  }
}

TEST_P(PrintableAscii, AllCharactersInOneTextGiveAllWordsInOrder) {
  SpellingOptions options;
  options.case_policy = GetParam();
  std::string text;
  std::string expected;
  for (const auto& c : printable_ascii()) {
    text += c.character;
    expected += (expected.empty() ? "" : " ") + expected_words(c, GetParam());
  }
  EXPECT_EQ(spelled(text, options), expected);
}

INSTANTIATE_TEST_SUITE_P(CasePolicies, PrintableAscii,
                         ::testing::Values(CasePolicy::capitals, CasePolicy::all, CasePolicy::none),
                         [](const auto& info) { return std::string(to_string(info.param)); });

TEST(Ascii, CaseWordsAreTheirOwnTokensWithTheLettersIndex) {
  SpellingOptions options;
  options.case_policy = CasePolicy::all;
  const Utterance tokens = tokens_of("aB", options);
  ASSERT_EQ(tokens.size(), 4u);
  EXPECT_EQ(tokens[0], (Token{TokenKind::case_word, "lowercase", "lowercase", 0, {}, {}}));
  EXPECT_EQ(tokens[1], (Token{TokenKind::letter, "Alfa", "Alfa", 0, {}, {}}));
  EXPECT_EQ(tokens[2], (Token{TokenKind::case_word, "capital", "capital", 1, {}, {}}));
  EXPECT_EQ(tokens[3], (Token{TokenKind::letter, "Bravo", "Bravo", 1, {}, {}}));
}

TEST(Ascii, ClipIsTheVoicesRespellingNotTheDisplayWord) {
  const Utterance tokens = tokens_of("q");
  ASSERT_EQ(tokens.size(), 1u);
  EXPECT_EQ(tokens[0].display, "Quebec");
  EXPECT_EQ(tokens[0].clip, "kebeck");
  const Utterance close = tokens_of(")");
  ASSERT_EQ(close.size(), 1u);
  EXPECT_EQ(close[0].display, "close parenthesis");
  EXPECT_EQ(close[0].clip, "cloze parenthesis");
}

TEST(Ascii, TabAndLineFeedAreNamed) {
  EXPECT_EQ(spelled("a\tb\nc"), "Alfa tab Bravo new line Charlie");
  EXPECT_EQ(tokens_of("\t")[0].kind, TokenKind::symbol);
}

TEST(Ascii, OtherControlCharactersAreNamedNotDropped) {
  EXPECT_EQ(spelled("\r"), "carriage return");  // named in en.toml
  EXPECT_EQ(spelled(std::string_view("\0", 1)), "control character 0000");
  EXPECT_EQ(spelled("\x1b"), "control character 001b");
  EXPECT_EQ(spelled("\x7f"), "control character 007f");
}

TEST(Ascii, PublishedVectors) {
  // Asterisk's SayPhonetic example, and the one in alfabravo --help.
  EXPECT_EQ(spelled("hello"), "Hotel Echo Lima Lima Oscar");
  EXPECT_EQ(spelled("Example123!"),
            "capital Echo X-ray Alfa Mike Papa Lima Echo one two three exclamation mark");
  EXPECT_EQ(spelled("Ab3/x"), "capital Alfa Bravo three slash X-ray");
}

TEST(Ascii, IcaoDigits) {
  SpellingOptions options;
  options.digits = DigitStyle::icao;
  EXPECT_EQ(spelled("0123456789", options), "zero wun too tree fower fife six seven ait niner");
  EXPECT_EQ(spelled("0123456789"), "zero one two three four five six seven eight nine");
  EXPECT_EQ(tokens_of("9", options)[0].kind, TokenKind::digit);
}

}  // namespace
}  // namespace alfabravo::testing
