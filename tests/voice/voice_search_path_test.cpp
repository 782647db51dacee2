// Where voices are found: the environment first, then the XDG data dirs, /etc, the install prefix, and last
// <program dir>/../share/alfabravo/voices (never a path of the build machine).
#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "voice/voice_loader.hpp"
#include "voice_test_support.hpp"

namespace alfabravo::testing {
namespace {

// Sets (or unsets) an environment variable for the test's duration.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, std::optional<std::string> value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value) {
      setenv(name, value->c_str(), 1);
    } else {
      unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      setenv(name_, old_->c_str(), 1);
    } else {
      unsetenv(name_);
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

using Paths = std::vector<std::filesystem::path>;

// This test program's <dir>/../share/alfabravo/voices.
std::filesystem::path beside_this_program() {
  return (std::filesystem::read_symlink("/proc/self/exe").parent_path().parent_path() / "share" /
          "alfabravo" / "voices")
      .lexically_normal();
}

TEST(VoiceSearchPath, OrderIsEnvironmentXdgEtcPrefixProgramDir) {
  ScopedEnv voice_path("ALFABRAVO_VOICE_PATH", "/first/voices::/second/voices");
  ScopedEnv data_home("XDG_DATA_HOME", "/home/agent/.data");
  ScopedEnv data_dirs("XDG_DATA_DIRS", "/opt/share:relative/ignored:/usr/share");
  const Paths expected{"/first/voices",
                       "/second/voices",
                       "/home/agent/.data/alfabravo/voices",
                       "/opt/share/alfabravo/voices",
                       "/usr/share/alfabravo/voices",
                       "/etc/alfabravo/voices",
                       std::filesystem::path(build::kInstalledDataDir) / "voices",
                       beside_this_program()};
  Paths path = voice_search_path();
  // The install prefix may coincide with an XDG entry (e.g. /usr/share): listed once, at its first place.
  Paths deduplicated;
  for (const auto& dir : expected) {
    if (std::find(deduplicated.begin(), deduplicated.end(), dir.lexically_normal()) == deduplicated.end()) {
      deduplicated.push_back(dir.lexically_normal());
    }
  }
  EXPECT_EQ(path, deduplicated);
}

TEST(VoiceSearchPath, XdgDefaults) {
  ScopedEnv voice_path("ALFABRAVO_VOICE_PATH", std::nullopt);
  ScopedEnv data_home("XDG_DATA_HOME", std::nullopt);
  ScopedEnv data_dirs("XDG_DATA_DIRS", std::nullopt);
  ScopedEnv home("HOME", "/home/agent");
  const Paths path = voice_search_path();
  ASSERT_GE(path.size(), 4u);
  EXPECT_EQ(path[0], "/home/agent/.local/share/alfabravo/voices");
  EXPECT_EQ(path[1], "/usr/local/share/alfabravo/voices");
  EXPECT_EQ(path[2], "/usr/share/alfabravo/voices");
  EXPECT_EQ(path.back(), beside_this_program());
}

// An installed binary must not look in (or name) the build machine's source tree.
TEST(VoiceSearchPath, NeverNamesTheSourceTree) {
  const std::filesystem::path source = std::filesystem::path(build::kSourceVoicesDir).lexically_normal();
  for (const auto& dir : voice_search_path())
    EXPECT_NE(dir, source);
}

TEST(VoiceSearchPath, RelativeXdgDataHomeIsIgnored) {
  ScopedEnv voice_path("ALFABRAVO_VOICE_PATH", std::nullopt);
  ScopedEnv data_dirs("XDG_DATA_DIRS", std::nullopt);
  ScopedEnv data_home("XDG_DATA_HOME", "relative/data");
  ScopedEnv home("HOME", "/home/agent");
  const Paths path = voice_search_path();
  EXPECT_NE(std::find(path.begin(), path.end(), "/home/agent/.local/share/alfabravo/voices"), path.end());
  for (const auto& dir : path)
    EXPECT_TRUE(dir.is_absolute()) << dir;
}

TEST(FindVoice, FirstMatchOnThePathWins) {
  TempDir dir;
  const std::string english = english_voice_text();
  dir.write("user/en.toml", edited(english, "a = \"Alfa\"", "a = \"Able\""));
  dir.write("system/en.toml", english);
  auto voice = find_voice("en", {dir.path() / "missing", dir.path() / "user", dir.path() / "system"});
  ASSERT_TRUE(voice.has_value()) << voice.error().message;
  EXPECT_EQ(voice->letters.at(U"a").display, "Able");
  EXPECT_EQ(voice->source, dir.path() / "user" / "en.toml");
}

TEST(FindVoice, TheEnvironmentVariableComesFirst) {
  TempDir dir;
  dir.write("mine/en.toml", edited(english_voice_text(), "a = \"Alfa\"", "a = \"Able\""));
  ScopedEnv voice_path("ALFABRAVO_VOICE_PATH", (dir.path() / "mine").string());
  auto voice = find_voice("en", voice_search_path());
  ASSERT_TRUE(voice.has_value()) << voice.error().message;
  EXPECT_EQ(voice->letters.at(U"a").display, "Able");
}

// The daemon and the client run from the build tree (build/daemon, build/client) look in
// build/share/alfabravo/voices (the last entry of the path, see XdgDefaults), which CMake links to voices/.
TEST(FindVoice, TheBuildTreeProgramsFindTheSourceVoiceWithoutInstalling) {
  auto voice = find_voice("en", {std::filesystem::path(ALFABRAVO_BUILD_TREE_VOICES)});
  ASSERT_TRUE(voice.has_value()) << voice.error().message;
  EXPECT_EQ(voice->letters.at(U"a").display, "Alfa");
}

TEST(FindVoice, ABrokenFileIsReportedNotSkipped) {
  TempDir dir;
  dir.write("user/en.toml", "this is not toml");
  dir.write("system/en.toml", english_voice_text());
  auto voice = find_voice("en", {dir.path() / "user", dir.path() / "system"});
  ASSERT_FALSE(voice.has_value());
  EXPECT_NE(voice.error().message.find((dir.path() / "user" / "en.toml").string() + ":1:"), std::string::npos)
      << voice.error().message;
}

TEST(FindVoice, NotFoundListsWhereItLooked) {
  TempDir dir;
  auto voice = find_voice("xx", {dir.path() / "a", dir.path() / "b"});
  ASSERT_FALSE(voice.has_value());
  EXPECT_NE(voice.error().message.find("\"xx\" not found"), std::string::npos) << voice.error().message;
  EXPECT_NE(voice.error().message.find((dir.path() / "b").string()), std::string::npos)
      << voice.error().message;
}

TEST(FindVoice, NamesAreNotPaths) {
  TempDir dir;
  dir.write("voices/en.toml", english_voice_text());
  for (const char* name : {"../voices/en", "/etc/passwd", "", "en.toml", "en/x"}) {
    auto voice = find_voice(name, {dir.path() / "voices"});
    EXPECT_FALSE(voice.has_value()) << name;
  }
}

TEST(AvailableVoices, SortedUniqueTomlStems) {
  TempDir dir;
  dir.write("a/en.toml", "");
  dir.write("a/de.toml", "");
  dir.write("a/notes.txt", "");
  dir.write("b/en.toml", "");
  dir.write("b/fr.toml", "");
  std::filesystem::create_directories(dir.path() / "b" / "dir.toml");
  EXPECT_EQ(available_voices({dir.path() / "a", dir.path() / "missing", dir.path() / "b"}),
            (std::vector<std::string>{"de", "en", "fr"}));
}

}  // namespace
}  // namespace alfabravo::testing
