#pragma once
// An utterance's audio as the bytes of a file a PBX can play: WAV (16-bit mono) at the common rates, or raw
// G.711 µ-law / A-law at 8000 Hz (Asterisk's .ulaw/.alaw, FreeSWITCH's .PCMU/.PCMA). libsoxr resamples,
// libsndfile encodes the samples; nothing here is hand-written DSP. The WAV header (the canonical 44 bytes
// libsndfile writes) is built here, because a streamed file must begin with it before the samples exist.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "audio/pcm.hpp"
#include "audio/resample.hpp"

struct sf_private_tag;  // libsndfile's SNDFILE

namespace alfabravo {

enum class RenderFormat { wav8k, wav16k, wav22k, wav48k, ulaw, alaw };

// Every format, in the order above.
std::span<const RenderFormat> all_render_formats() noexcept;

// Names: "wav8k", "wav16k", "wav22k", "wav48k", "ulaw", "alaw", and "wav", a synonym of "wav22k" (eSpeak NG's
// native 22050 Hz: no resampling). Case-sensitive. to_string gives the canonical name (never "wav").
std::optional<RenderFormat> parse_render_format(std::string_view name) noexcept;
std::string_view to_string(RenderFormat format) noexcept;

int sample_rate(RenderFormat format) noexcept;  // 8000, 16000, 22050 or 48000
// "audio/wav"; "audio/basic" for µ-law (RFC 2046: 8-bit µ-law, 8000 Hz, mono, no header);
// "audio/x-alaw-basic" for A-law (no registered type for headerless A-law files).
std::string_view mime_type(RenderFormat format) noexcept;
std::string_view file_extension(RenderFormat format) noexcept;  // ".wav", ".ulaw", ".alaw" (with the dot)

// Encodes mono kClipSampleRate PCM as the complete bytes of a file in `format`. The duration is kept (to the
// nearest sample at the target rate). Throws std::runtime_error if libsoxr or libsndfile fail.
std::vector<std::uint8_t> encode_audio(std::span<const Sample> pcm, RenderFormat format);

// The same file, produced piece by piece so that a long render never holds its whole audio: the PCM is given
// in pieces of any size and the file's bytes come out as they are ready, the header first (its lengths are
// known in advance from the input's length). The bytes are exactly encode_audio's for the same samples.
// Every byte it writes into `out` may spell a secret: `out` grows with append_wiping (core/secret.hpp).
class RenderEncoder {
 public:
  // input_samples: how many samples encode() will be given in all, at input_rate (which the encoder converts
  // to the format's own: give it samples at that rate and they are only encoded).
  RenderEncoder(RenderFormat format, std::size_t input_samples, int input_rate = kClipSampleRate);
  ~RenderEncoder();
  RenderEncoder(const RenderEncoder&) = delete;
  RenderEncoder& operator=(const RenderEncoder&) = delete;

  std::size_t file_bytes() const noexcept;
  // Appends the file's bytes for the next samples to `out` (the header too, on the first call).
  void encode(std::span<const Sample> pcm, std::vector<std::uint8_t>& out);
  // Once every sample has been given: appends the file's last bytes; file_bytes() have then been written.
  void finish(std::vector<std::uint8_t>& out);

 private:
  struct Sink;
  void start(std::vector<std::uint8_t>& out);
  void write(std::vector<std::uint8_t>& out);

  RenderFormat format_;
  StreamResampler resampler_;
  std::vector<Sample> resampled_;
  std::unique_ptr<Sink> sink_;
  ::sf_private_tag* sndfile_ = nullptr;
  bool started_ = false;
};

}  // namespace alfabravo
