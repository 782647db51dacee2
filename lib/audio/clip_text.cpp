#include "audio/clip_text.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <cstdint>
#include <mutex>
#include <set>

namespace alfabravo {
namespace {

bool is_ascii_word_character(UChar32 c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ' || c == '-' ||
         c == '\'' || c == '.';
}

bool is_letter_or_mark(UChar32 c) {
  const auto type = u_charType(c);
  return u_isalpha(c) || type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK;
}

// Walks the UTF-8 text; true if it is valid, bounded, non-empty and every code point passes `allowed`.
template <typename Allowed>
bool every_character(std::string_view text, Allowed allowed) noexcept {
  if (text.empty() || text.size() > kMaxClipTextBytes) return false;
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto length = static_cast<std::int32_t>(text.size());
  std::int32_t offset = 0;
  while (offset < length) {
    UChar32 c = 0;
    U8_NEXT(bytes, offset, length, c);
    if (c < 0 || !allowed(c)) return false;  // invalid UTF-8, or a character not allowed
  }
  return true;
}

struct AdmittedWords {
  std::mutex mutex;
  std::set<std::string, std::less<>> words;
};

AdmittedWords& admitted() {
  static AdmittedWords instance;
  return instance;
}

}  // namespace

bool is_safe_clip_text(std::string_view text) noexcept {
  if (every_character(text, is_ascii_word_character)) return true;
  if (text.empty() || text.size() > kMaxClipTextBytes) return false;
  auto& words = admitted();
  std::lock_guard lock(words.mutex);
  return words.words.find(text) != words.words.end();
}

std::size_t admit_clip_texts(const std::vector<std::string>& words) {
  auto& set = admitted();
  std::size_t count = 0;
  std::lock_guard lock(set.mutex);
  for (const auto& word : words) {
    const bool speakable = every_character(
        word, [](UChar32 c) { return c < 0x80 ? is_ascii_word_character(c) : is_letter_or_mark(c); });
    if (!speakable) continue;
    set.words.insert(word);
    ++count;
  }
  return count;
}

}  // namespace alfabravo
