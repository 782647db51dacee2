#include "spelling/utf8_decoding.hpp"

#include <unicode/utf8.h>

#include <cstdint>
#include <limits>

#include "core/secret.hpp"

namespace alfabravo {

DecodedText& DecodedText::operator=(DecodedText&& other) noexcept {
  if (this != &other) {
    wipe();
    code_points_ = std::move(other.code_points_);
  }
  return *this;
}

void DecodedText::wipe() noexcept {
  alfabravo::wipe(code_points_);
}

Expected<DecodedText, InvalidUtf8> decode_utf8(std::string_view text) {
  DecodedText decoded;
  // ICU's macros index with int32_t; callers bound the length long before this (see spell()).
  if (text.size() > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max())) {
    return Unexpected{InvalidUtf8{static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()), 0}};
  }
  // Reserved once, so no reallocation leaves an unwiped copy of the text behind.
  decoded.code_points_.reserve(text.size());
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto length = static_cast<std::int32_t>(text.size());
  std::int32_t offset = 0;
  while (offset < length) {
    const std::int32_t start = offset;
    UChar32 code_point = 0;
    U8_NEXT(bytes, offset, length, code_point);
    if (code_point < 0) {
      return Unexpected{InvalidUtf8{static_cast<std::size_t>(start), decoded.code_points_.size()}};
    }
    decoded.code_points_.push_back(static_cast<char32_t>(code_point));
  }
  return decoded;
}

}  // namespace alfabravo
