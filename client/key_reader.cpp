#include "client/key_reader.hpp"

#include <unistd.h>

#include <cerrno>

#include "protocol/secret.hpp"

namespace alfabravo::client {
namespace {

constexpr char kEscape = '\033';

std::optional<Key> sequence_key(char final_byte) {
  switch (final_byte) {
    case 'A':
      return Key{KeyKind::up};
    case 'B':
      return Key{KeyKind::down};
    case 'C':
      return Key{KeyKind::right};
    case 'D':
      return Key{KeyKind::left};
    default:
      return Key{KeyKind::other};
  }
}

Key plain_key(char byte) {
  if (byte == '\r' || byte == '\n') return Key{KeyKind::enter};
  if (byte == 0x7f || byte == '\b') return Key{KeyKind::backspace};
  if (static_cast<unsigned char>(byte) < 0x20) return Key{KeyKind::other};
  return Key{KeyKind::character, byte};
}

}  // namespace

KeyDecoder::~KeyDecoder() {
  wipe(sequence_);
}

std::optional<Key> KeyDecoder::decode(char byte) {
  if (sequence_.empty()) {
    if (byte == kEscape) {
      sequence_.push_back(byte);
      return std::nullopt;
    }
    return plain_key(byte);
  }
  sequence_.push_back(byte);
  if (sequence_.size() == 2) {
    if (byte == '[' || byte == 'O') return std::nullopt;
    sequence_.clear();
    return Key{KeyKind::escape};  // Esc, then a key the decoder drops (Alt+key)
  }
  // CSI: parameters and intermediates until a final byte in @..~
  if (byte >= '@' && byte <= '~') {
    sequence_.clear();
    return sequence_key(byte);
  }
  if (sequence_.size() > 16) {
    sequence_.clear();
    return Key{KeyKind::other};
  }
  return std::nullopt;
}

std::vector<Key> KeyDecoder::feed(const char* bytes, std::size_t count) {
  std::vector<Key> keys;
  for (std::size_t i = 0; i < count; ++i) {
    if (auto key = decode(bytes[i])) keys.push_back(*key);
  }
  return keys;
}

std::optional<Key> KeyDecoder::escape_timed_out() {
  if (sequence_.empty()) return std::nullopt;
  const bool lone = sequence_.size() == 1;
  sequence_.clear();
  return lone ? Key{KeyKind::escape} : Key{KeyKind::other};
}

std::vector<Key> KeyReader::read_available() {
  char bytes[64];
  const ssize_t n = ::read(tty_, bytes, sizeof bytes);
  if (n <= 0) {
    if (n == 0 || (errno != EINTR && errno != EAGAIN)) end_of_input_ = true;
    return {};
  }
  auto keys = decoder_.feed(bytes, static_cast<std::size_t>(n));
  wipe_bytes(bytes, sizeof bytes);
  return keys;
}

}  // namespace alfabravo::client
