// Bad input is an error value with a clear message that says where, never what (the text may be a secret).
#include <gtest/gtest.h>

#include <string>

#include "english_voice.hpp"

namespace alfabravo::testing {
namespace {

SpellError error_of(std::string_view text, const SpellingOptions& options = {}) {
  auto result = spell(text, english_voice(), options);
  EXPECT_FALSE(result.has_value());
  return result ? SpellError{} : result.error();
}

struct InvalidCase {
  std::string text;
  std::size_t byte_offset;
  const char* what;
};

TEST(SpellErrors, InvalidUtf8ReportsTheByteOffset) {
  const InvalidCase cases[] = {
      {"\xff", 0, "0xff is never valid"},
      {"ab\x80", 2, "a lone continuation byte"},
      {"secret\xc3", 6, "a truncated 2-byte sequence at the end"},
      {"\xc3\xa9xyz\xc3(", 5, "a truncated sequence before ASCII, after a valid 2-byte one"},
      {"pass\xc0\xafword", 4, "an overlong encoding of '/'"},
      {"ab\xed\xa0\x80", 2, "a UTF-16 surrogate"},
      {"\xf0\x9f\x98\x80z\xf4\x90\x80\x80", 5, "above U+10FFFF"},
      {"abc\xe2\x82", 3, "a truncated 3-byte sequence"},
  };
  for (const auto& c : cases) {
    const SpellError error = error_of(c.text);
    EXPECT_EQ(error.code, SpellErrorCode::invalid_utf8) << c.what;
    EXPECT_EQ(error.byte_offset, c.byte_offset) << c.what;
    EXPECT_NE(error.message.find("byte offset " + std::to_string(c.byte_offset)), std::string::npos)
        << c.what << ": " << error.message;
  }
}

TEST(SpellErrors, MessagesNeverQuoteTheText) {
  const SpellError error = error_of("hunter2\xff");
  EXPECT_EQ(error.message.find("hunter"), std::string::npos) << error.message;
  SpellingOptions short_limit;
  short_limit.max_characters = 3;
  const SpellError long_error = error_of("hunter2", short_limit);
  EXPECT_EQ(long_error.message.find("hunter"), std::string::npos) << long_error.message;
}

TEST(SpellErrors, EmptyText) {
  const SpellError error = error_of("");
  EXPECT_EQ(error.code, SpellErrorCode::empty_text);
  EXPECT_NE(error.message.find("empty"), std::string::npos);
}

TEST(SpellErrors, DefaultLimitIs4096Characters) {
  EXPECT_TRUE(spell(std::string(4096, 'a'), english_voice(), {}).has_value());
  const SpellError error = error_of(std::string(4097, 'a'));
  EXPECT_EQ(error.code, SpellErrorCode::too_long);
  EXPECT_NE(error.message.find("4096"), std::string::npos) << error.message;
}

TEST(SpellErrors, LimitCountsCharactersNotBytes) {
  std::string four_k_emoji;
  for (int i = 0; i < 4096; ++i)
    four_k_emoji += "\xf0\x9f\x98\x80";  // 16 KiB, 4096 characters
  EXPECT_TRUE(spell(four_k_emoji, english_voice(), {}).has_value());
  EXPECT_EQ(error_of(four_k_emoji + "a").code, SpellErrorCode::too_long);
}

TEST(SpellErrors, LimitIsConfigurable) {
  SpellingOptions options;
  options.max_characters = 5;
  EXPECT_EQ(spelled("abcde", options), "Alfa Bravo Charlie Delta Echo");
  EXPECT_EQ(error_of("abcdef", options).code, SpellErrorCode::too_long);
  SpellingOptions two;
  two.max_characters = 2;
  EXPECT_EQ(error_of("\xc3\xa9\xc3\xa9\xc3\xa9", two).code, SpellErrorCode::too_long);
  // Very long input is refused without decoding it all.
  EXPECT_EQ(error_of(std::string(1000, '\xff'), options).code, SpellErrorCode::too_long);
}

}  // namespace
}  // namespace alfabravo::testing
