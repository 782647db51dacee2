#pragma once
// Defence in depth for eSpeak NG: only text shaped like a vocabulary word may reach it (Debian's 1.51 crashes
// on some ordinary strings, and caller text must never get there at all). The words of voice files and the
// Unicode character names pass; markup, punctuation, control characters and invalid UTF-8 do not.
#include <cstddef>
#include <string_view>

namespace alfabravo {

inline constexpr std::size_t kMaxClipTextBytes = 200;

// True for non-empty UTF-8 of at most kMaxClipTextBytes made only of Latin-script letters (ASCII or accented,
// for the national alphabets), ASCII digits, space, hyphen, apostrophe and period.
bool is_safe_clip_text(std::string_view text) noexcept;

}  // namespace alfabravo
