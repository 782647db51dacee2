// Characters the voice has no word for: named, never dropped, never guessed.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "english_voice.hpp"
#include "voice_test_support.hpp"

namespace alfabravo::testing {
namespace {

TEST(Unicode, LookAlikesAreNeverReadAsLatinLetters) {
  const std::string latin = spelled("a");
  const std::string cyrillic = spelled("\xd0\xb0");  // U+0430
  const std::string greek = spelled("\xce\xb1");     // U+03B1
  EXPECT_EQ(latin, "Alfa");
  EXPECT_EQ(cyrillic, "cyrillic small letter a");
  EXPECT_EQ(greek, "greek small letter alpha");
  EXPECT_EQ((std::set<std::string>{latin, cyrillic, greek}).size(), 3u);
  // Upper-case look-alikes carry their case in the name, with no extra case word.
  EXPECT_EQ(spelled("\xd0\x90"), "cyrillic capital letter a");  // U+0410
  EXPECT_EQ(spelled("\xe2\x84\xaa"), "kelvin sign");            // U+212A, decomposes to a bare "K"
  EXPECT_EQ(spelled("\xef\xbc\xa1"), "fullwidth latin capital letter a");
}

TEST(Unicode, DiacriticsAreTheBaseLettersWordAndTheMarksName) {
  EXPECT_EQ(spelled("é"), "Echo acute");
  EXPECT_EQ(spelled("É"), "capital Echo acute");
  EXPECT_EQ(spelled("Ü"), "capital Uniform diaeresis");
  EXPECT_EQ(spelled("ç"), "Charlie cedilla");
  EXPECT_EQ(spelled("å"), "Alfa ring above");
  EXPECT_EQ(spelled("à"), "Alfa grave");
  EXPECT_EQ(spelled("ô"), "Oscar circumflex");
  EXPECT_EQ(spelled("š"), "Sierra caron");
  // Two marks, in canonical order: U+01D6 LATIN SMALL LETTER U WITH DIAERESIS AND MACRON.
  EXPECT_EQ(spelled("ǖ"), "Uniform diaeresis macron");
  // Letters that do not decompose keep their Unicode name.
  EXPECT_EQ(spelled("ø"), "latin small letter o with stroke");
  EXPECT_EQ(spelled("ß"), "latin small letter sharp s");
}

TEST(Unicode, DiacriticsFollowTheCasePolicyOfTheirBaseLetter) {
  SpellingOptions all;
  all.case_policy = CasePolicy::all;
  EXPECT_EQ(spelled("é", all), "lowercase Echo acute");
  SpellingOptions none;
  none.case_policy = CasePolicy::none;
  EXPECT_EQ(spelled("É", none), "Echo acute");
}

TEST(Unicode, MarkTokensAreCharacterNamesAtTheLettersIndex) {
  const Utterance tokens = tokens_of("xÉ");
  ASSERT_EQ(tokens.size(), 4u);
  EXPECT_EQ(tokens[1], (Token{TokenKind::case_word, "capital", "capital", 1, {}, {}}));
  EXPECT_EQ(tokens[2], (Token{TokenKind::letter, "Echo", "Echo", 1, {}, {}}));
  EXPECT_EQ(tokens[3], (Token{TokenKind::character_name, "acute", "acute", 1, {}, {}}));
}

TEST(Unicode, VoiceRenamesMarks) {
  // en.toml renames "combining tilde": "tilde" alone is the symbol "~", and "ñ" must not sound like "n~".
  EXPECT_EQ(spelled("ñ"), "November tilde accent");
  EXPECT_EQ(spelled("n~"), "November tilde");
}

TEST(Unicode, AVoiceMayNameMoreControlCharactersAndRenameMarks) {
  std::string text = edited(english_voice_text(), "\"\\r\" = \"carriage return\"",
                            "\"\\r\" = \"carriage return\"\n\"\\u001b\" = \"escape\"");
  text = edited(text, "\"combining tilde\" = \"tilde accent\"",
                "\"combining tilde\" = \"tilde accent\"\n\"combining acute accent\" = \"acute accent\"");
  auto voice = parse_voice(text, "custom.toml");
  ASSERT_TRUE(voice.has_value()) << voice.error().message;
  auto tokens = spell("\x1b\xc3\xa9", *voice, {});
  ASSERT_TRUE(tokens.has_value());
  EXPECT_EQ(transcript(*tokens), "escape Echo acute accent");
  EXPECT_EQ(tokens->front().kind, TokenKind::symbol);
}

TEST(Unicode, EmojiAndInvisibleCharactersByName) {
  EXPECT_EQ(spelled("\xf0\x9f\x98\x80"), "grinning face");          // U+1F600
  EXPECT_EQ(spelled("\xe2\x80\x8b"), "zero width space");           // U+200B
  EXPECT_EQ(spelled("\xc2\xa0"), "no-break space");                 // U+00A0
  EXPECT_EQ(spelled("\xef\xbb\xbf"), "zero width no-break space");  // U+FEFF
  // A flag is two regional indicators: both are said.
  EXPECT_EQ(spelled("\xf0\x9f\x87\xa9\xf0\x9f\x87\xaa"),
            "regional indicator symbol letter d regional indicator symbol letter e");
  // A combining mark on its own (after an ASCII letter, it is not merged: no guessing).
  EXPECT_EQ(spelled("e\xcc\x81"), "Echo combining acute accent");
  EXPECT_EQ(tokens_of("\xf0\x9f\x98\x80")[0].kind, TokenKind::character_name);
}

TEST(Unicode, CharactersWithoutANameGetAClearDescription) {
  EXPECT_EQ(spelled("\xc2\x85"), "control character 0085");              // U+0085 (C1 control)
  EXPECT_EQ(spelled("\xee\x80\x80"), "private use character e000");      // U+E000
  EXPECT_EQ(spelled("\xef\xbf\xbe"), "noncharacter fffe");               // U+FFFE
  EXPECT_EQ(spelled("\xf3\xa0\x82\x80"), "unassigned character e0080");  // U+E0080
  EXPECT_EQ(spelled("\xe4\xb8\x80"), "cjk unified ideograph-4e00");      // U+4E00, an algorithmic name
}

TEST(Unicode, NameClipsAreSafeForEspeak) {
  const std::string text =
      "\xd0\xb0\xce\xb1\xf0\x9f\x98\x80\xe2\x80\x8b\xc2\x85\xee\x80\x80\xe4\xb8\x80\xc3\xb8\xc3\xa9\xc2\xbd"
      "\xe2\x82\xac";
  for (const auto& token : tokens_of(text)) {
    if (token.kind != TokenKind::character_name) continue;
    EXPECT_FALSE(token.clip.empty());
    for (char c : token.clip) {
      EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ' ' || c == '-') << token.clip;
    }
  }
}

}  // namespace
}  // namespace alfabravo::testing
