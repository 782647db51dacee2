#include "audio/clip_text.hpp"

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <cstdint>

namespace alfabravo {

bool is_safe_clip_text(std::string_view text) noexcept {
  if (text.empty() || text.size() > kMaxClipTextBytes) return false;
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto length = static_cast<std::int32_t>(text.size());
  std::int32_t offset = 0;
  while (offset < length) {
    UChar32 c = 0;
    U8_NEXT(bytes, offset, length, c);
    if (c < 0) return false;  // invalid UTF-8
    if (c < 0x80) {
      const bool ascii_ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                            c == ' ' || c == '-' || c == '\'' || c == '.';
      if (!ascii_ok) return false;
      continue;
    }
    // Accented Latin letters as national alphabets use them: Latin-1 Supplement to Latin Extended-B and
    // Latin Extended Additional (Vietnamese). Not fullwidth or mathematical look-alikes, which ICU also
    // calls Latin.
    const bool latin_block = (c >= 0x00C0 && c < 0x0250) || (c >= 0x1E00 && c < 0x1F00);
    UErrorCode status = U_ZERO_ERROR;
    if (!latin_block || !u_isalpha(c) || uscript_getScript(c, &status) != USCRIPT_LATIN ||
        U_FAILURE(status)) {
      return false;
    }
  }
  return true;
}

}  // namespace alfabravo
