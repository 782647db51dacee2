#include "audio/render_stream.hpp"

#include <algorithm>
#include <cstring>

#include "core/secret.hpp"

namespace alfabravo {
namespace {
// Samples composed and encoded at a time: 0.19 s of audio, under 40 KB of the largest format's bytes.
constexpr std::size_t kPieceSamples = 4096;
}  // namespace

RenderStream::RenderStream(const Utterance& utterance, ClipLibrary& clips, const SynthesisSettings& settings,
                           std::chrono::milliseconds word_gap, RenderFormat format)
    : samples_(utterance, clips, settings, word_gap, sample_rate(format)),
      encoder_(format, samples_.size(), sample_rate(format)),
      pcm_(kPieceSamples) {}

RenderStream::~RenderStream() {
  wipe(pcm_);
  wipe(encoded_);
}

void RenderStream::encode_more() {
  const std::size_t count = samples_.read(pcm_);
  if (count > 0) {
    encoder_.encode(std::span<const Sample>(pcm_.data(), count), encoded_);
  } else {
    encoder_.finish(encoded_);
    encoder_finished_ = true;
  }
  wipe_bytes(pcm_.data(), count * sizeof(Sample));
}

void RenderStream::read(std::vector<std::uint8_t>& out, std::size_t count) {
  while (encoded_.size() < count && !encoder_finished_)
    encode_more();
  const std::size_t taken = std::min(count, encoded_.size());
  append_wiping(out, encoded_.data(), taken);
  // What is left moves to the front; the bytes it leaves behind are wiped.
  const std::size_t left = encoded_.size() - taken;
  std::memmove(encoded_.data(), encoded_.data() + taken, left);
  wipe_bytes(encoded_.data() + left, taken);
  encoded_.resize(left);
  delivered_ += taken;
}

}  // namespace alfabravo
