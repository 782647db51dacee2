#pragma once
// A Latin letter with diacritics as its ASCII base letter and its combining marks ("é" = 'e' + U+0301), from
// ICU's canonical decomposition. Look-alikes from other scripts never decompose to a Latin letter.
#include <optional>
#include <vector>

namespace alfabravo {

struct LatinDecomposition {
  char base;                    // 'a'..'z' or 'A'..'Z'
  std::vector<char32_t> marks;  // one or more non-spacing combining marks, in canonical order
};

std::optional<LatinDecomposition> decompose_latin_letter(char32_t code_point);

}  // namespace alfabravo
