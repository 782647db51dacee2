#include "audio/render_encoder.hpp"

#include <sndfile.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>

#include "audio/resample.hpp"
#include "core/secret.hpp"

namespace alfabravo {
namespace {

struct FormatInfo {
  RenderFormat format;
  std::string_view name;
  int sample_rate;
  int sndfile_format;
  std::string_view mime_type;
  std::string_view extension;
};

constexpr std::array<FormatInfo, 6> kFormats{{
    {RenderFormat::wav8k, "wav8k", 8000, SF_FORMAT_WAV | SF_FORMAT_PCM_16, "audio/wav", ".wav"},
    {RenderFormat::wav16k, "wav16k", 16000, SF_FORMAT_WAV | SF_FORMAT_PCM_16, "audio/wav", ".wav"},
    {RenderFormat::wav22k, "wav22k", kClipSampleRate, SF_FORMAT_WAV | SF_FORMAT_PCM_16, "audio/wav", ".wav"},
    {RenderFormat::wav48k, "wav48k", 48000, SF_FORMAT_WAV | SF_FORMAT_PCM_16, "audio/wav", ".wav"},
    {RenderFormat::ulaw, "ulaw", 8000, SF_FORMAT_RAW | SF_FORMAT_ULAW, "audio/basic", ".ulaw"},
    {RenderFormat::alaw, "alaw", 8000, SF_FORMAT_RAW | SF_FORMAT_ALAW, "audio/x-alaw-basic", ".alaw"},
}};

constexpr std::array<RenderFormat, 6> kAllFormats{RenderFormat::wav8k,  RenderFormat::wav16k,
                                                  RenderFormat::wav22k, RenderFormat::wav48k,
                                                  RenderFormat::ulaw,   RenderFormat::alaw};

const FormatInfo& info(RenderFormat format) noexcept {
  for (const auto& entry : kFormats) {
    if (entry.format == format) return entry;
  }
  return kFormats.front();  // unreachable for a valid enumerator
}

// libsndfile writes through these callbacks into a growing byte vector (a memory "file" it may seek in, as
// it does to fill in the WAV header's lengths when it is closed).
struct MemoryFile {
  std::vector<std::uint8_t> bytes;
  sf_count_t position = 0;
};

sf_count_t memory_length(void* user) {
  return static_cast<sf_count_t>(static_cast<MemoryFile*>(user)->bytes.size());
}

sf_count_t memory_seek(sf_count_t offset, int whence, void* user) {
  auto* file = static_cast<MemoryFile*>(user);
  sf_count_t base = 0;
  switch (whence) {
    case SEEK_SET:
      base = 0;
      break;
    case SEEK_CUR:
      base = file->position;
      break;
    case SEEK_END:
      base = static_cast<sf_count_t>(file->bytes.size());
      break;
    default:
      return -1;
  }
  if (base + offset < 0) return -1;
  file->position = base + offset;
  return file->position;
}

sf_count_t memory_read(void* destination, sf_count_t count, void* user) {
  auto* file = static_cast<MemoryFile*>(user);
  const auto size = static_cast<sf_count_t>(file->bytes.size());
  const sf_count_t available = std::max<sf_count_t>(0, std::min(count, size - file->position));
  if (available > 0) {
    std::memcpy(destination, file->bytes.data() + file->position, static_cast<std::size_t>(available));
  }
  file->position += available;
  return available;
}

sf_count_t memory_write(const void* source, sf_count_t count, void* user) {
  auto* file = static_cast<MemoryFile*>(user);
  if (count <= 0) return 0;
  const auto end = static_cast<std::size_t>(file->position + count);
  if (end > file->bytes.size()) file->bytes.resize(end);
  std::memcpy(file->bytes.data() + file->position, source, static_cast<std::size_t>(count));
  file->position += count;
  return count;
}

sf_count_t memory_tell(void* user) {
  return static_cast<MemoryFile*>(user)->position;
}

}  // namespace

std::span<const RenderFormat> all_render_formats() noexcept {
  return kAllFormats;
}

std::optional<RenderFormat> parse_render_format(std::string_view name) noexcept {
  if (name == "wav") return RenderFormat::wav22k;
  for (const auto& entry : kFormats) {
    if (entry.name == name) return entry.format;
  }
  return std::nullopt;
}

std::string_view to_string(RenderFormat format) noexcept {
  return info(format).name;
}
int sample_rate(RenderFormat format) noexcept {
  return info(format).sample_rate;
}
std::string_view mime_type(RenderFormat format) noexcept {
  return info(format).mime_type;
}
std::string_view file_extension(RenderFormat format) noexcept {
  return info(format).extension;
}

std::vector<std::uint8_t> encode_audio(std::span<const Sample> pcm, RenderFormat format) {
  const FormatInfo& target = info(format);
  // The audio may spell a secret: this copy is wiped however we leave (the caller owns `pcm` and the result).
  const Secret<std::vector<Sample>> resampled(resample(pcm, kClipSampleRate, target.sample_rate));
  const auto& samples = resampled.get();

  MemoryFile file;
  file.bytes.reserve(samples.size() * 2 + 64);
  SF_VIRTUAL_IO io{memory_length, memory_seek, memory_read, memory_write, memory_tell};
  SF_INFO sf_info{};
  sf_info.samplerate = target.sample_rate;
  sf_info.channels = 1;
  sf_info.format = target.sndfile_format;
  SNDFILE* sndfile = sf_open_virtual(&io, SFM_WRITE, &sf_info, &file);
  if (sndfile == nullptr) throw std::runtime_error(std::string("libsndfile: ") + sf_strerror(nullptr));

  const auto count = static_cast<sf_count_t>(samples.size());
  const sf_count_t written = count > 0 ? sf_write_short(sndfile, samples.data(), count) : 0;
  const std::string write_error = written == count ? std::string() : sf_strerror(sndfile);
  const int close_result = sf_close(sndfile);  // writes the final WAV header
  if (!write_error.empty()) throw std::runtime_error("libsndfile: " + write_error);
  if (close_result != 0)
    throw std::runtime_error(std::string("libsndfile: ") + sf_error_number(close_result));
  return std::move(file.bytes);
}

}  // namespace alfabravo
