// find_invalid_utf8 reads ASCII eight bytes at a time: it must still find the same first bad byte as a
// byte-by-byte reading, wherever a multi-byte or invalid sequence falls relative to those eight bytes.
#include "protocol/line_checks.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>

namespace alfabravo {
namespace {

// The byte-by-byte decoder, as the daemon had it before the ASCII fast path.
std::optional<std::size_t> reference_find_invalid_utf8(std::string_view text) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t i = 0;
  while (i < text.size()) {
    const unsigned char lead = bytes[i];
    if (lead < 0x80) {
      ++i;
      continue;
    }
    std::size_t length = 0;
    std::uint32_t code_point = 0;
    std::uint32_t minimum = 0;
    if ((lead & 0xE0) == 0xC0) {
      length = 2, code_point = lead & 0x1F, minimum = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3, code_point = lead & 0x0F, minimum = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4, code_point = lead & 0x07, minimum = 0x10000;
    } else {
      return i;
    }
    if (text.size() - i < length) return i;
    for (std::size_t k = 1; k < length; ++k) {
      if ((bytes[i + k] & 0xC0) != 0x80) return i;
      code_point = (code_point << 6) | (bytes[i + k] & 0x3F);
    }
    if (code_point < minimum || code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF))
      return i;
    i += length;
  }
  return std::nullopt;
}

const std::array<std::string_view, 14> kPieces = {"\xc3\xa9",          // é
                                                  "\xe2\x82\xac",      // €
                                                  "\xf0\x9f\x94\x91",  // a key emoji
                                                  "\x80",              // a continuation byte alone
                                                  "\xc0\x80",          // overlong NUL
                                                  "\xed\xa0\x80",      // a surrogate
                                                  "\xe2\x82",          // cut short
                                                  "\xf4\x90\x80\x80",  // past U+10FFFF
                                                  "\xff",
                                                  "\x7f",
                                                  "\xc3",
                                                  "\xc3(",
                                                  "\x00",
                                                  "~"};

std::string random_line(std::mt19937& random) {
  std::string line;
  const int parts = std::uniform_int_distribution<int>(0, 6)(random);
  for (int p = 0; p < parts; ++p) {
    const int ascii = std::uniform_int_distribution<int>(0, 20)(random);
    for (int k = 0; k < ascii; ++k)
      line += static_cast<char>(std::uniform_int_distribution<int>(0x20, 0x7e)(random));
    const auto& piece = kPieces[std::uniform_int_distribution<std::size_t>(0, kPieces.size() - 1)(random)];
    line.append(piece.data(), piece.size() == 0 ? 1 : piece.size());
  }
  return line;
}

TEST(FindInvalidUtf8, AgreesWithTheByteWiseReadingAtEveryOffset) {
  std::mt19937 random(16);
  int invalid = 0;
  for (int n = 0; n < 20000; ++n) {
    const std::string line = random_line(random);
    for (std::size_t start = 0; start < std::min<std::size_t>(line.size(), 9); ++start) {
      const std::string_view view = std::string_view(line).substr(start);
      const auto expected = reference_find_invalid_utf8(view);
      invalid += expected.has_value();
      ASSERT_EQ(find_invalid_utf8(view), expected) << "line " << n << " from byte " << start;
    }
  }
  EXPECT_GT(invalid, 10000);  // the lines exercise both outcomes
}

TEST(FindInvalidUtf8, FindsABadByteAfterLongAscii) {
  for (std::size_t at = 0; at < 40; ++at) {
    std::string line(40, 'a');
    line[at] = '\xff';
    EXPECT_EQ(find_invalid_utf8(line), at);
    line[at] = '\xc3';
    if (at + 1 < line.size()) line[at + 1] = '\xa9';
    EXPECT_EQ(find_invalid_utf8(line), at + 1 < line.size() ? std::nullopt : std::optional<std::size_t>(at));
  }
  EXPECT_EQ(find_invalid_utf8(std::string(1000, 'x')), std::nullopt);
  EXPECT_EQ(find_invalid_utf8(""), std::nullopt);
}

}  // namespace
}  // namespace alfabravo
