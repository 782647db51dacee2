#include "audio/clip_cache.hpp"

#include <espeak-ng/speak_lib.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>
#include <system_error>

#include "core/file_descriptor.hpp"
#include "files/private_directory.hpp"

namespace alfabravo {
namespace {

constexpr char kMagic[8] = {'A', 'L', 'F', 'C', 'L', 'I', 'P', 'S'};
// Also the version of how clips are made: a change to their content (cutting, trimming) must not reuse
// clips cached by an older build. 2: words cut from a two-word phrase, tails trimmed relative to the peak.
constexpr std::uint32_t kFormatVersion = 2;
// Sanity limits for reading: far above any real voice, low enough that a corrupt length cannot ask for
// gigabytes.
constexpr std::uint32_t kMaxTextBytes = 4096;
constexpr std::uint32_t kMaxClips = 100000;
constexpr std::uintmax_t kMaxFileBytes = 512u * 1024 * 1024;

// FNV-1a, 64 bits: the file name's hash and the corruption check (not a defence against tampering: the
// cache lives in the user's own directory).
std::uint64_t fnv1a(std::span<const std::uint8_t> bytes, std::uint64_t hash = 0xcbf29ce484222325ull) {
  for (const std::uint8_t byte : bytes) {
    hash ^= byte;
    hash *= 0x100000001b3ull;
  }
  return hash;
}

class Writer {
 public:
  explicit Writer(std::vector<std::uint8_t>& out) : out_(out) {}
  void u32(std::uint32_t value) { unsigned_le(value, 4); }
  void u64(std::uint64_t value) { unsigned_le(value, 8); }
  void i32(std::int32_t value) { u32(static_cast<std::uint32_t>(value)); }
  void text(const std::string& value) {
    u32(static_cast<std::uint32_t>(value.size()));
    out_.insert(out_.end(), value.begin(), value.end());
  }
  void raw(std::span<const char> bytes) { out_.insert(out_.end(), bytes.begin(), bytes.end()); }
  void samples(const std::vector<Sample>& samples) {
    u32(static_cast<std::uint32_t>(samples.size()));
    for (const Sample s : samples)
      unsigned_le(static_cast<std::uint16_t>(s), 2);
  }

 private:
  void unsigned_le(std::uint64_t value, int bytes) {
    for (int i = 0; i < bytes; ++i)
      out_.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
  }
  std::vector<std::uint8_t>& out_;
};

// Reads what Writer wrote; every read checks the length left, and a failed read poisons the reader.
class Reader {
 public:
  explicit Reader(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}
  bool ok() const noexcept { return ok_; }
  bool at_end() const noexcept { return position_ == bytes_.size(); }

  std::uint64_t unsigned_le(int bytes) noexcept {
    if (!take(static_cast<std::size_t>(bytes))) return 0;
    std::uint64_t value = 0;
    for (int i = 0; i < bytes; ++i) {
      value |= static_cast<std::uint64_t>(
                   bytes_[position_ - static_cast<std::size_t>(bytes) + static_cast<std::size_t>(i)])
               << (8 * i);
    }
    return value;
  }
  std::uint32_t u32() noexcept { return static_cast<std::uint32_t>(unsigned_le(4)); }
  std::int32_t i32() noexcept { return static_cast<std::int32_t>(u32()); }
  std::string text() {
    const std::uint32_t size = u32();
    if (size > kMaxTextBytes || !take(size)) {
      ok_ = false;
      return {};
    }
    const auto* begin = bytes_.data() + position_ - size;
    return std::string(begin, begin + size);
  }
  bool magic() noexcept {
    if (!take(sizeof kMagic)) return false;
    return std::memcmp(bytes_.data() + position_ - sizeof kMagic, kMagic, sizeof kMagic) == 0;
  }
  std::vector<Sample> samples() {
    const std::uint32_t count = u32();
    if (!ok_ || count > (bytes_.size() - position_) / 2) {
      ok_ = false;
      return {};
    }
    std::vector<Sample> out(count);
    for (auto& s : out)
      s = static_cast<Sample>(static_cast<std::uint16_t>(unsigned_le(2)));
    return out;
  }

 private:
  bool take(std::size_t count) noexcept {
    if (!ok_ || count > bytes_.size() - position_) {
      ok_ = false;
      return false;
    }
    position_ += count;
    return true;
  }
  std::span<const std::uint8_t> bytes_;
  std::size_t position_ = 0;
  bool ok_ = true;
};

void write_key(Writer& writer, const std::string& engine, const SynthesisSettings& settings,
               const std::vector<std::string>& texts) {
  writer.raw(kMagic);
  writer.u32(kFormatVersion);
  writer.u32(kClipSampleRate);
  writer.text(engine);
  writer.text(settings.espeak_voice);
  writer.i32(settings.rate_wpm);
  writer.i32(settings.pitch);
  writer.i32(settings.volume);
  writer.u32(static_cast<std::uint32_t>(texts.size()));
  for (const auto& text : texts)
    writer.text(text);
}

bool same_settings(const SynthesisSettings& a, const SynthesisSettings& b) {
  return a.espeak_voice == b.espeak_voice && a.rate_wpm == b.rate_wpm && a.pitch == b.pitch &&
         a.volume == b.volume;
}

// Only a regular file of our own, never through a symlink: the directory is private, and this holds even if
// something was planted there before it was.
std::optional<std::vector<std::uint8_t>> read_file(const std::filesystem::path& file) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  struct CloseOnExit {
    int fd;
    ~CloseOnExit() { ::close(fd); }
  } close_on_exit{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != ::geteuid() ||
      static_cast<std::uintmax_t>(st.st_size) > kMaxFileBytes) {
    return std::nullopt;
  }
  std::vector<std::uint8_t> bytes(static_cast<std::size_t>(st.st_size));
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::read(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return std::nullopt;
    done += static_cast<std::size_t>(n);
  }
  return bytes;
}

}  // namespace

std::vector<std::uint8_t> serialize_clip_set(const ClipSet& set) {
  std::vector<std::uint8_t> bytes;
  Writer writer(bytes);
  write_key(writer, set.engine, set.settings, set.texts);
  writer.u32(static_cast<std::uint32_t>(set.clips.size()));
  for (const auto& clip : set.clips)
    writer.samples(clip.samples);
  writer.u64(fnv1a(bytes));
  return bytes;
}

std::optional<ClipSet> parse_clip_set(std::span<const std::uint8_t> bytes) noexcept {
  try {
    if (bytes.size() < 8) return std::nullopt;
    const auto body = bytes.first(bytes.size() - 8);
    Reader checksum_reader(bytes.last(8));
    if (checksum_reader.unsigned_le(8) != fnv1a(body)) return std::nullopt;

    Reader reader(body);
    if (!reader.magic() || reader.u32() != kFormatVersion || reader.u32() != kClipSampleRate) {
      return std::nullopt;
    }
    ClipSet set;
    set.engine = reader.text();
    set.settings.espeak_voice = reader.text();
    set.settings.rate_wpm = reader.i32();
    set.settings.pitch = reader.i32();
    set.settings.volume = reader.i32();
    const std::uint32_t text_count = reader.u32();
    if (!reader.ok() || text_count > kMaxClips) return std::nullopt;
    for (std::uint32_t i = 0; i < text_count && reader.ok(); ++i)
      set.texts.push_back(reader.text());
    const std::uint32_t clip_count = reader.u32();
    if (!reader.ok() || clip_count != text_count) return std::nullopt;
    for (std::uint32_t i = 0; i < clip_count && reader.ok(); ++i)
      set.clips.push_back(Clip{reader.samples()});
    if (!reader.ok() || !reader.at_end()) return std::nullopt;
    return set;
  } catch (...) {  // std::bad_alloc: treat as a miss, like any other unreadable file
    return std::nullopt;
  }
}

std::optional<std::filesystem::path> ClipCache::default_directory() {
  const char* disabled = std::getenv("ALFABRAVO_NO_CACHE");
  if (disabled != nullptr && *disabled != '\0') return std::nullopt;
  // XDG Base Directory: a relative $XDG_CACHE_HOME is invalid and must be ignored.
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  if (xdg != nullptr && xdg[0] == '/') return std::filesystem::path(xdg) / "alfabravo";
  const char* home = std::getenv("HOME");
  if (home != nullptr && home[0] == '/') return std::filesystem::path(home) / ".cache" / "alfabravo";
  return std::nullopt;
}

std::string ClipCache::current_engine() {
  const char* data_path = nullptr;
  const char* version = espeak_Info(&data_path);
  return std::string("espeak-ng ") + (version != nullptr ? version : "?") + " " +
         (data_path != nullptr ? data_path : "?");
}

ClipCache::ClipCache(std::filesystem::path directory) : directory_(std::move(directory)) {}

std::optional<std::string> ClipCache::directory_problem(bool create) const {
  PrivateDirectoryRules rules;
  rules.create = create;
  rules.tighten_own = true;  // caches of earlier versions were created 0755
  return ensure_private_directory(directory_, rules);
}

std::filesystem::path ClipCache::file_for(const std::string& engine, const SynthesisSettings& settings,
                                          const std::vector<std::string>& texts) const {
  std::vector<std::uint8_t> key;
  Writer writer(key);
  write_key(writer, engine, settings, texts);
  char name[40];
  std::snprintf(name, sizeof name, "clips-%016llx.bin", static_cast<unsigned long long>(fnv1a(key)));
  return directory_ / name;
}

std::optional<std::vector<Clip>> ClipCache::load(const std::string& engine, const SynthesisSettings& settings,
                                                 const std::vector<std::string>& texts) const noexcept {
  try {
    if (directory_problem(false)) return std::nullopt;
    const auto file = file_for(engine, settings, texts);
    const auto bytes = read_file(file);
    if (!bytes) return std::nullopt;
    auto set = parse_clip_set(*bytes);
    if (!set || set->engine != engine || !same_settings(set->settings, settings) || set->texts != texts) {
      return std::nullopt;
    }
    // The modification time says when a file was last useful (see prune_unused).
    std::error_code ignored;
    std::filesystem::last_write_time(file, std::filesystem::file_time_type::clock::now(), ignored);
    return std::move(set->clips);
  } catch (...) {
    return std::nullopt;
  }
}

bool ClipCache::store(const ClipSet& set) const noexcept {
  std::string temporary;
  int fd = -1;
  try {
    std::error_code error;
    std::filesystem::create_directories(directory_.parent_path(), error);
    if (error || directory_problem(true)) return false;
    const auto target = file_for(set.engine, set.settings, set.texts);
    const auto bytes = serialize_clip_set(set);
    // A unique temporary name in the same directory: concurrent writers never share one, and rename() is
    // atomic.
    // Appended, not "literal" + std::string: GCC 12 -O3 warns falsely (-Wrestrict) on that operator+.
    temporary = (directory_ / std::string(".").append(target.filename().string()).append(".XXXXXX")).string();
    fd = ::mkstemp(temporary.data());
    if (fd < 0) return false;
    const bool written = write_all(fd, bytes.data(), bytes.size());
    const bool closed = ::close(fd) == 0;
    fd = -1;
    if (!written || !closed || std::rename(temporary.c_str(), target.c_str()) != 0) {
      ::unlink(temporary.c_str());
      return false;
    }
    prune_unused(kUnusedFileLifetime);
    return true;
  } catch (...) {
    if (fd >= 0) ::close(fd);
    if (!temporary.empty()) ::unlink(temporary.c_str());
    return false;
  }
}

std::size_t ClipCache::prune_unused(std::chrono::hours unused_for) const noexcept {
  std::size_t removed = 0;
  try {
    if (directory_problem(false)) return 0;
    const auto now = std::filesystem::file_time_type::clock::now();
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(directory_, error)) {
      const std::string name = entry.path().filename().string();
      // Only our own files: cache files and temporary files a crashed writer left behind.
      const bool ours = name.starts_with("clips-") || name.starts_with(".clips-");
      if (!ours || !entry.is_regular_file(error)) continue;
      const auto limit = name.starts_with(".") ? std::chrono::hours(1) : unused_for;
      const auto modified = entry.last_write_time(error);
      if (error || now - modified < limit) continue;
      if (std::filesystem::remove(entry.path(), error)) ++removed;
    }
  } catch (...) {
  }
  return removed;
}

}  // namespace alfabravo
