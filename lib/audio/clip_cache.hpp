#pragma once
// The on-disk cache of a voice's rendered vocabulary, so a daemon restart does not synthesize it again.
//
// One file per (clip texts, settings, eSpeak NG version): <directory>/clips-<64-bit hash>.bin. The file
// repeats its whole key (format version, eSpeak NG version and data path, settings, every clip text), so a
// hash collision or a stale file is a miss, never wrong audio; a checksum over everything catches corruption.
// It is written to a temporary file and renamed into place, so readers see a whole file or none. Nothing
// about the cache is ever fatal: an unreadable, corrupt or truncated file is ignored (and overwritten by the
// next store), an unwritable directory only costs the next start-up its synthesis time. The directory is
// private (0700, this user's, not a symlink) and every file in it is still treated as untrusted input.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "audio/pcm.hpp"
#include "voice/voice.hpp"

namespace alfabravo {

// What one cache file holds (and is keyed by, apart from the samples).
struct ClipSet {
  std::string engine;  // eSpeak NG's version and data directory (a different one renders differently)
  SynthesisSettings settings;
  std::vector<std::string> texts;  // the clip texts, sorted, no duplicates
  std::vector<Clip> clips;         // clips[i] is texts[i] rendered at settings
};

// The file format, pure (unit-tested): little-endian, magic "ALFCLIPS", format version, then the key, the
// clips and a checksum. parse_clip_set returns nullopt for anything that is not a complete, intact file.
std::vector<std::uint8_t> serialize_clip_set(const ClipSet& set);
std::optional<ClipSet> parse_clip_set(std::span<const std::uint8_t> bytes) noexcept;

class ClipCache {
 public:
  // $ALFABRAVO_NO_CACHE set and non-empty: no cache (nullopt). Otherwise $XDG_CACHE_HOME/alfabravo, or
  // $HOME/.cache/alfabravo; nullopt if neither variable is set to an absolute path.
  static std::optional<std::filesystem::path> default_directory();
  // The engine string ClipSet::engine is compared with: eSpeak NG's version and data directory.
  static std::string current_engine();

  explicit ClipCache(std::filesystem::path directory);

  const std::filesystem::path& directory() const noexcept { return directory_; }
  std::filesystem::path file_for(const std::string& engine, const SynthesisSettings& settings,
                                 const std::vector<std::string>& texts) const;

  // The clips for exactly these texts, settings and engine, if a valid file holds them. Never throws.
  std::optional<std::vector<Clip>> load(const std::string& engine, const SynthesisSettings& settings,
                                        const std::vector<std::string>& texts) const noexcept;
  // Writes the set atomically; false (never an exception) if it could not. Then prunes unused files.
  bool store(const ClipSet& set) const noexcept;
  // Removes cache files not loaded or written for `unused_for` (load() touches a file it uses: a different
  // eSpeak NG, voice or setting leaves the old file unused) and temporary files older than an hour (left by
  // a writer that died). Returns how many it removed.
  std::size_t prune_unused(std::chrono::hours unused_for) const noexcept;

  static constexpr std::chrono::hours kUnusedFileLifetime{24 * 30};

  // Why the directory cannot be used (nullopt: it can): it must be a real directory (not a symlink) of this
  // user with no access for others, since another user who can write there could plant audio that is played.
  // An own directory with wider permissions is tightened to 0700; with create, a missing one is made 0700.
  // load() and store() check it themselves (a refused cache is a miss, never an error).
  std::optional<std::string> directory_problem(bool create) const;

 private:
  std::filesystem::path directory_;
};

}  // namespace alfabravo
