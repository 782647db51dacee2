#include "audio/utterance_audio.hpp"

#include <stdexcept>
#include <string>

#include "audio/clip_library.hpp"

namespace alfabravo {

std::size_t silence_samples(std::chrono::milliseconds duration) noexcept {
  if (duration.count() <= 0) return 0;
  return static_cast<std::size_t>(duration.count()) * kClipSampleRate / 1000;
}

UtteranceAudio compose(const Utterance& utterance, ClipLibrary& clips, const SynthesisSettings& settings,
                       std::chrono::milliseconds word_gap) {
  // Fetch every clip first: words not rendered yet are then synthesized before any copying starts, and a
  // failure leaves nothing half-built.
  std::vector<ClipLibrary::ClipPtr> word_clips(utterance.size());
  std::size_t total = 0;
  for (std::size_t i = 0; i < utterance.size(); ++i) {
    const Token& token = utterance[i];
    if (token.is_pause()) {
      total += silence_samples(token.pause);
      continue;
    }
    if (token.clip.empty()) {
      throw std::invalid_argument("token " + std::to_string(i) + " is a word without clip text");
    }
    if (token.espeak_voice.empty()) {
      word_clips[i] = clips.clip(token.clip, settings);
    } else {
      SynthesisSettings own = settings;
      own.espeak_voice = token.espeak_voice;
      word_clips[i] = clips.clip(token.clip, own);
    }
    total += word_clips[i]->samples.size() + silence_samples(word_gap);  // an upper bound: one gap per word
  }

  UtteranceAudio audio;
  audio.samples.reserve(total);
  audio.marks.reserve(utterance.size());
  const std::size_t gap = silence_samples(word_gap);
  bool previous_was_word = false;
  for (std::size_t i = 0; i < utterance.size(); ++i) {
    const Token& token = utterance[i];
    if (token.is_pause()) {
      audio.marks.push_back({audio.samples.size(), i, token.source_index});
      audio.samples.insert(audio.samples.end(), silence_samples(token.pause), Sample{0});
      previous_was_word = false;
      continue;
    }
    if (previous_was_word) audio.samples.insert(audio.samples.end(), gap, Sample{0});
    audio.marks.push_back({audio.samples.size(), i, token.source_index});
    const auto& samples = word_clips[i]->samples;
    audio.samples.insert(audio.samples.end(), samples.begin(), samples.end());
    previous_was_word = true;
  }
  return audio;
}

}  // namespace alfabravo
