#include "spelling/latin_decomposition.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>

namespace alfabravo {

std::optional<LatinDecomposition> decompose_latin_letter(char32_t code_point) {
  const auto c = static_cast<UChar32>(code_point);
  UErrorCode status = U_ZERO_ERROR;
  if (uscript_getScript(c, &status) != USCRIPT_LATIN || U_FAILURE(status)) return std::nullopt;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  if (U_FAILURE(status) || nfd == nullptr) return std::nullopt;
  icu::UnicodeString decomposition;
  if (!nfd->getDecomposition(c, decomposition)) return std::nullopt;

  const UChar32 base = decomposition.char32At(0);
  const bool ascii_letter = (base >= 'a' && base <= 'z') || (base >= 'A' && base <= 'Z');
  if (!ascii_letter) return std::nullopt;
  LatinDecomposition result{static_cast<char>(base), {}};
  for (int32_t i = decomposition.moveIndex32(0, 1); i < decomposition.length();
       i = decomposition.moveIndex32(i, 1)) {
    const UChar32 mark = decomposition.char32At(i);
    // Only non-spacing marks: a singleton decomposition (like KELVIN SIGN -> K) has none and is not a letter
    // with diacritics, so it keeps its own name.
    if (u_charType(mark) != U_NON_SPACING_MARK) return std::nullopt;
    result.marks.push_back(static_cast<char32_t>(mark));
  }
  if (result.marks.empty()) return std::nullopt;
  return result;
}

}  // namespace alfabravo
