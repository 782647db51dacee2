// The encoder fed piece by piece gives exactly the bytes of the whole-file encoder it replaced: libsoxr's
// one-shot conversion and libsndfile writing the whole file into memory (kept below as the reference). Every
// format, lengths around the edges, pieces from one sample to the whole. A render of a real spelling with
// pauses, read in every size the daemon or anyone might ask for, is the file of its samples; those are made
// of clips converted one by one, compared with the whole utterance's conversion (spectra and SNR).
#include "audio/render_stream.hpp"

#include <gtest/gtest.h>
#include <sndfile.h>

#include <alfabravo/build_config.hpp>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "audio/clip_library.hpp"
#include "audio/render_encoder.hpp"
#include "audio/resample.hpp"
#include "audio/synthesizer.hpp"
#include "audio/utterance_audio.hpp"
#include "spelling/speller.hpp"
#include "voice/voice_loader.hpp"

namespace alfabravo {
namespace {

// --- The reference: the whole file at once, as libsndfile writes it into a seekable memory file. ---

struct MemoryFile {
  std::vector<std::uint8_t> bytes;
  sf_count_t position = 0;
};

MemoryFile& file_of(void* user) {
  return *static_cast<MemoryFile*>(user);
}

sf_count_t memory_seek(sf_count_t offset, int whence, void* user) {
  auto& file = file_of(user);
  const sf_count_t base = whence == SEEK_SET   ? 0
                          : whence == SEEK_CUR ? file.position
                                               : static_cast<sf_count_t>(file.bytes.size());
  file.position = base + offset;
  return file.position;
}

sf_count_t memory_write(const void* source, sf_count_t count, void* user) {
  auto& file = file_of(user);
  const auto end = static_cast<std::size_t>(file.position + count);
  if (end > file.bytes.size()) file.bytes.resize(end);
  std::memcpy(file.bytes.data() + file.position, source, static_cast<std::size_t>(count));
  file.position += count;
  return count;
}

int whole_file_format(RenderFormat format) {
  if (format == RenderFormat::ulaw) return SF_FORMAT_RAW | SF_FORMAT_ULAW;
  if (format == RenderFormat::alaw) return SF_FORMAT_RAW | SF_FORMAT_ALAW;
  return SF_FORMAT_WAV | SF_FORMAT_PCM_16;
}

std::vector<std::uint8_t> reference_file(std::span<const Sample> pcm, RenderFormat format) {
  const auto samples = resample(pcm, kClipSampleRate, sample_rate(format));
  SF_VIRTUAL_IO io{};
  io.get_filelen = [](void* user) { return static_cast<sf_count_t>(file_of(user).bytes.size()); };
  io.seek = memory_seek;
  io.read = [](void*, sf_count_t, void*) -> sf_count_t { return 0; };
  io.write = memory_write;
  io.tell = [](void* user) { return file_of(user).position; };
  SF_INFO info{};
  info.samplerate = sample_rate(format);
  info.channels = 1;
  info.format = whole_file_format(format);
  MemoryFile file;
  SNDFILE* sndfile = sf_open_virtual(&io, SFM_WRITE, &info, &file);
  if (sndfile == nullptr) throw std::runtime_error(sf_strerror(nullptr));
  if (!samples.empty()) sf_write_short(sndfile, samples.data(), static_cast<sf_count_t>(samples.size()));
  sf_close(sndfile);
  return file.bytes;
}

// --- Audio to encode. ---

// Speech, silence and a loud noise burst (clipping in the resampler's output): what the filters must carry.
std::vector<Sample> test_signal(std::size_t length) {
  Synthesizer synthesizer;
  const Clip clip = synthesizer.synthesize("Charlie", SynthesisSettings{"en-gb", 150, 50, 100}).get();
  std::mt19937 random(7);
  std::vector<Sample> signal;
  signal.reserve(length);
  while (signal.size() < length) {
    signal.insert(signal.end(), clip.samples.begin(), clip.samples.end());
    signal.insert(signal.end(), 1000, Sample{0});
    for (int i = 0; i < 3000; ++i)
      signal.push_back(static_cast<Sample>(random() % 2 ? 32767 : -32768));
  }
  signal.resize(length);
  return signal;
}

std::vector<std::uint8_t> encode_in_pieces(std::span<const Sample> pcm, RenderFormat format,
                                           std::size_t piece) {
  RenderEncoder encoder(format, pcm.size());
  std::vector<std::uint8_t> bytes;
  for (std::size_t at = 0; at < pcm.size(); at += piece)
    encoder.encode(pcm.subspan(at, std::min(piece, pcm.size() - at)), bytes);
  encoder.finish(bytes);
  EXPECT_EQ(bytes.size(), encoder.file_bytes());
  return bytes;
}

class EachFormat : public ::testing::TestWithParam<RenderFormat> {};

TEST_P(EachFormat, PiecesOfAnySizeGiveTheWholeFileEncodersBytes) {
  const RenderFormat format = GetParam();
  const auto signal = test_signal(50'000);
  for (const std::size_t length : {0, 1, 2, 3, 11, 4095, 4096, 4097, 50'000}) {
    const std::span<const Sample> pcm(signal.data(), length);
    const auto expected = reference_file(pcm, format);
    for (const std::size_t piece : {1, 7, 1000, 4096, 50'000}) {
      if (piece == 1 && length > 5000) continue;  // one sample at a time: only the short lengths
      SCOPED_TRACE("length " + std::to_string(length) + ", pieces of " + std::to_string(piece));
      EXPECT_EQ(encode_in_pieces(pcm, format, piece), expected);
    }
    EXPECT_EQ(encode_audio(pcm, format), expected) << "length " << length;
  }
}

// --- How far a render made of clips converted one by one is from the conversion of the whole utterance. ---

// Magnitude (dB) of consecutive frames of 20 ms, at 48 frequencies up to 90 % of the band both signals share.
std::vector<std::vector<double>> spectrogram(std::span<const Sample> samples, int rate) {
  const std::size_t frame = static_cast<std::size_t>(rate) / 50;
  const double top = 0.9 * std::min(rate, kClipSampleRate) / 2;
  std::vector<std::vector<double>> frames;
  for (std::size_t start = 0; start + frame <= samples.size(); start += frame) {
    std::vector<double> bins;
    for (int b = 1; b <= 48; ++b) {
      const double w = 2 * M_PI * (top * b / 48) / rate;
      double re = 0, im = 0;
      for (std::size_t i = 0; i < frame; ++i) {
        const double hann = 0.5 - 0.5 * std::cos(2 * M_PI * double(i) / double(frame));
        re += hann * samples[start + i] * std::cos(w * double(i));
        im -= hann * samples[start + i] * std::sin(w * double(i));
      }
      bins.push_back(10 * std::log10(re * re + im * im + 1e-9));
    }
    frames.push_back(std::move(bins));
  }
  return frames;
}

struct Closeness {
  double spectral_db;  // mean |dB difference| over the bins within 50 dB of the loudest, in speech frames
  double snr_db;       // energy of the reference over that of the difference, sample by sample
};

Closeness closeness(std::span<const Sample> candidate, std::span<const Sample> reference, int rate) {
  const auto a = spectrogram(candidate, rate);
  const auto b = spectrogram(reference, rate);
  double loudest = -1e9;
  for (const auto& frame : b)
    for (const double db : frame)
      loudest = std::max(loudest, db);
  double sum = 0;
  std::size_t count = 0;
  for (std::size_t f = 0; f < std::min(a.size(), b.size()); ++f) {
    for (std::size_t k = 0; k < b[f].size(); ++k) {
      if (b[f][k] < loudest - 50 && a[f][k] < loudest - 50) continue;
      sum += std::abs(std::max(a[f][k], loudest - 50) - std::max(b[f][k], loudest - 50));
      ++count;
    }
  }
  double signal = 0, noise = 0;
  for (std::size_t i = 0; i < std::min(candidate.size(), reference.size()); ++i) {
    signal += double(reference[i]) * reference[i];
    noise += (double(candidate[i]) - reference[i]) * (double(candidate[i]) - reference[i]);
  }
  return {count ? sum / double(count) : 0, 10 * std::log10(signal / (noise + 1e-9))};
}

std::vector<Sample> read_all(UtteranceSamples& samples) {
  std::vector<Sample> all(samples.size() + 10);
  all.resize(samples.read(all));
  return all;
}

class RealSpelling : public ::testing::TestWithParam<RenderFormat> {
 protected:
  void SetUp() override {
    auto loaded = load_voice_file(std::filesystem::path(build::kSourceVoicesDir) / "en.toml");
    ASSERT_TRUE(loaded) << loaded.error().message;
    voice = *loaded;
    SpellingOptions options;
    options.mode = SpellMode::password;  // pauses between the groups, a character name ("é")
    auto spelled = spell("Ab3/x\xc3\xa9Z9k-Kilo 42?", voice, options);
    ASSERT_TRUE(spelled) << spelled.error().message;
    utterance = *spelled;
  }
  Voice voice;
  Utterance utterance;
  Synthesizer synthesizer;
  ClipLibrary library{synthesizer, ClipLibraryOptions{std::nullopt}};
};

// Reads of any size give the same file, whose samples are the layout of UtteranceSamples at the format's
// rate.
TEST_P(RealSpelling, TheStreamedRenderIsTheFileOfItsSamples) {
  const RenderFormat format = GetParam();
  UtteranceSamples laid_out(utterance, library, voice.synthesis, voice.pauses.word, sample_rate(format));
  const auto samples = read_all(laid_out);
  EXPECT_EQ(samples.size(), laid_out.size());
  RenderEncoder encoder(format, samples.size(), sample_rate(format));
  std::vector<std::uint8_t> expected;
  encoder.encode(samples, expected);
  encoder.finish(expected);
  if (format == RenderFormat::wav22k) {  // no conversion: exactly the whole utterance's file, as before
    EXPECT_EQ(expected, reference_file(
                            compose(utterance, library, voice.synthesis, voice.pauses.word).samples, format));
  }
  for (const std::size_t read_size : {std::size_t{1000}, std::size_t{32 * 1024}, std::size_t{256 * 1024}}) {
    SCOPED_TRACE("reads of " + std::to_string(read_size));
    RenderStream stream(utterance, library, voice.synthesis, voice.pauses.word, format);
    EXPECT_EQ(stream.file_bytes(), expected.size());
    std::vector<std::uint8_t> bytes;
    while (!stream.finished()) {
      const std::size_t before = bytes.size();
      stream.read(bytes, read_size);
      ASSERT_EQ(bytes.size() - before, std::min(read_size, expected.size() - before)) << "short read";
    }
    EXPECT_EQ(bytes, expected);
    stream.read(bytes, read_size);
    EXPECT_EQ(bytes.size(), expected.size()) << "nothing after the end";
  }
}

// The clips converted one by one against libsoxr's conversion of the whole utterance (what renders were
// before): the same length, the same spectrum frame by frame. Sample by sample they differ by each word
// starting up to half an output sample apart (a phase shift, inaudible: 62 us at 8 kHz).
class ConvertedRealSpelling : public RealSpelling {};

TEST_P(ConvertedRealSpelling, ClipsConvertedOneByOneSoundLikeTheWholeUtteranceConverted) {
  const int rate = sample_rate(GetParam());
  const auto whole = compose(utterance, library, voice.synthesis, voice.pauses.word).samples;
  const auto reference = resample(whole, kClipSampleRate, rate);
  UtteranceSamples laid_out(utterance, library, voice.synthesis, voice.pauses.word, rate);
  const auto samples = read_all(laid_out);
  ASSERT_EQ(samples.size(), reference.size());
  const Closeness close = closeness(samples, reference, rate);
  std::cout << "at " << rate << " Hz: spectra " << close.spectral_db << " dB apart on average, SNR "
            << close.snr_db << " dB\n";
  EXPECT_LT(close.spectral_db, 0.5);
  EXPECT_GT(close.snr_db, 10.0);
}

TEST(StreamedRender, AWordWithoutClipTextFailsBeforeAnyByte) {
  Synthesizer synthesizer;
  ClipLibrary library(synthesizer, ClipLibraryOptions{std::nullopt});
  Token broken;
  broken.kind = TokenKind::letter;
  EXPECT_THROW(RenderStream({broken}, library, SynthesisSettings{"en-gb", 150, 50, 100},
                            std::chrono::milliseconds(100), RenderFormat::wav8k),
               std::invalid_argument);
}

INSTANTIATE_TEST_SUITE_P(AllFormats, EachFormat,
                         ::testing::ValuesIn(all_render_formats().begin(), all_render_formats().end()),
                         [](const auto& info) { return std::string(to_string(info.param)); });
INSTANTIATE_TEST_SUITE_P(AllFormats, RealSpelling,
                         ::testing::ValuesIn(all_render_formats().begin(), all_render_formats().end()),
                         [](const auto& info) { return std::string(to_string(info.param)); });
// The formats at another rate than the clips' (wav22k is checked byte for byte above).
INSTANTIATE_TEST_SUITE_P(ConvertedFormats, ConvertedRealSpelling,
                         ::testing::Values(RenderFormat::wav8k, RenderFormat::wav16k, RenderFormat::wav48k,
                                           RenderFormat::ulaw, RenderFormat::alaw),
                         [](const auto& info) { return std::string(to_string(info.param)); });

}  // namespace
}  // namespace alfabravo
