// The gate in front of eSpeak NG: which texts may be spoken at all.
#include "audio/clip_text.hpp"

#include <gtest/gtest.h>

#include <string>

namespace alfabravo {
namespace {

TEST(ClipText, VocabularyWordsAndCharacterNamesPass) {
  for (const std::string text :
       {"Alfa", "kebeck", "x-ray", "o'clock", "niner", "exclamation mark", "Dr.",
        "latin capital letter e with acute", "CJK UNIFIED IDEOGRAPH-4E00", "0123456789"}) {
    EXPECT_TRUE(is_safe_clip_text(text)) << text;
  }
}

// Beyond ASCII only exactly the admitted words of voice files pass: not a variant, not another script's word
// nobody admitted, and admitting never lets in what the loader refuses.
TEST(ClipText, NonAsciiPassesOnlyAsAnAdmittedVoiceWord) {
  const std::string word =
      "Gr\xc3\xb6\xc3\x9f"
      "e";  // Größe
  EXPECT_FALSE(is_safe_clip_text(word));
  EXPECT_EQ(admit_clip_texts({word, "\xd0\x96\xd1\x83\xd0\xba" /* Жук */, "a\xe2\x80\x8b" /* a ZWSP */, "a<b",
                              "n\xcc\x83o" /* n + combining tilde, o */}),
            3u);
  EXPECT_TRUE(is_safe_clip_text(word));
  EXPECT_TRUE(is_safe_clip_text("\xd0\x96\xd1\x83\xd0\xba"));
  EXPECT_TRUE(is_safe_clip_text("n\xcc\x83o"));
  EXPECT_FALSE(is_safe_clip_text(word + "n"));
  EXPECT_FALSE(is_safe_clip_text("a\xe2\x80\x8b"));
  EXPECT_FALSE(is_safe_clip_text("a<b"));
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
