#include "protocol/base64.hpp"

#include <array>
#include <cstdint>

namespace alfabravo {

namespace {
constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr std::array<std::int8_t, 256> make_decode_table() {
  std::array<std::int8_t, 256> table{};
  for (auto& entry : table)
    entry = -1;
  for (std::size_t i = 0; i < kAlphabet.size(); ++i) {
    table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<std::int8_t>(i);
  }
  return table;
}
constexpr auto kDecode = make_decode_table();
}  // namespace

std::string base64_encode(std::span<const unsigned char> bytes) {
  std::string out;
  append_base64(out, bytes);
  return out;
}

void append_base64(std::string& out, std::span<const unsigned char> bytes) {
  // Written through a pointer into room made once: rendered audio is megabytes of it, and a push_back per
  // character cost more than the encoding itself.
  const std::size_t start = out.size();
  out.resize(start + base64_length(bytes.size()));
  char* to = out.data() + start;
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    to[0] = kAlphabet[(v >> 18) & 63];
    to[1] = kAlphabet[(v >> 12) & 63];
    to[2] = kAlphabet[(v >> 6) & 63];
    to[3] = kAlphabet[v & 63];
    to += 4;
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    std::uint32_t v = bytes[i] << 16;
    if (rest == 2) v |= bytes[i + 1] << 8;
    to[0] = kAlphabet[(v >> 18) & 63];
    to[1] = kAlphabet[(v >> 12) & 63];
    to[2] = rest == 2 ? kAlphabet[(v >> 6) & 63] : '=';
    to[3] = '=';
  }
}

std::optional<std::vector<unsigned char>> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::vector<unsigned char> out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    int padding = 0;
    std::uint32_t v = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      const char c = text[i + k];
      if (c == '=' && last && k >= 2) {
        ++padding;
        v <<= 6;
        continue;
      }
      const std::int8_t d = kDecode[static_cast<unsigned char>(c)];
      if (d < 0 || padding > 0) return std::nullopt;  // not base64, or data after padding
      v = (v << 6) | static_cast<std::uint32_t>(d);
    }
    out.push_back(static_cast<unsigned char>(v >> 16));
    if (padding < 2) out.push_back(static_cast<unsigned char>(v >> 8));
    if (padding < 1) out.push_back(static_cast<unsigned char>(v));
    // Canonical form: the bits dropped by padding are zero.
    if ((padding == 1 && (v & 0xFF) != 0) || (padding == 2 && (v & 0xFFFF) != 0)) return std::nullopt;
  }
  return out;
}

}  // namespace alfabravo
