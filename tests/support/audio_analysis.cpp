#include "audio_analysis.hpp"

#include <soxr.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <numeric>
#include <stdexcept>
#include <string>

namespace alfabravo::test {
namespace {

constexpr std::size_t kDecimation = 4;

std::vector<float> decimate(Pcm samples) {
  std::vector<float> out(samples.size() / kDecimation);
  for (std::size_t i = 0; i < out.size(); ++i) {
    float sum = 0;
    for (std::size_t j = 0; j < kDecimation; ++j)
      sum += samples[i * kDecimation + j];
    out[i] = sum / kDecimation;
  }
  return out;
}

template <class T>
double energy(std::span<const T> x) {
  double e = 0;
  for (const auto v : x)
    e += double(v) * double(v);
  return e;
}

// Normalised cross-correlation of clip at recording[offset...].
template <class T>
double ncc_at(std::span<const T> recording, std::span<const T> clip, double clip_energy, std::size_t offset) {
  double dot = 0;
  double rec_energy = 0;
  for (std::size_t i = 0; i < clip.size(); ++i) {
    const double r = recording[offset + i];
    dot += r * double(clip[i]);
    rec_energy += r * r;
  }
  if (rec_energy <= 0 || clip_energy <= 0) return 0;
  return dot / std::sqrt(rec_energy * clip_energy);
}

}  // namespace

double rms(Pcm samples) {
  if (samples.empty()) return 0.0;
  return std::sqrt(energy(samples) / double(samples.size()));
}

int peak(Pcm samples) {
  int result = 0;
  for (const auto s : samples)
    result = std::max(result, std::abs(int(s)));
  return result;
}

double seconds(std::size_t samples, int rate) {
  return static_cast<double>(samples) / rate;
}

std::vector<double> rms_envelope(Pcm samples, std::size_t window) {
  if (window == 0) throw std::invalid_argument("rms_envelope: window must be > 0");
  std::vector<double> out;
  for (std::size_t begin = 0; begin < samples.size(); begin += window) {
    const auto part = samples.subspan(begin, std::min(window, samples.size() - begin));
    out.push_back(std::sqrt(energy(part) / double(part.size())));
  }
  return out;
}

std::vector<double> rms_envelope_10ms(Pcm samples, int rate) {
  const auto window = static_cast<std::size_t>(rate / 100);
  return rms_envelope(samples.first(samples.size() - samples.size() % window), window);
}

double correlation(const std::vector<double>& a, const std::vector<double>& b) {
  const std::size_t n = std::min(a.size(), b.size());
  if (n < 2) return 0.0;
  const double mean_a = std::accumulate(a.begin(), a.begin() + static_cast<std::ptrdiff_t>(n), 0.0) / n;
  const double mean_b = std::accumulate(b.begin(), b.begin() + static_cast<std::ptrdiff_t>(n), 0.0) / n;
  double covariance = 0.0, variance_a = 0.0, variance_b = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    covariance += (a[i] - mean_a) * (b[i] - mean_b);
    variance_a += (a[i] - mean_a) * (a[i] - mean_a);
    variance_b += (b[i] - mean_b) * (b[i] - mean_b);
  }
  if (variance_a == 0.0 || variance_b == 0.0) return 0.0;
  return covariance / std::sqrt(variance_a * variance_b);
}

namespace {

// A coarse spectrogram: log energy in eight bands (Goertzel filters from 250 Hz to 6 kHz) of 20 ms windows
// every 10 ms, flattened frame by frame. Enough to tell vowels (formants) and fricatives apart.
constexpr std::size_t kBandCount = 8;
std::vector<double> band_spectrogram(Pcm samples, int rate) {
  static constexpr double kBands[kBandCount] = {250, 500, 1000, 1500, 2000, 3000, 4000, 6000};
  const std::size_t window = static_cast<std::size_t>(rate / 50);
  const std::size_t hop = static_cast<std::size_t>(rate / 100);
  std::vector<double> features;
  for (std::size_t start = 0; start + window <= samples.size(); start += hop) {
    for (const double frequency : kBands) {
      const double coefficient = 2.0 * std::cos(2.0 * 3.14159265358979323846 * frequency / rate);
      double s1 = 0.0, s2 = 0.0;
      for (std::size_t i = start; i < start + window; ++i) {
        const double s0 = samples[i] + coefficient * s1 - s2;
        s2 = s1;
        s1 = s0;
      }
      features.push_back(std::log1p(s1 * s1 + s2 * s2 - coefficient * s1 * s2));
    }
  }
  return features;
}

// The best correlation of two band spectrograms shifted against each other by up to 50 ms (where the trimmed
// silence ends varies by a frame or two, e.g. with the random noise of a fricative).
double spectral_similarity(Pcm a, Pcm b) {
  const auto features_a = band_spectrogram(a, kSpeechSampleRate);
  const auto features_b = band_spectrogram(b, kSpeechSampleRate);
  double best = -1.0;
  for (std::size_t shift = 0; shift <= 5; ++shift) {
    const std::size_t offset = shift * kBandCount;
    if (offset < features_a.size()) {
      best = std::max(
          best, correlation({features_a.begin() + static_cast<std::ptrdiff_t>(offset), features_a.end()},
                            features_b));
    }
    if (offset < features_b.size()) {
      best = std::max(best, correlation(features_a, {features_b.begin() + static_cast<std::ptrdiff_t>(offset),
                                                     features_b.end()}));
    }
  }
  return best;
}

}  // namespace

double word_similarity(Pcm a, Pcm b) {
  return (spectral_similarity(a, b) +
          correlation(rms_envelope_10ms(a, kSpeechSampleRate), rms_envelope_10ms(b, kSpeechSampleRate))) /
         2.0;
}

int identify_word(Pcm samples, const std::vector<std::vector<std::int16_t>>& references) {
  int best = -1;
  double best_similarity = -2.0;
  for (std::size_t i = 0; i < references.size(); ++i) {
    if (samples.empty() || references[i].empty()) continue;
    const double ratio = static_cast<double>(samples.size()) / static_cast<double>(references[i].size());
    if (ratio < 0.94 || ratio > 1.06) continue;
    const double similarity = word_similarity(samples, references[i]);
    if (similarity > best_similarity) {
      best_similarity = similarity;
      best = static_cast<int>(i);
    }
  }
  return best;
}

std::optional<std::size_t> first_non_silent(Pcm samples, int threshold) {
  for (std::size_t i = 0; i < samples.size(); ++i) {
    if (std::abs(int(samples[i])) > threshold) return i;
  }
  return std::nullopt;
}

std::optional<std::size_t> last_non_silent(Pcm samples, int threshold) {
  for (std::size_t i = samples.size(); i-- > 0;) {
    if (std::abs(int(samples[i])) > threshold) return i;
  }
  return std::nullopt;
}

std::vector<Burst> find_bursts(Pcm samples, int sample_rate, double min_silence_seconds,
                               double min_burst_seconds, int threshold) {
  const auto min_silence = static_cast<std::size_t>(min_silence_seconds * sample_rate);
  const auto min_burst = static_cast<std::size_t>(min_burst_seconds * sample_rate);
  std::vector<Burst> bursts;
  std::optional<Burst> current;
  for (std::size_t i = 0; i < samples.size(); ++i) {
    if (std::abs(int(samples[i])) <= threshold) continue;
    if (current && i - current->end < min_silence) {
      current->end = i + 1;
      continue;
    }
    if (current && current->end - current->begin >= min_burst) bursts.push_back(*current);
    current = Burst{i, i + 1};
  }
  if (current && current->end - current->begin >= min_burst) bursts.push_back(*current);
  return bursts;
}

int max_jump(Pcm samples, std::size_t begin, std::size_t end) {
  end = std::min(end, samples.size() > 0 ? samples.size() - 1 : 0);
  int jump = 0;
  for (std::size_t i = begin; i < end; ++i) {
    jump = std::max(jump, std::abs(int(samples[i + 1]) - int(samples[i])));
  }
  return jump;
}

namespace {

// Normalised cross-correlation of clip at each decimated offset in [from, to] (full-rate offsets).
std::vector<double> coarse_scores(Pcm recording, Pcm clip, std::size_t from, std::size_t to) {
  const auto rec_d = decimate(recording);
  const auto clip_d = decimate(clip);
  const std::span<const float> rec_s(rec_d);
  const std::span<const float> clip_s(clip_d);
  const double clip_energy = energy(clip_s);
  std::vector<double> scores;
  for (std::size_t k = from / kDecimation; k <= to / kDecimation && k + clip_d.size() <= rec_d.size(); ++k) {
    scores.push_back(ncc_at(rec_s, clip_s, clip_energy, k));
  }
  return scores;
}

// The best full-rate match near a coarse (decimated) index.
ClipMatch refine(Pcm recording, Pcm clip, std::size_t coarse, std::size_t from, std::size_t to) {
  const double clip_energy = energy(clip);
  ClipMatch best{};
  best.score = -2;
  const std::size_t centre = coarse * kDecimation;
  const std::size_t lo = centre >= 2 * kDecimation ? std::max(from, centre - 2 * kDecimation) : from;
  const std::size_t hi = std::min(to, centre + 2 * kDecimation);
  for (std::size_t k = lo; k <= hi; ++k) {
    const double score = ncc_at(recording, clip, clip_energy, k);
    if (score > best.score) best = {k, score};
  }
  return best;
}

bool usable(Pcm recording, Pcm clip, std::size_t from, std::size_t& to) {
  if (clip.size() < 4 * kDecimation || recording.size() < clip.size()) return false;
  to = std::min(to, recording.size() - clip.size());
  return from <= to;
}

// The earliest place in [from, to] where the clip scores at least min_score (the first of repeated words).
std::optional<ClipMatch> find_first_clip(Pcm recording, Pcm clip, std::size_t from, std::size_t to,
                                         double min_score) {
  if (!usable(recording, clip, from, to)) return std::nullopt;
  const auto scores = coarse_scores(recording, clip, from, to);
  const std::size_t base = from / kDecimation;
  std::optional<ClipMatch> best;
  const std::size_t neighbourhood = 64;  // coarse steps: ~12 ms at 22050 Hz
  for (std::size_t i = 0; i < scores.size(); ++i) {
    // Decimation blurs the peak a little: look closer wherever the coarse score comes near.
    if (scores[i] < min_score - 0.2) continue;
    const std::size_t end = std::min(scores.size(), i + neighbourhood);
    const std::size_t peak = std::size_t(
        std::max_element(scores.begin() + std::ptrdiff_t(i), scores.begin() + std::ptrdiff_t(end)) -
        scores.begin());
    const ClipMatch match = refine(recording, clip, base + peak, from, to);
    if (!best || match.score > best->score) best = match;
    if (match.score >= min_score) return match;
    i = end - 1;
  }
  if (best) return best;
  const auto peak = std::size_t(std::max_element(scores.begin(), scores.end()) - scores.begin());
  return scores.empty() ? std::nullopt : std::optional(refine(recording, clip, base + peak, from, to));
}

}  // namespace

std::optional<ClipMatch> find_clip(Pcm recording, Pcm clip, std::size_t from, std::size_t to) {
  if (!usable(recording, clip, from, to)) return std::nullopt;
  const auto scores = coarse_scores(recording, clip, from, to);
  if (scores.empty()) return std::nullopt;
  const auto peak = std::size_t(std::max_element(scores.begin(), scores.end()) - scores.begin());
  return refine(recording, clip, from / kDecimation + peak, from, to);
}

TranscriptCheck check_clip_sequence(Pcm recording, const std::vector<std::vector<std::int16_t>>& clips,
                                    std::size_t max_gap, double min_score) {
  TranscriptCheck result;
  std::size_t from = 0;
  std::size_t to = recording.size();
  for (std::size_t i = 0; i < clips.size(); ++i) {
    const auto match = find_first_clip(recording, clips[i], from, to, min_score);
    if (!match || match->score < min_score) {
      result.failed_index = i;
      if (match) result.matches.push_back(*match);
      return result;
    }
    result.matches.push_back(*match);
    // The next clip starts after this one ends (a little slack for the match's precision).
    const std::size_t end = match->offset + clips[i].size();
    from = end > 64 ? end - 64 : 0;
    to = end + max_gap;
  }
  result.ok = true;
  return result;
}

void keep_recording(const std::string& name, Pcm samples) {
  const char* dir = std::getenv("ALFABRAVO_TEST_RECORDINGS");
  if (dir == nullptr || *dir == '\0') return;
  std::ofstream out(std::string(dir) + "/" + name + ".raw", std::ios::binary);
  out.write(reinterpret_cast<const char*>(samples.data()),
            std::streamsize(samples.size() * sizeof(std::int16_t)));
}

std::vector<std::int16_t> resample(Pcm samples, int from_rate, int to_rate) {
  if (from_rate == to_rate) return {samples.begin(), samples.end()};
  std::vector<std::int16_t> out(static_cast<std::size_t>(double(samples.size()) * to_rate / from_rate) + 16);
  std::size_t done = 0;
  const soxr_io_spec_t io = soxr_io_spec(SOXR_INT16_I, SOXR_INT16_I);
  const soxr_quality_spec_t quality = soxr_quality_spec(SOXR_HQ, 0);
  const soxr_error_t error = soxr_oneshot(from_rate, to_rate, 1, samples.data(), samples.size(), nullptr,
                                          out.data(), out.size(), &done, &io, &quality, nullptr);
  if (error) throw std::runtime_error(std::string("soxr: ") + error);
  out.resize(done);
  return out;
}

}  // namespace alfabravo::test
