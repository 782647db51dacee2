#include "spelling/unicode_naming.hpp"

#include <unicode/uchar.h>

#include <array>
#include <cstdio>
#include <string_view>

namespace alfabravo {
namespace {

// ICU names use A-Z, 0-9, space and hyphen; anything else is mapped to a space anyway so that no character
// eSpeak NG could read as markup or as something else ever reaches it.
std::string speakable(std::string_view name) {
  std::string text;
  text.reserve(name.size());
  for (char c : name) {
    if (c >= 'A' && c <= 'Z') {
      text += static_cast<char>(c - 'A' + 'a');
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') {
      text += c;
    } else if (!text.empty() && text.back() != ' ') {
      text += ' ';
    }
  }
  while (!text.empty() && text.back() == ' ')
    text.pop_back();
  return text;
}

std::string unicode_name(char32_t code_point) {
  std::array<char, 256> buffer{};
  UErrorCode status = U_ZERO_ERROR;
  const int32_t length = u_charName(static_cast<UChar32>(code_point), U_UNICODE_CHAR_NAME, buffer.data(),
                                    static_cast<int32_t>(buffer.size()), &status);
  if (U_FAILURE(status) || length <= 0) return {};
  return speakable(std::string_view(buffer.data(), static_cast<std::size_t>(length)));
}

std::string hex(char32_t code_point) {
  std::array<char, 16> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "%04x", static_cast<unsigned>(code_point));
  return buffer.data();
}

}  // namespace

std::string character_name(char32_t code_point) {
  if (std::string name = unicode_name(code_point); !name.empty()) return name;
  const auto c = static_cast<UChar32>(code_point);
  switch (u_charType(c)) {
    case U_CONTROL_CHAR:
      return "control character " + hex(code_point);
    case U_PRIVATE_USE_CHAR:
      return "private use character " + hex(code_point);
    case U_SURROGATE:
      return "surrogate " + hex(code_point);
    default:
      break;
  }
  if (u_hasBinaryProperty(c, UCHAR_NONCHARACTER_CODE_POINT)) return "noncharacter " + hex(code_point);
  if (u_charType(c) == U_UNASSIGNED) return "unassigned character " + hex(code_point);
  return "character " + hex(code_point);
}

std::string combining_mark_name(char32_t mark) {
  std::string name = character_name(mark);
  constexpr std::string_view kPrefix = "combining ";
  constexpr std::string_view kSuffix = " accent";
  if (name.starts_with(kPrefix)) name.erase(0, kPrefix.size());
  if (name.ends_with(kSuffix) && name.size() > kSuffix.size()) name.erase(name.size() - kSuffix.size());
  return name;
}

}  // namespace alfabravo
