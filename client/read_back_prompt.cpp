#include "client/read_back_prompt.hpp"

#include "client/text_source.hpp"

namespace alfabravo::client {

ReadBackPrompt::ReadBackPrompt() {
  text_.str().reserve(kMaxTextBytes);
}

ReadBackPrompt::State ReadBackPrompt::take(const Key& key) {
  std::string& text = text_.str();
  switch (key.kind) {
    case KeyKind::enter:
      return text.empty() ? State::cancelled : State::submitted;
    case KeyKind::escape:
      return State::cancelled;
    case KeyKind::backspace:
      // One code point: its continuation bytes, then its first byte.
      while (!text.empty() && (static_cast<unsigned char>(text.back()) & 0xC0) == 0x80) {
        text.back() = '\0';
        text.pop_back();
      }
      if (!text.empty()) {
        text.back() = '\0';
        text.pop_back();
        --characters_;
      }
      return State::typing;
    case KeyKind::character:
      if (text.size() < kMaxTextBytes) {
        if ((static_cast<unsigned char>(key.byte) & 0xC0) != 0x80) ++characters_;
        text.push_back(key.byte);
      }
      return State::typing;
    default:
      return State::typing;
  }
}

std::string ReadBackPrompt::status() const {
  return "Read-back (not shown): " + std::to_string(characters_) + " typed; Enter checks, Esc cancels";
}

SecretString ReadBackPrompt::take_text() {
  characters_ = 0;
  SecretString taken(std::move(text_.str()));
  text_ = SecretString{};
  return taken;
}

}  // namespace alfabravo::client
