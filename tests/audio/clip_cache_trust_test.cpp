// The clip cache holds audio the daemon plays: it lives in a directory only this user can reach, and a
// symlink or another user's directory in its place is neither written to nor read from.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "audio/clip_cache.hpp"
#include "temp_dir.hpp"

namespace alfabravo {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

ClipSet example_set() {
  ClipSet set;
  set.engine = "espeak-ng 1.51 /usr/lib/x86_64-linux-gnu/espeak-ng-data";
  set.settings = SynthesisSettings{"en-gb", 150, 50, 100};
  set.texts = {"Alfa", "Bravo"};
  set.clips = {Clip{{1, -2, 3}}, Clip{{0, 7}}};
  return set;
}

unsigned mode_of(const fs::path& path) {
  struct stat st {};
  EXPECT_EQ(::lstat(path.c_str(), &st), 0) << path;
  return st.st_mode & 07777;
}

TEST(ClipCacheTrust, TheDirectoryIsCreatedPrivate) {
  TempDir directory;
  const ClipCache cache(directory.path() / "cache" / "alfabravo");
  ASSERT_TRUE(cache.store(example_set()));
  EXPECT_EQ(mode_of(cache.directory()), 0700u);
}

TEST(ClipCacheTrust, AnOwnDirectoryWithWiderPermissionsIsTightened) {
  TempDir directory;
  const fs::path place = directory.path() / "alfabravo";
  fs::create_directory(place);
  ::chmod(place.c_str(), 0777);
  const ClipCache cache(place);
  ASSERT_TRUE(cache.store(example_set()));
  EXPECT_EQ(mode_of(place), 0700u);
}

TEST(ClipCacheTrust, ASymlinkedDirectoryIsNeitherWrittenNorRead) {
  TempDir directory;
  const fs::path elsewhere = directory.path() / "elsewhere";
  fs::create_directory(elsewhere);
  ::chmod(elsewhere.c_str(), 0777);
  // A valid cache file planted at the link's target.
  const ClipSet set = example_set();
  ASSERT_TRUE(ClipCache(elsewhere).store(set));
  ::chmod(elsewhere.c_str(), 0777);
  fs::create_directory_symlink(elsewhere, directory.path() / "alfabravo");
  const ClipCache cache(directory.path() / "alfabravo");
  EXPECT_FALSE(cache.load(set.engine, set.settings, set.texts))
      << "a planted file behind a symlink was loaded";
  ClipSet other = set;
  other.settings.rate_wpm = 151;
  EXPECT_FALSE(cache.store(other)) << "clips were written through a symlink";
  EXPECT_FALSE(fs::exists(ClipCache(elsewhere).file_for(other.engine, other.settings, other.texts)));
  EXPECT_EQ(mode_of(elsewhere), 0777u);  // and its target was left alone
}

TEST(ClipCacheTrust, AnotherUsersDirectoryIsNeitherWrittenNorRead) {
  if (::geteuid() != 0) {
    if (const char* ci = std::getenv("CI"); ci && std::string(ci) == "true") FAIL() << "needs root to chown";
    GTEST_SKIP() << "needs root to chown";
  }
  TempDir directory;
  const fs::path foreign = directory.path() / "alfabravo";
  const ClipSet set = example_set();
  ASSERT_TRUE(ClipCache(foreign).store(set));
  ASSERT_EQ(::chown(foreign.c_str(), 65534, 65534), 0);
  const ClipCache cache(foreign);
  EXPECT_FALSE(cache.load(set.engine, set.settings, set.texts));
  ClipSet other = set;
  other.settings.rate_wpm = 151;
  EXPECT_FALSE(cache.store(other));
}

TEST(ClipCacheTrust, AFileOfAnotherUserInsideIsNotRead) {
  if (::geteuid() != 0) {
    if (const char* ci = std::getenv("CI"); ci && std::string(ci) == "true") FAIL() << "needs root to chown";
    GTEST_SKIP() << "needs root to chown";
  }
  TempDir directory;
  const ClipCache cache(directory.path() / "alfabravo");
  const ClipSet set = example_set();
  ASSERT_TRUE(cache.store(set));
  const auto file = cache.file_for(set.engine, set.settings, set.texts);
  ASSERT_EQ(::chown(file.c_str(), 65534, 65534), 0);
  EXPECT_FALSE(cache.load(set.engine, set.settings, set.texts));
}

}  // namespace
}  // namespace alfabravo
