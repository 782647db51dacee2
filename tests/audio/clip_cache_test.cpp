// The disk cache's file format and its file handling, without eSpeak NG.
#include "audio/clip_cache.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>

#include "temp_dir.hpp"

namespace alfabravo {
namespace {

using test::TempDir;

ClipSet example_set() {
  ClipSet set;
  set.engine = "espeak-ng 1.51 /usr/lib/x86_64-linux-gnu/espeak-ng-data";
  set.settings = SynthesisSettings{"en-gb", 150, 50, 100};
  set.texts = {"Alfa", "Bravo", "x-ray"};
  set.clips = {Clip{{1, -2, 3, 32767, -32768}}, Clip{{}}, Clip{{0, 0, 7}}};
  return set;
}

void expect_equal(const ClipSet& a, const ClipSet& b) {
  EXPECT_EQ(a.engine, b.engine);
  EXPECT_EQ(a.settings.espeak_voice, b.settings.espeak_voice);
  EXPECT_EQ(a.settings.rate_wpm, b.settings.rate_wpm);
  EXPECT_EQ(a.settings.pitch, b.settings.pitch);
  EXPECT_EQ(a.settings.volume, b.settings.volume);
  EXPECT_EQ(a.texts, b.texts);
  ASSERT_EQ(a.clips.size(), b.clips.size());
  for (std::size_t i = 0; i < a.clips.size(); ++i)
    EXPECT_EQ(a.clips[i].samples, b.clips[i].samples);
}

TEST(ClipCacheFormat, RoundTrips) {
  const auto bytes = serialize_clip_set(example_set());
  const auto parsed = parse_clip_set(bytes);
  ASSERT_TRUE(parsed);
  expect_equal(*parsed, example_set());
}

TEST(ClipCacheFormat, EveryTruncationIsRejected) {
  const auto bytes = serialize_clip_set(example_set());
  for (std::size_t length = 0; length < bytes.size(); ++length) {
    EXPECT_FALSE(parse_clip_set(std::span(bytes).first(length))) << length;
  }
}

TEST(ClipCacheFormat, EveryFlippedByteIsRejected) {
  const auto bytes = serialize_clip_set(example_set());
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    auto corrupt = bytes;
    corrupt[i] ^= 0x5a;
    EXPECT_FALSE(parse_clip_set(corrupt)) << i;
  }
}

TEST(ClipCacheFormat, TrailingGarbageIsRejected) {
  auto bytes = serialize_clip_set(example_set());
  bytes.push_back(0);
  EXPECT_FALSE(parse_clip_set(bytes));
}

TEST(ClipCache, StoresAndLoadsByExactKey) {
  TempDir directory;
  const ClipCache cache(directory.path() / "nested" / "alfabravo");
  const ClipSet set = example_set();
  ASSERT_TRUE(cache.store(set));
  const auto loaded = cache.load(set.engine, set.settings, set.texts);
  ASSERT_TRUE(loaded);
  ASSERT_EQ(loaded->size(), 3u);
  EXPECT_EQ((*loaded)[0].samples, set.clips[0].samples);

  // Any difference in the key is a miss.
  SynthesisSettings faster = set.settings;
  faster.rate_wpm = 151;
  EXPECT_FALSE(cache.load(set.engine, faster, set.texts));
  EXPECT_FALSE(cache.load("espeak-ng 1.52 elsewhere", set.settings, set.texts));
  EXPECT_FALSE(cache.load(set.engine, set.settings, {"Alfa", "Bravo"}));
  EXPECT_NE(cache.file_for(set.engine, faster, set.texts),
            cache.file_for(set.engine, set.settings, set.texts));
  // No temporary files are left behind.
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(cache.directory())) {
    ++files;
    EXPECT_EQ(entry.path().filename().string().rfind("clips-", 0), 0u) << entry.path();
  }
  EXPECT_EQ(files, 1u);
}

TEST(ClipCache, ACorruptFileIsAMissAndIsReplacedByTheNextStore) {
  TempDir directory;
  const ClipCache cache(directory.path());
  const ClipSet set = example_set();
  ASSERT_TRUE(cache.store(set));
  const auto file = cache.file_for(set.engine, set.settings, set.texts);
  std::filesystem::resize_file(file, std::filesystem::file_size(file) / 2);
  EXPECT_FALSE(cache.load(set.engine, set.settings, set.texts));
  { std::ofstream(file, std::ios::binary | std::ios::trunc) << "not a cache file at all"; }
  EXPECT_FALSE(cache.load(set.engine, set.settings, set.texts));
  ASSERT_TRUE(cache.store(set));
  EXPECT_TRUE(cache.load(set.engine, set.settings, set.texts));
}

TEST(ClipCache, FilesUnusedForAMonthAreRemovedWhenAnotherIsStored) {
  TempDir directory;
  const ClipCache cache(directory.path());
  ClipSet old_set = example_set();
  old_set.engine = "espeak-ng 1.50 /old";
  ClipSet used_set = example_set();
  used_set.settings.rate_wpm = 200;
  ASSERT_TRUE(cache.store(old_set));
  ASSERT_TRUE(cache.store(used_set));
  const auto old_file = cache.file_for(old_set.engine, old_set.settings, old_set.texts);
  const auto used_file = cache.file_for(used_set.engine, used_set.settings, used_set.texts);
  const auto long_ago = std::filesystem::file_time_type::clock::now() - std::chrono::hours(24 * 40);
  std::filesystem::last_write_time(old_file, long_ago);
  std::filesystem::last_write_time(used_file, long_ago);
  const auto leftover = directory.path() / ".clips-0123456789abcdef.bin.Ab12Cd";
  { std::ofstream(leftover) << "half-written"; }
  std::filesystem::last_write_time(leftover,
                                   std::filesystem::file_time_type::clock::now() - std::chrono::hours(2));
  const auto stranger = directory.path() / "not-ours.txt";
  { std::ofstream(stranger) << "keep me"; }
  std::filesystem::last_write_time(stranger, long_ago);

  ASSERT_TRUE(cache.load(used_set.engine, used_set.settings, used_set.texts));  // used: touched
  ASSERT_TRUE(cache.store(example_set()));

  EXPECT_FALSE(std::filesystem::exists(old_file));
  EXPECT_FALSE(std::filesystem::exists(leftover));
  EXPECT_TRUE(std::filesystem::exists(used_file));
  EXPECT_TRUE(std::filesystem::exists(stranger));
  EXPECT_TRUE(cache.load(example_set().engine, example_set().settings, example_set().texts));
}

TEST(ClipCache, AnUnwritableDirectoryIsNotAnError) {
  TempDir directory;
  const auto blocker = directory.path() / "a-file";
  { std::ofstream(blocker) << "x"; }
  const ClipCache under_a_file(blocker / "alfabravo");
  EXPECT_FALSE(under_a_file.store(example_set()));
  EXPECT_FALSE(under_a_file.load(example_set().engine, example_set().settings, example_set().texts));

  if (::geteuid() != 0) {  // root ignores permissions
    const auto read_only = directory.path() / "read-only";
    std::filesystem::create_directory(read_only);
    std::filesystem::permissions(read_only,
                                 std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
    EXPECT_FALSE(ClipCache(read_only).store(example_set()));
  }
}

class ScopedEnvironment {
 public:
  ScopedEnvironment(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value != nullptr) {
      ::setenv(name, value, 1);
    } else {
      ::unsetenv(name);
    }
  }
  ~ScopedEnvironment() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST(ClipCache, DefaultDirectoryFollowsXdgAndCanBeDisabled) {
  ScopedEnvironment no_cache("ALFABRAVO_NO_CACHE", nullptr);
  {
    ScopedEnvironment xdg("XDG_CACHE_HOME", "/somewhere/cache");
    EXPECT_EQ(ClipCache::default_directory(), std::filesystem::path("/somewhere/cache/alfabravo"));
  }
  {
    ScopedEnvironment xdg("XDG_CACHE_HOME", "relative/is/ignored");
    ScopedEnvironment home("HOME", "/home/agent");
    EXPECT_EQ(ClipCache::default_directory(), std::filesystem::path("/home/agent/.cache/alfabravo"));
  }
  {
    ScopedEnvironment xdg("XDG_CACHE_HOME", nullptr);
    ScopedEnvironment home("HOME", nullptr);
    EXPECT_FALSE(ClipCache::default_directory());
  }
  ScopedEnvironment disabled("ALFABRAVO_NO_CACHE", "1");
  ScopedEnvironment xdg("XDG_CACHE_HOME", "/somewhere/cache");
  EXPECT_FALSE(ClipCache::default_directory());
}

}  // namespace
}  // namespace alfabravo
