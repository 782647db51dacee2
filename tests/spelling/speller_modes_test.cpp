// Modes (spell, url, password), groups and their pauses, and where each token comes from.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "english_voice.hpp"

namespace alfabravo::testing {
namespace {

using std::chrono::milliseconds;

SpellingOptions with_mode(SpellMode mode, std::optional<std::size_t> group = std::nullopt) {
  SpellingOptions options;
  options.mode = mode;
  options.group = group;
  return options;
}

// (source index, length) of each pause, in order.
std::vector<std::pair<std::size_t, milliseconds>> pauses_of(const Utterance& tokens) {
  std::vector<std::pair<std::size_t, milliseconds>> pauses;
  for (const auto& token : tokens) {
    if (token.is_pause()) {
      EXPECT_TRUE(token.display.empty());
      EXPECT_TRUE(token.clip.empty());
      pauses.emplace_back(token.source_index, token.pause);
    }
  }
  return pauses;
}

const milliseconds kGroup = milliseconds(700);      // en.toml pauses.group_ms
const milliseconds kSeparator = milliseconds(350);  // en.toml pauses.separator_ms

TEST(SpellMode, NoPausesByDefault) {
  EXPECT_TRUE(pauses_of(tokens_of("abcdefghij/.:")).empty());
  EXPECT_EQ(spelled("com"), "Charlie Oscar Mike");  // url words only in url mode
}

TEST(SpellMode, GroupsWorkInSpellMode) {
  const Utterance tokens = tokens_of("abcdefg", with_mode(SpellMode::spell, 3));
  using P = std::pair<std::size_t, milliseconds>;
  EXPECT_EQ(pauses_of(tokens), (std::vector<P>{{2, kGroup}, {5, kGroup}}));
  EXPECT_EQ(transcript(tokens), "Alfa Bravo Charlie Delta Echo Foxtrot Golf");
}

TEST(PasswordMode, PausesAfterEveryFourCharactersButNotAtTheEnd) {
  const Utterance tokens = tokens_of("abcdefghijkl", with_mode(SpellMode::password));
  using P = std::pair<std::size_t, milliseconds>;
  EXPECT_EQ(pauses_of(tokens), (std::vector<P>{{3, kGroup}, {7, kGroup}}));  // none after index 11, the last
  // Each pause sits right after the letter it follows.
  std::vector<std::string> shape;
  for (const auto& token : tokens)
    shape.push_back(token.is_pause() ? "|" : token.display);
  EXPECT_EQ(shape, (std::vector<std::string>{"Alfa", "Bravo", "Charlie", "Delta", "|", "Echo", "Foxtrot",
                                             "Golf", "Hotel", "|", "India", "Juliett", "Kilo", "Lima"}));
}

TEST(PasswordMode, HasNoUrlWordsOrSeparatorPauses) {
  const Utterance tokens = tokens_of("www/", with_mode(SpellMode::password, 0));
  EXPECT_EQ(transcript(tokens), "Whiskey Whiskey Whiskey slash");
  EXPECT_TRUE(pauses_of(tokens).empty());
}

TEST(PasswordMode, GroupOptionOverridesTheDefaultAndZeroTurnsItOff) {
  using P = std::pair<std::size_t, milliseconds>;
  EXPECT_EQ(pauses_of(tokens_of("abcdefg", with_mode(SpellMode::password, 2))),
            (std::vector<P>{{1, kGroup}, {3, kGroup}, {5, kGroup}}));
  EXPECT_TRUE(pauses_of(tokens_of("abcdefg", with_mode(SpellMode::password, 0))).empty());
}

TEST(PasswordMode, CaseWordsAndGroupsCountCharactersNotWords) {
  // "Ab3!" is four characters even though it is five words.
  const Utterance tokens = tokens_of("Ab3!xY", with_mode(SpellMode::password));
  using P = std::pair<std::size_t, milliseconds>;
  EXPECT_EQ(pauses_of(tokens), (std::vector<P>{{3, kGroup}}));
  EXPECT_EQ(transcript(tokens), "capital Alfa Bravo three exclamation mark X-ray capital Yankee");
}

TEST(UrlMode, RealUrl) {
  const Utterance tokens = tokens_of("https://www.Example.com/x?k=Ab3", with_mode(SpellMode::url));
  EXPECT_EQ(transcript(tokens),
            "https colon slash slash www dot capital Echo X-ray Alfa Mike Papa Lima Echo dot com slash X-ray "
            "question mark Kilo equals capital Alfa Bravo three");
  // A separator pause after each separator character: : / / . . / ? =
  using P = std::pair<std::size_t, milliseconds>;
  EXPECT_EQ(pauses_of(tokens), (std::vector<P>{{5, kSeparator},
                                               {6, kSeparator},
                                               {7, kSeparator},
                                               {11, kSeparator},
                                               {19, kSeparator},
                                               {23, kSeparator},
                                               {25, kSeparator},
                                               {27, kSeparator}}));
  // Url words: one token each, at their first character, shown as the word, spoken as the voice says.
  std::vector<Token> url_words;
  for (const auto& token : tokens) {
    if (token.kind == TokenKind::url_word) url_words.push_back(token);
  }
  ASSERT_EQ(url_words.size(), 3u);
  EXPECT_EQ(url_words[0], (Token{TokenKind::url_word, "https", "h t t p s", 0, {}, {}}));
  EXPECT_EQ(url_words[1], (Token{TokenKind::url_word, "www", "w w w", 8, {}, {}}));
  EXPECT_EQ(url_words[2], (Token{TokenKind::url_word, "com", "com", 20, {}, {}}));
  // Letters after a url word keep their own indices.
  EXPECT_EQ(tokens.back(), (Token{TokenKind::digit, "three", "three", 30, {}, {}}));
}

TEST(UrlMode, UrlWordsMatchWholeRunsInExactCase) {
  const auto url = with_mode(SpellMode::url);
  EXPECT_EQ(spelled("WWW.org", url), "capital Whiskey capital Whiskey capital Whiskey dot org");
  EXPECT_EQ(spelled("wwwx.net", url), "Whiskey Whiskey Whiskey X-ray dot net");
  EXPECT_EQ(spelled("xcom", url), "X-ray Charlie Oscar Mike");
  EXPECT_EQ(spelled("com2", url), "Charlie Oscar Mike two");
  EXPECT_EQ(spelled("http", url), "http");
  EXPECT_EQ(spelled("ftp://x.com", url), "ftp colon slash slash X-ray dot com");
  // A non-ASCII letter is part of the run: "comé" is not "com".
  EXPECT_EQ(spelled("comé", url), "Charlie Oscar Mike Echo acute");
}

TEST(UrlMode, NoPauseAfterTheLastCharacter) {
  const Utterance tokens = tokens_of("x.com/", with_mode(SpellMode::url));
  ASSERT_FALSE(tokens.empty());
  EXPECT_FALSE(tokens.back().is_pause());
  EXPECT_EQ(tokens.back().display, "slash");
}

TEST(UrlMode, GroupAndSeparatorPausesMergeIntoTheLongerOne) {
  // group 4: boundaries after indices 3 (inside "https": the pause waits for the word's end), 7 ("/").
  const Utterance tokens = tokens_of("https://ab", with_mode(SpellMode::url, 4));
  using P = std::pair<std::size_t, milliseconds>;
  EXPECT_EQ(
      pauses_of(tokens),
      (std::vector<P>{{4, kGroup}, {5, kSeparator}, {6, kSeparator}, {7, std::max(kGroup, kSeparator)}}));
}

TEST(SourceIndex, CountsCodePointsNotBytes) {
  // é (2 bytes), а (Cyrillic, 2 bytes), 😀 (4 bytes), then ASCII.
  const Utterance tokens = tokens_of("é\xd0\xb0\xf0\x9f\x98\x80Z");
  std::vector<std::pair<std::string, std::size_t>> seen;
  for (const auto& token : tokens)
    seen.emplace_back(token.display, token.source_index);
  EXPECT_EQ(seen, (std::vector<std::pair<std::string, std::size_t>>{{"Echo", 0},
                                                                    {"acute", 0},
                                                                    {"cyrillic small letter a", 1},
                                                                    {"grinning face", 2},
                                                                    {"capital", 3},
                                                                    {"Zulu", 3}}));
}

}  // namespace
}  // namespace alfabravo::testing
