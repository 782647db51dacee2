#pragma once
// Defence in depth for eSpeak NG: only vocabulary words may reach it (Debian's 1.51 crashes on some ordinary
// strings, and caller text must never get there at all). Two kinds of text pass:
//  - ASCII shaped like a word: letters, digits, space, hyphen, apostrophe, period. That is every Unicode
//    character name the speller makes (ICU's names are ASCII) and the ASCII words of voice files.
//  - exactly a word of a voice file that was admitted: the loaded voices' vocabulary, validated by the voice
//    loader (letters of any script and their marks). Nothing else beyond ASCII: not a near variant, not a
//    letter of a script no loaded voice uses.
// Markup, punctuation, control characters, invisible characters and invalid UTF-8 never pass.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace alfabravo {

inline constexpr std::size_t kMaxClipTextBytes = 200;

bool is_safe_clip_text(std::string_view text) noexcept;

// Adds words of a loaded voice file (its vocabulary()) to what is_safe_clip_text admits, for the rest of the
// process. Thread-safe. Words that are not valid UTF-8 of letters, marks and the ASCII word characters, or
// are longer than kMaxClipTextBytes, are not admitted (the loader already refuses them); returns how many
// were.
std::size_t admit_clip_texts(const std::vector<std::string>& words);

}  // namespace alfabravo
