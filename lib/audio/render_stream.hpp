#pragma once
// A render as a stream of file bytes: the utterance's samples (UtteranceSamples) go through the encoder
// (RenderEncoder) a piece at a time, as the bytes are asked for, so a render of any length holds a few
// hundred kilobytes rather than its whole audio and file. The samples are laid out at the format's rate from
// clips converted one by one (see UtteranceSamples), so a render is a copy of its words and the encoding: at
// wav22k the bytes are exactly those of encode_audio(compose(...).samples, format); at other rates they
// differ from that whole-utterance conversion only by each word starting up to half an output sample apart.
// Not thread-safe: one thread at a time.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "audio/render_encoder.hpp"
#include "audio/utterance_audio.hpp"

namespace alfabravo {

class ClipLibrary;

class RenderStream {
 public:
  // Fetches every clip (synthesizing those not known yet); throws as compose() and RenderEncoder do.
  RenderStream(const Utterance& utterance, ClipLibrary& clips, const SynthesisSettings& settings,
               std::chrono::milliseconds word_gap, RenderFormat format);
  ~RenderStream();
  RenderStream(const RenderStream&) = delete;
  RenderStream& operator=(const RenderStream&) = delete;

  std::size_t file_bytes() const noexcept { return encoder_.file_bytes(); }
  bool finished() const noexcept { return delivered_ == file_bytes(); }
  // Appends the file's next min(count, what is left) bytes to `out` (growing it with append_wiping).
  // Throws std::runtime_error if libsoxr or libsndfile fail.
  void read(std::vector<std::uint8_t>& out, std::size_t count);

 private:
  void encode_more();

  UtteranceSamples samples_;
  RenderEncoder encoder_;
  std::vector<Sample> pcm_;            // the piece being encoded; wiped after use
  std::vector<std::uint8_t> encoded_;  // encoded, not yet read; wiped as it is read
  std::size_t delivered_ = 0;
  bool encoder_finished_ = false;
};

}  // namespace alfabravo
