// The gate in front of eSpeak NG: which texts may be spoken at all.
#include "audio/clip_text.hpp"

#include <gtest/gtest.h>

#include <string>

namespace alfabravo {
namespace {

TEST(ClipText, VocabularyWordsAndCharacterNamesPass) {
  for (const std::string text :
       {"Alfa", "kebeck", "x-ray", "o'clock", "niner", "exclamation mark", "Dr.",
        "latin capital letter e with acute", "CJK UNIFIED IDEOGRAPH-4E00", "\xc3\x84rger" /* Ärger */,
        "stra\xc3\x9f"
        "e" /* straße */,
        "0123456789"}) {
    EXPECT_TRUE(is_safe_clip_text(text)) << text;
  }
}

TEST(ClipText, EverythingElseIsRefused) {
  for (const std::string text : {"",
                                 " \t",
                                 "a<b",
                                 "a>b",
                                 "a&b",
                                 "a;b",
                                 "a/b",
                                 "a:b",
                                 "a\"b",
                                 "a\\b",
                                 "[[a]]",
                                 "a\nb",
                                 "a\rb",
                                 "a\x1b"
                                 "b",
                                 "a\x7f",
                                 "\xff",
                                 "\xc3",
                                 "\xc0\xaf" /* overlong / */,
                                 "\xd0\xb0" /* Cyrillic а */,
                                 "\xce\xb1" /* Greek α */,
                                 "\xe2\x80\x8b" /* ZWSP */,
                                 "e\xcc\x81" /* e + combining acute */,
                                 "\xef\xbc\xa1" /* fullwidth A */,
                                 "\xf0\x9f\x98\x80" /* emoji */}) {
    EXPECT_FALSE(is_safe_clip_text(text)) << "refused text of " << text.size() << " bytes";
  }
  EXPECT_FALSE(is_safe_clip_text(std::string("a\0b", 3)));
}

TEST(ClipText, LengthIsBounded) {
  EXPECT_TRUE(is_safe_clip_text(std::string(kMaxClipTextBytes, 'a')));
  EXPECT_FALSE(is_safe_clip_text(std::string(kMaxClipTextBytes + 1, 'a')));
}

}  // namespace
}  // namespace alfabravo
