// The hand-written JSON of the hot replies against nlohmann's dump of the same values: byte for byte, for
// every ASCII character, multi-byte UTF-8, invalid UTF-8 of each kind, ids of both types, and whole
// transcript lines built both ways.
#include "protocol/json_text.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "dom_transcript_line.hpp"
#include "protocol/base64.hpp"
#include "protocol/events.hpp"
#include "protocol/line_checks.hpp"

namespace alfabravo {
namespace {

std::string nlohmann_dump(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string written(std::string_view text) {
  std::string out;
  json_text::append_string(out, text);
  return out;
}

TEST(JsonText, EveryAsciiCharacterIsEscapedAsNlohmannDoes) {
  for (int c = 0; c < 0x80; ++c) {
    const std::string text = "a" + std::string(1, static_cast<char>(c)) + "b";
    EXPECT_EQ(written(text), nlohmann_dump(text)) << "character " << c;
  }
  std::string all;
  for (int c = 1; c < 0x80; ++c)
    all += static_cast<char>(c);
  EXPECT_EQ(written(all), nlohmann_dump(all));
  EXPECT_EQ(written(std::string("\0x", 2)), nlohmann_dump(std::string("\0x", 2)));
  EXPECT_EQ(written(""), "\"\"");
}

TEST(JsonText, Utf8PassesAndInvalidUtf8IsReplacedAsNlohmannDoes) {
  const std::vector<std::string> texts = {
      "\xc3\xa9",
      "Z\xc3\xbcrich \xe2\x82\xac \xf0\x9f\x98\x80 \xe4\xb8\xad",  // valid: 2, 3 and 4 bytes
      "\xff",
      "a\xc3",
      "\xc3(",
      "\xe2\x82",
      "\xed\xa0\x80",  // invalid byte, cut, surrogate
      "\xc0\xaf",
      "\xe0\x80\xaf",
      "\xf4\x90\x80\x80",
      "\xf8\x88\x80\x80\x80",  // overlong, > U+10FFFF
      "ok\xc3\xa9\"\n\xfe\x01",
  };
  for (const auto& text : texts)
    EXPECT_EQ(written(text), nlohmann_dump(text)) << ::testing::PrintToString(text);
}

// Each special byte, and each kind of UTF-8 (valid or not), at every offset of a longer text: written as
// nlohmann writes it, and escaped_size() (which sizes the transcript line) agreeing with what is written,
// as append_escaped() and write_escaped() write it.
TEST(JsonText, SpecialBytesAtEveryOffsetOfLongText) {
  std::vector<std::string> specials = {"\"",   "\\",   "\x1f", "\x7f", "\xc3\xa9", "\xf0\x9f\x98\x80",
                                       "\xff", "\xc3("};
  for (int c = 0; c < 0x20; ++c)
    specials.emplace_back(1, static_cast<char>(c));
  for (const auto& special : specials) {
    for (std::size_t offset = 0; offset < 24; ++offset) {
      const std::string text = std::string(offset, 'k') + special + std::string(24 - offset, 'z');
      const std::string out = written(text);
      EXPECT_EQ(out, nlohmann_dump(text)) << ::testing::PrintToString(text);
      const std::size_t size = json_text::escaped_size(text);
      const bool valid = size != json_text::kNotUtf8;
      if (valid) {
        EXPECT_EQ(size + 2, out.size()) << ::testing::PrintToString(text);
        std::string raw(size, '\0');
        EXPECT_EQ(json_text::write_escaped(raw.data(), text), raw.data() + size)
            << ::testing::PrintToString(text);
        EXPECT_EQ('"' + raw + '"', out) << ::testing::PrintToString(text);
      }
      EXPECT_EQ(valid, !find_invalid_utf8(text).has_value()) << ::testing::PrintToString(text);
    }
  }
}

TEST(JsonText, NumbersAndIdsAsNlohmannWritesThem) {
  for (const std::uint64_t n : {std::uint64_t{0}, std::uint64_t{7}, std::uint64_t{9}, std::uint64_t{10},
                                std::uint64_t{4096}, std::numeric_limits<std::uint64_t>::max()}) {
    std::string out;
    json_text::append_number(out, n);
    EXPECT_EQ(out, nlohmann_dump(n));
    EXPECT_EQ(json_text::number_size(n), out.size()) << n;
  }
  for (const RequestId& id :
       {RequestId{std::int64_t{0}}, RequestId{std::int64_t{-42}},
        RequestId{std::numeric_limits<std::int64_t>::min()}, RequestId{std::string("d17")},
        RequestId{std::string("a \"quoted\"\tid\xc3\xa9")}}) {
    std::string out;
    json_text::append_id(out, id);
    EXPECT_EQ(out, nlohmann_dump(to_json_id(id)));
  }
}

TEST(JsonText, TranscriptLineIsTheDomBuiltLine) {
  const std::vector<TranscriptWord> words = {{"capital Alfa", 0, "letter"},
                                             {"three", 1, "digit"},
                                             {"", 2, "symbol"},
                                             {"\xc3\xa9 \"e acute\"", 3, "character_name"},
                                             {"tab\t\x01", 4096, "symbol"},
                                             {"\xc3", 5, "character_name"}};
  for (const RequestId& id : {RequestId{std::int64_t{12}}, RequestId{std::string("t")}}) {
    // Up to 5 words: all valid UTF-8, one of them empty (left out of the transcript); 6: one is cut short.
    for (std::size_t count = 0; count <= words.size(); ++count) {
      EXPECT_EQ(transcript_line(id, {words.data(), count}),
                testing::dom_transcript_line(id, {words.data(), count}))
          << count << " words";
    }
  }
}

TEST(JsonText, AudioLineIsTheDomBuiltLine) {
  std::vector<unsigned char> bytes(1000);
  for (std::size_t i = 0; i < bytes.size(); ++i)
    bytes[i] = static_cast<unsigned char>(i * 7 + 3);
  for (const RequestId& id : {RequestId{std::int64_t{-3}}, RequestId{std::string("r \"1\"")}}) {
    for (const std::size_t count :
         {std::size_t{0}, std::size_t{1}, std::size_t{2}, std::size_t{3}, bytes.size()}) {
      for (const std::size_t seq : {std::size_t{0}, std::size_t{41}}) {
        auto event = make_event(id, EventType::audio);
        event["seq"] = seq;
        event["data"] = base64_encode({bytes.data(), count});
        EXPECT_EQ(audio_line(id, seq, {bytes.data(), count}), to_line(event));
      }
    }
  }
}

}  // namespace
}  // namespace alfabravo
