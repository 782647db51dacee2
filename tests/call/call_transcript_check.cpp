// What a caller heard, checked against what alfabravod was asked to say:
//
//   call_transcript_check RATE RECORDING.raw [--tone HZ MIN_AMPLITUDE] < TEXTS
//
// TEXTS (standard input, one per line: they are passwords, so never arguments) are spelled with the English
// voice as alfabravod spells them by default; the recording (raw s16le mono at RATE, e.g. a softphone's
// 8 kHz recording after the G.711 codec) must hold every word's clip, resampled to RATE, in order (the
// clip-order cross-correlation of the audio tests). With --tone, a sine of HZ must also be mixed in at an
// amplitude of at least MIN_AMPLITUDE (full scale 32767) through most of the recording (then TEXTS may be
// empty). Exit 0: all there.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <numbers>
#include <string>
#include <vector>

#include "audio/pcm.hpp"
#include "audio_analysis.hpp"
#include "spoken_voice.hpp"

namespace {

using namespace alfabravo::test;

std::vector<std::int16_t> read_raw(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  const std::string bytes{std::istreambuf_iterator<char>(in), {}};
  std::vector<std::int16_t> samples(bytes.size() / 2);
  std::memcpy(samples.data(), bytes.data(), samples.size() * 2);
  return samples;
}

// Amplitude of the frequency's component (Goertzel) in one block of samples.
double block_amplitude(Pcm block, double frequency, int rate) {
  const double w = 2 * std::numbers::pi * frequency / rate;
  double real = 0, imaginary = 0;
  for (std::size_t n = 0; n < block.size(); ++n) {
    real += block[n] * std::cos(w * double(n));
    imaginary += block[n] * std::sin(w * double(n));
  }
  return 2 * std::hypot(real, imaginary) / double(block.size());
}

// The tone's amplitude over the recording: the median over 100 ms blocks (10 Hz wide, so the small frequency
// offset of two sound cards' clocks does not matter; the median, so that a steady tone counts and speech,
// loud in a few blocks only, does not).
double tone_amplitude(Pcm samples, double frequency, int rate) {
  const std::size_t block = std::size_t(rate) / 10;
  std::vector<double> amplitudes;
  for (std::size_t at = 0; at + block <= samples.size(); at += block) {
    amplitudes.push_back(block_amplitude(samples.subspan(at, block), frequency, rate));
  }
  if (amplitudes.empty()) return 0;
  std::nth_element(amplitudes.begin(), amplitudes.begin() + std::ptrdiff_t(amplitudes.size() / 2),
                   amplitudes.end());
  return amplitudes[amplitudes.size() / 2];
}

// The clips are matched at 32 kHz whatever the recording's rate: the coarse search decimates by 4, which at
// 8 kHz would leave only the band below 1 kHz and miss the fricatives ("slash").
constexpr int kMatchRate = 32000;

// The clips of every word of every text, band-limited to the recording's rate, in order.
std::vector<std::vector<std::int16_t>> expected_clips(std::istream& texts, int rate) {
  SpokenVoice voice;
  std::vector<std::vector<std::int16_t>> clips;
  for (std::string text; std::getline(texts, text);) {
    if (text.empty()) continue;
    for (const auto& clip : voice.word_clips(voice.spell_text(text))) {
      clips.push_back(resample(resample(clip, alfabravo::kClipSampleRate, rate), rate, kMatchRate));
    }
    std::fill(text.begin(), text.end(), '\0');
  }
  return clips;
}

// Whether the recording holds the clips in order (printing the scores).
bool words_heard(Pcm recording, const std::vector<std::vector<std::int16_t>>& clips) {
  // Words follow each other within 3 s: the voice's gaps, a jitter buffer, the pause before a second text.
  // Every word must arrive whole: a word that only resembles its clip (a cut head, a lost packet) fails the
  // readout; the call test allows a few readouts for a machine that drops real-time audio now and then.
  const auto check = check_clip_sequence(recording, clips, std::size_t(3 * kMatchRate), 0.85);
  std::printf("%zu of %zu words heard in order; scores:", check.ok ? clips.size() : check.failed_index,
              clips.size());
  for (const auto& match : check.matches)
    std::printf(" %.3f@%.2fs", match.score, double(match.offset) / kMatchRate);
  std::printf("\n");
  if (!check.ok) {
    std::printf("word %zu is missing (or out of order)\n", check.failed_index + 1);
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3 && argc != 6) {
    std::cerr << "usage: call_transcript_check RATE RECORDING.raw [--tone HZ MIN_AMPLITUDE] < TEXTS\n";
    return 2;
  }
  const int rate = std::stoi(argv[1]);
  const auto recorded = read_raw(argv[2]);
  const auto recording = resample(recorded, rate, kMatchRate);
  const auto clips = expected_clips(std::cin, rate);
  if (clips.empty() && argc != 6) {
    std::cerr << "no words to look for\n";
    return 2;
  }
  bool ok = true;
  if (!clips.empty()) ok = words_heard(recording, clips);
  if (argc == 6) {
    const double hz = std::stod(argv[4]), expected = std::stod(argv[5]);
    const double amplitude = tone_amplitude(recorded, hz, rate);
    std::printf("tone %.0f Hz: amplitude %.0f (at least %.0f expected)\n", hz, amplitude, expected);
    if (amplitude < expected) ok = false;
  }
  return ok ? 0 : 1;
}
