// Rendering to file formats, checked by libsndfile, by SoX (an independent decoder) and by ear-shaped maths:
// the decoded audio's loudness envelope must follow the original's.
#include "audio/render_encoder.hpp"

#include <gtest/gtest.h>
#include <sndfile.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "audio/synthesizer.hpp"
#include "audio_analysis.hpp"
#include "temp_dir.hpp"

namespace alfabravo {
namespace {

using test::correlation;
using test::rms_envelope_10ms;
using test::TempDir;

// "Alfa Bravo Charlie" with gaps: real speech, 1.5 s or so.
const std::vector<Sample>& speech() {
  static const std::vector<Sample> samples = [] {
    Synthesizer synthesizer;
    const SynthesisSettings settings{"en-gb", 150, 50, 100};
    std::vector<Sample> joined;
    for (const std::string word : {"Alfa", "Bravo", "Charlie"}) {
      const Clip clip = synthesizer.synthesize(word, settings).get();
      joined.insert(joined.end(), clip.samples.begin(), clip.samples.end());
      joined.insert(joined.end(), kClipSampleRate / 8, Sample{0});
    }
    return joined;
  }();
  return samples;
}

double duration_of(const std::vector<Sample>& samples) {
  return static_cast<double>(samples.size()) / kClipSampleRate;
}

bool is_raw(RenderFormat format) {
  return format == RenderFormat::ulaw || format == RenderFormat::alaw;
}

std::string sox_type_options(RenderFormat format) {
  if (format == RenderFormat::ulaw) return "-t ul -r 8000 -c 1";
  if (format == RenderFormat::alaw) return "-t al -r 8000 -c 1";
  return "-t wav";
}

std::string run(const std::string& command) {
  std::string output;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return output;
  char buffer[256];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr)
    output += buffer;
  const int status = ::pclose(pipe);
  if (status != 0) output += "\n<exit status " + std::to_string(status) + ">";
  return output;
}

std::vector<std::uint8_t> read_bytes(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_bytes(const std::filesystem::path& file, const std::vector<std::uint8_t>& bytes) {
  std::ofstream(file, std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

// libsndfile reading the encoded bytes back from memory.
struct Decoded {
  SF_INFO info{};
  std::vector<Sample> samples;
};

struct ByteSource {
  const std::vector<std::uint8_t>* bytes;
  sf_count_t position = 0;
};

Decoded decode_with_libsndfile(const std::vector<std::uint8_t>& bytes, RenderFormat format) {
  SF_VIRTUAL_IO io{};
  io.get_filelen = [](void* user) {
    return static_cast<sf_count_t>(static_cast<ByteSource*>(user)->bytes->size());
  };
  io.seek = [](sf_count_t offset, int whence, void* user) {
    auto* source = static_cast<ByteSource*>(user);
    const sf_count_t base = whence == SEEK_SET   ? 0
                            : whence == SEEK_CUR ? source->position
                                                 : static_cast<sf_count_t>(source->bytes->size());
    source->position = base + offset;
    return source->position;
  };
  io.read = [](void* destination, sf_count_t count, void* user) {
    auto* source = static_cast<ByteSource*>(user);
    const sf_count_t left = static_cast<sf_count_t>(source->bytes->size()) - source->position;
    const sf_count_t n = std::max<sf_count_t>(0, std::min(count, left));
    if (n > 0)
      std::memcpy(destination, source->bytes->data() + source->position, static_cast<std::size_t>(n));
    source->position += n;
    return n;
  };
  io.write = [](const void*, sf_count_t, void*) -> sf_count_t { return 0; };
  io.tell = [](void* user) { return static_cast<ByteSource*>(user)->position; };

  ByteSource source{&bytes};
  Decoded decoded;
  if (is_raw(format)) {  // headerless: the reader must be told what it is
    decoded.info.samplerate = 8000;
    decoded.info.channels = 1;
    decoded.info.format = SF_FORMAT_RAW | (format == RenderFormat::ulaw ? SF_FORMAT_ULAW : SF_FORMAT_ALAW);
  }
  SNDFILE* file = sf_open_virtual(&io, SFM_READ, &decoded.info, &source);
  if (file == nullptr) {
    ADD_FAILURE() << "libsndfile cannot open the " << to_string(format) << " bytes: " << sf_strerror(nullptr);
    return decoded;
  }
  decoded.samples.resize(static_cast<std::size_t>(decoded.info.frames));
  decoded.samples.resize(
      static_cast<std::size_t>(sf_read_short(file, decoded.samples.data(), decoded.info.frames)));
  sf_close(file);
  return decoded;
}

TEST(RenderFormatNames, ParseAndPrint) {
  for (const RenderFormat format : all_render_formats()) {
    EXPECT_EQ(parse_render_format(to_string(format)), format);
  }
  EXPECT_EQ(parse_render_format("wav"), RenderFormat::wav22k);
  EXPECT_EQ(parse_render_format("wav8k"), RenderFormat::wav8k);
  EXPECT_EQ(parse_render_format("ulaw"), RenderFormat::ulaw);
  EXPECT_EQ(to_string(RenderFormat::wav48k), "wav48k");
  for (const char* bad : {"", "WAV", "mp3", "wav44k", "ulaw ", "pcmu"})
    EXPECT_FALSE(parse_render_format(bad)) << bad;
  EXPECT_EQ(all_render_formats().size(), 6u);
}

TEST(RenderFormatNames, RatesTypesAndExtensions) {
  EXPECT_EQ(sample_rate(RenderFormat::wav8k), 8000);
  EXPECT_EQ(sample_rate(RenderFormat::wav16k), 16000);
  EXPECT_EQ(sample_rate(RenderFormat::wav22k), 22050);
  EXPECT_EQ(sample_rate(RenderFormat::wav48k), 48000);
  EXPECT_EQ(sample_rate(RenderFormat::ulaw), 8000);
  EXPECT_EQ(sample_rate(RenderFormat::alaw), 8000);
  EXPECT_EQ(mime_type(RenderFormat::wav8k), "audio/wav");
  EXPECT_EQ(mime_type(RenderFormat::ulaw), "audio/basic");
  EXPECT_EQ(mime_type(RenderFormat::alaw), "audio/x-alaw-basic");
  EXPECT_EQ(file_extension(RenderFormat::wav16k), ".wav");
  EXPECT_EQ(file_extension(RenderFormat::ulaw), ".ulaw");
  EXPECT_EQ(file_extension(RenderFormat::alaw), ".alaw");
}

class RenderEachFormat : public ::testing::TestWithParam<RenderFormat> {};

TEST_P(RenderEachFormat, LibsndfileReadsTheRightRateChannelsAndLength) {
  const RenderFormat format = GetParam();
  const auto bytes = encode_audio(speech(), format);
  const Decoded decoded = decode_with_libsndfile(bytes, format);
  EXPECT_EQ(decoded.info.samplerate, sample_rate(format));
  EXPECT_EQ(decoded.info.channels, 1);
  const double expected_frames = duration_of(speech()) * sample_rate(format);
  EXPECT_NEAR(static_cast<double>(decoded.info.frames), expected_frames, 2.0);
  EXPECT_EQ(decoded.samples.size(), static_cast<std::size_t>(decoded.info.frames));
  if (is_raw(format)) {
    EXPECT_NEAR(static_cast<double>(bytes.size()), duration_of(speech()) * 8000, 2.0)
        << "one byte per sample";
  } else {
    EXPECT_EQ(decoded.info.format, SF_FORMAT_WAV | SF_FORMAT_PCM_16);
    // The canonical 44-byte header Asterisk and most PBXs expect: RIFF, WAVE, a 16-byte PCM fmt chunk, data.
    ASSERT_GT(bytes.size(), 44u);
    EXPECT_EQ(std::string(bytes.begin(), bytes.begin() + 4), "RIFF");
    EXPECT_EQ(std::string(bytes.begin() + 8, bytes.begin() + 16), "WAVEfmt ");
    EXPECT_EQ(bytes[16], 16);  // fmt chunk size
    EXPECT_EQ(bytes[20], 1);   // WAVE_FORMAT_PCM
    EXPECT_EQ(std::string(bytes.begin() + 36, bytes.begin() + 40), "data");
    EXPECT_EQ(bytes.size(), 44 + 2 * static_cast<std::size_t>(decoded.info.frames));
  }
}

TEST_P(RenderEachFormat, SoxDecodesItToTheSameWords) {
  const RenderFormat format = GetParam();
  TempDir directory;
  const auto file = directory.path() / (std::string("speech") + std::string(file_extension(format)));
  write_bytes(file, encode_audio(speech(), format));
  const int rate = sample_rate(format);

  if (!is_raw(format)) {
    // soxi's view of the header.
    EXPECT_EQ(run("soxi -r '" + file.string() + "'"), std::to_string(rate) + "\n");
    EXPECT_EQ(run("soxi -c '" + file.string() + "'"), "1\n");
    EXPECT_EQ(run("soxi -b '" + file.string() + "'"), "16\n");
    const double soxi_seconds = std::stod(run("soxi -D '" + file.string() + "'"));
    EXPECT_NEAR(soxi_seconds, duration_of(speech()), 2.0 / rate);
  }

  const auto raw = directory.path() / "decoded.raw";
  const std::string decode = "sox " + sox_type_options(format) + " '" + file.string() +
                             "' -t raw -e signed-integer -b 16 -c 1 '" + raw.string() + "' 2>&1";
  ASSERT_EQ(run(decode), "");
  const auto bytes = read_bytes(raw);
  std::vector<Sample> decoded(bytes.size() / 2);
  if (!decoded.empty())
    std::memcpy(decoded.data(), bytes.data(), decoded.size() * 2);  // SoX writes the host's byte order
  EXPECT_NEAR(static_cast<double>(decoded.size()), duration_of(speech()) * rate, 2.0);

  // Where the words are loud and where the gaps are silent matches the original, 10 ms by 10 ms.
  const auto original = rms_envelope_10ms(speech(), kClipSampleRate);
  const auto heard = rms_envelope_10ms(decoded, rate);
  EXPECT_GT(correlation(original, heard), 0.9);
  EXPECT_NEAR(static_cast<double>(heard.size()), static_cast<double>(original.size()), 1.0);
  // And it is not just any speech: the same words reversed do not match.
  auto reversed = original;
  std::reverse(reversed.begin(), reversed.end());
  EXPECT_LT(correlation(reversed, heard), 0.5);
}

TEST_P(RenderEachFormat, EmptyAudioIsAValidEmptyFile) {
  const RenderFormat format = GetParam();
  const auto bytes = encode_audio({}, format);
  if (is_raw(format)) {
    EXPECT_TRUE(bytes.empty());
  } else {
    EXPECT_EQ(bytes.size(), 44u);
    EXPECT_EQ(decode_with_libsndfile(bytes, format).info.frames, 0);
  }
}

INSTANTIATE_TEST_SUITE_P(AllFormats, RenderEachFormat,
                         ::testing::ValuesIn(all_render_formats().begin(), all_render_formats().end()),
                         [](const auto& info) { return std::string(to_string(info.param)); });

}  // namespace
}  // namespace alfabravo
