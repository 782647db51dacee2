#include "audio/render_encoder.hpp"

#include <sndfile.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>

#include "core/secret.hpp"

namespace alfabravo {
namespace {

struct FormatInfo {
  RenderFormat format;
  std::string_view name;
  int sample_rate;
  bool wav;           // a WAV header before the samples; else a headerless file of the samples alone
  int sample_format;  // how libsndfile writes the samples (as a headerless file)
  std::string_view mime_type;
  std::string_view extension;
};

constexpr int kPcm16 = SF_FORMAT_RAW | SF_FORMAT_PCM_16 | SF_ENDIAN_LITTLE;  // a WAV file's data chunk

constexpr std::array<FormatInfo, 6> kFormats{{
    {RenderFormat::wav8k, "wav8k", 8000, true, kPcm16, "audio/wav", ".wav"},
    {RenderFormat::wav16k, "wav16k", 16000, true, kPcm16, "audio/wav", ".wav"},
    {RenderFormat::wav22k, "wav22k", kClipSampleRate, true, kPcm16, "audio/wav", ".wav"},
    {RenderFormat::wav48k, "wav48k", 48000, true, kPcm16, "audio/wav", ".wav"},
    {RenderFormat::ulaw, "ulaw", 8000, false, SF_FORMAT_RAW | SF_FORMAT_ULAW, "audio/basic", ".ulaw"},
    {RenderFormat::alaw, "alaw", 8000, false, SF_FORMAT_RAW | SF_FORMAT_ALAW, "audio/x-alaw-basic", ".alaw"},
}};

constexpr std::array<RenderFormat, 6> kAllFormats{RenderFormat::wav8k,  RenderFormat::wav16k,
                                                  RenderFormat::wav22k, RenderFormat::wav48k,
                                                  RenderFormat::ulaw,   RenderFormat::alaw};

constexpr std::size_t kWavHeaderBytes = 44;
constexpr std::size_t kWavBytesPerSample = 2;

const FormatInfo& info(RenderFormat format) noexcept {
  for (const auto& entry : kFormats) {
    if (entry.format == format) return entry;
  }
  return kFormats.front();  // unreachable for a valid enumerator
}

void put_text(std::uint8_t* at, std::string_view text) {
  std::memcpy(at, text.data(), text.size());
}

void put_le(std::uint8_t* at, std::uint32_t value, int bytes) {
  for (int i = 0; i < bytes; ++i)
    at[i] = static_cast<std::uint8_t>(value >> (8 * i));
}

// The canonical header of mono 16-bit PCM, as libsndfile writes it: RIFF, WAVE, a 16-byte fmt chunk, data.
std::array<std::uint8_t, kWavHeaderBytes> wav_header(int rate, std::size_t samples) {
  const auto data_bytes = static_cast<std::uint32_t>(samples * kWavBytesPerSample);
  std::array<std::uint8_t, kWavHeaderBytes> header{};
  put_text(&header[0], "RIFF");
  put_le(&header[4], static_cast<std::uint32_t>(kWavHeaderBytes - 8) + data_bytes, 4);
  put_text(&header[8], "WAVEfmt ");
  put_le(&header[16], 16, 4);  // fmt chunk size
  put_le(&header[20], 1, 2);   // WAVE_FORMAT_PCM
  put_le(&header[22], 1, 2);   // channels
  put_le(&header[24], static_cast<std::uint32_t>(rate), 4);
  put_le(&header[28], static_cast<std::uint32_t>(rate) * kWavBytesPerSample, 4);  // bytes per second
  put_le(&header[32], kWavBytesPerSample, 2);                                     // block align
  put_le(&header[34], 16, 2);                                                     // bits per sample
  put_text(&header[36], "data");
  put_le(&header[40], data_bytes, 4);
  return header;
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

// libsndfile writes the samples through these callbacks, appending to the caller's buffer of the moment: a
// file that only grows (a headerless file has nothing to go back and fill in).
struct RenderEncoder::Sink {
  std::vector<std::uint8_t>* out = nullptr;
  sf_count_t position = 0;

  static Sink& of(void* user) { return *static_cast<Sink*>(user); }
  static sf_count_t length(void* user) { return of(user).position; }
  static sf_count_t tell(void* user) { return of(user).position; }
  static sf_count_t read(void*, sf_count_t, void*) { return 0; }
  static sf_count_t seek(sf_count_t offset, int whence, void* user) {
    // Only "where we are" can be reached: the written bytes may already be gone.
    const sf_count_t here = of(user).position;
    const bool stays = (whence == SEEK_SET && offset == here) || (whence != SEEK_SET && offset == 0);
    return stays ? here : -1;
  }
  static sf_count_t write(const void* source, sf_count_t count, void* user) {
    Sink& sink = of(user);
    if (count <= 0 || sink.out == nullptr) return 0;
    append_wiping(*sink.out, static_cast<const std::uint8_t*>(source), static_cast<std::size_t>(count));
    sink.position += count;
    return count;
  }
};

RenderEncoder::RenderEncoder(RenderFormat format, std::size_t input_samples, int input_rate)
    : format_(format),
      resampler_(input_rate, info(format).sample_rate, input_samples),
      sink_(std::make_unique<Sink>()) {
  const FormatInfo& target = info(format);
  SF_VIRTUAL_IO io{Sink::length, Sink::seek, Sink::read, Sink::write, Sink::tell};
  SF_INFO sf_info{};
  sf_info.samplerate = target.sample_rate;
  sf_info.channels = 1;
  sf_info.format = target.sample_format;
  sndfile_ = sf_open_virtual(&io, SFM_WRITE, &sf_info, sink_.get());
  if (sndfile_ == nullptr) throw std::runtime_error(std::string("libsndfile: ") + sf_strerror(nullptr));
}

RenderEncoder::~RenderEncoder() {
  if (sndfile_ != nullptr) sf_close(sndfile_);
  wipe(resampled_);
}

std::size_t RenderEncoder::file_bytes() const noexcept {
  const std::size_t samples = resampler_.output_samples();
  return info(format_).wav ? kWavHeaderBytes + samples * kWavBytesPerSample : samples;
}

void RenderEncoder::start(std::vector<std::uint8_t>& out) {
  if (started_) return;
  started_ = true;
  const FormatInfo& target = info(format_);
  if (!target.wav) return;
  const auto header = wav_header(target.sample_rate, resampler_.output_samples());
  append_wiping(out, header.data(), header.size());
}

void RenderEncoder::write(std::vector<std::uint8_t>& out) {
  // The audio may spell a secret: the resampled copy is wiped as soon as it is encoded.
  sink_->out = &out;
  const auto count = static_cast<sf_count_t>(resampled_.size());
  const sf_count_t written = count > 0 ? sf_write_short(sndfile_, resampled_.data(), count) : 0;
  sink_->out = nullptr;
  wipe(resampled_);
  if (written != count) throw std::runtime_error(std::string("libsndfile: ") + sf_strerror(sndfile_));
}

void RenderEncoder::encode(std::span<const Sample> pcm, std::vector<std::uint8_t>& out) {
  start(out);
  resampler_.push(pcm, resampled_);
  write(out);
}

void RenderEncoder::finish(std::vector<std::uint8_t>& out) {
  start(out);
  resampler_.finish(resampled_);
  write(out);
  const int close_result = sf_close(sndfile_);
  sndfile_ = nullptr;
  if (close_result != 0)
    throw std::runtime_error(std::string("libsndfile: ") + sf_error_number(close_result));
}

std::vector<std::uint8_t> encode_audio(std::span<const Sample> pcm, RenderFormat format) {
  RenderEncoder encoder(format, pcm.size());
  std::vector<std::uint8_t> bytes;
  bytes.reserve(encoder.file_bytes());
  encoder.encode(pcm, bytes);
  encoder.finish(bytes);
  return bytes;
}

}  // namespace alfabravo
