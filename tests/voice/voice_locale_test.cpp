// The default voice from the user's locale: its language when a voice of that name is shipped.
#include "voice/voice_locale.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <string>
#include <vector>

namespace alfabravo::testing {
namespace {

const std::vector<std::string> kShipped{"de", "en", "fr", "sv"};

TEST(VoiceLocale, TheLanguagePartOfALocaleName) {
  EXPECT_EQ(voice_for_locale("de_DE.UTF-8", kShipped), "de");
  EXPECT_EQ(voice_for_locale("sv_SE", kShipped), "sv");
  EXPECT_EQ(voice_for_locale("fr", kShipped), "fr");
  EXPECT_EQ(voice_for_locale("de_AT.UTF-8@euro", kShipped), "de");
  EXPECT_EQ(voice_for_locale("ja_JP.UTF-8", kShipped), std::nullopt);
  EXPECT_EQ(voice_for_locale("C.UTF-8", kShipped), std::nullopt);
  EXPECT_EQ(voice_for_locale("POSIX", kShipped), std::nullopt);
  EXPECT_EQ(voice_for_locale("", kShipped), std::nullopt);
}

// Sets the three variables for one test and restores them after.
class LocaleEnvironment : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* name : kNames) {
      const char* value = getenv(name);
      saved_.emplace_back(value != nullptr ? std::optional<std::string>(value) : std::nullopt);
      unsetenv(name);
    }
  }
  void TearDown() override {
    for (std::size_t i = 0; i < std::size(kNames); ++i) {
      if (saved_[i]) {
        setenv(kNames[i], saved_[i]->c_str(), 1);
      } else {
        unsetenv(kNames[i]);
      }
    }
  }
  static constexpr const char* kNames[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
  std::vector<std::optional<std::string>> saved_;
};

TEST_F(LocaleEnvironment, PosixPrecedenceThenEnglish) {
  EXPECT_EQ(default_voice_name(kShipped), "en");  // nothing set
  setenv("LANG", "de_DE.UTF-8", 1);
  EXPECT_EQ(default_voice_name(kShipped), "de");
  setenv("LC_MESSAGES", "sv_SE.UTF-8", 1);
  EXPECT_EQ(default_voice_name(kShipped), "sv");
  setenv("LC_ALL", "fr_FR.UTF-8", 1);
  EXPECT_EQ(default_voice_name(kShipped), "fr");
  setenv("LC_ALL", "ja_JP.UTF-8", 1);  // set, but no such voice: English, not LC_MESSAGES's
  EXPECT_EQ(default_voice_name(kShipped), "en");
  setenv("LC_ALL", "", 1);  // empty counts as unset
  EXPECT_EQ(default_voice_name(kShipped), "sv");
}

}  // namespace
}  // namespace alfabravo::testing
