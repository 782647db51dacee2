#pragma once
// UTF-8 to code points, strictly (no overlongs, no surrogates, nothing above U+10FFFF). The decoded text may
// be a password: it is wiped when it goes out of scope.
#include <cstddef>
#include <string_view>
#include <vector>

#include "core/expected.hpp"

namespace alfabravo {

struct InvalidUtf8 {
  std::size_t byte_offset;      // where the ill-formed sequence starts
  std::size_t character_index;  // how many characters were decoded before it
};

class DecodedText {
 public:
  DecodedText() = default;
  DecodedText(DecodedText&& other) noexcept = default;
  DecodedText& operator=(DecodedText&& other) noexcept;
  DecodedText(const DecodedText&) = delete;
  DecodedText& operator=(const DecodedText&) = delete;
  ~DecodedText() { wipe(); }

  const std::vector<char32_t>& code_points() const noexcept { return code_points_; }

 private:
  friend Expected<DecodedText, InvalidUtf8> decode_utf8(std::string_view text);
  void wipe() noexcept;
  std::vector<char32_t> code_points_;
};

Expected<DecodedText, InvalidUtf8> decode_utf8(std::string_view text);

}  // namespace alfabravo
