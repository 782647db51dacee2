#include "spelling/token.hpp"

namespace alfabravo {

std::string_view to_string(TokenKind kind) noexcept {
  switch (kind) {
    case TokenKind::letter:
      return "letter";
    case TokenKind::digit:
      return "digit";
    case TokenKind::symbol:
      return "symbol";
    case TokenKind::case_word:
      return "case_word";
    case TokenKind::url_word:
      return "url_word";
    case TokenKind::character_name:
      return "character_name";
    case TokenKind::pause:
      return "pause";
    case TokenKind::message_word:
      return "message_word";
  }
  return "unknown";
}

std::string transcript(const Utterance& utterance) {
  // Reserved at its full size: the words spell the caller's text, and a string that grows leaves copies of
  // them behind in freed memory, unwiped.
  std::size_t size = 0;
  for (const auto& token : utterance)
    size += token.display.size() + 1;
  std::string text;
  text.reserve(size);
  for (const auto& token : utterance) {
    if (token.is_pause() || token.display.empty()) continue;
    if (!text.empty()) text += ' ';
    text += token.display;
  }
  return text;
}

}  // namespace alfabravo
