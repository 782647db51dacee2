#pragma once
// The keys of the interactive mode, decoded from the bytes a terminal sends: plain characters, Enter,
// Backspace, Esc and the arrow keys (ESC [ C, or ESC O C in the keypad's application mode). A lone Esc
// cannot be told from the start of an arrow key until a moment has passed without more bytes: the caller
// waits kEscapeWaitMs while pending_escape() and then calls escape_timed_out().
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace alfabravo::client {

inline constexpr int kEscapeWaitMs = 50;

enum class KeyKind { character, enter, backspace, escape, left, right, up, down, other };

struct Key {
  KeyKind kind = KeyKind::other;
  char byte = 0;  // for KeyKind::character

  bool is(char c) const noexcept { return kind == KeyKind::character && byte == c; }
};

class KeyDecoder {
 public:
  ~KeyDecoder();  // wipes what it holds: the keys of a typed read-back pass through it
  std::vector<Key> feed(const char* bytes, std::size_t count);
  bool pending_escape() const noexcept { return !sequence_.empty(); }
  std::optional<Key> escape_timed_out();

 private:
  std::optional<Key> decode(char byte);
  std::string sequence_;  // an escape sequence begun and not yet complete
};

// Reads what the terminal has (without waiting) and decodes it; an empty result and end_of_input() once the
// terminal is gone.
class KeyReader {
 public:
  explicit KeyReader(int tty) : tty_(tty) {}
  std::vector<Key> read_available();
  bool end_of_input() const noexcept { return end_of_input_; }
  KeyDecoder& decoder() noexcept { return decoder_; }

 private:
  int tty_;
  bool end_of_input_ = false;
  KeyDecoder decoder_;
};

}  // namespace alfabravo::client
