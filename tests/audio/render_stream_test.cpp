// A render streamed piece by piece gives exactly the bytes of the whole-file encoder it replaced: libsoxr's
// one-shot conversion of the whole utterance and libsndfile writing the whole file into memory (kept below as
// the reference). Every format, lengths around the edges, pieces from one sample to the whole, a real
// spelling with pauses, and reads of every size the daemon or anyone might ask for.
#include "audio/render_stream.hpp"

#include <gtest/gtest.h>
#include <sndfile.h>

#include <alfabravo/build_config.hpp>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
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

TEST_P(EachFormat, TheStreamedRenderOfARealSpellingIsTheWholeFile) {
  const RenderFormat format = GetParam();
  auto voice = load_voice_file(std::filesystem::path(build::kSourceVoicesDir) / "en.toml");
  ASSERT_TRUE(voice) << voice.error().message;
  SpellingOptions options;
  options.mode = SpellMode::password;  // pauses between the groups, a character name ("é")
  auto utterance = spell("Ab3/x\xc3\xa9Z9k-Kilo 42?", *voice, options);
  ASSERT_TRUE(utterance) << utterance.error().message;
  Synthesizer synthesizer;
  ClipLibrary library(synthesizer, ClipLibraryOptions{std::nullopt});
  const auto whole = compose(*utterance, library, voice->synthesis, voice->pauses.word);
  const auto expected = reference_file(whole.samples, format);

  for (const std::size_t read_size : {std::size_t{1000}, std::size_t{32 * 1024}, std::size_t{256 * 1024}}) {
    SCOPED_TRACE("reads of " + std::to_string(read_size));
    RenderStream stream(*utterance, library, voice->synthesis, voice->pauses.word, format);
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

}  // namespace
}  // namespace alfabravo
