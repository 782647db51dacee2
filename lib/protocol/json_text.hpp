#pragma once
// JSON text written straight into a string, for the hot replies (transcript) that otherwise cost a DOM built,
// serialised and freed per request. The output is byte for byte what nlohmann's dump(-1, ' ', false,
// error_handler_t::replace) gives for the same values, which the other events use (tests compare the two).
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "protocol/request_id.hpp"

namespace alfabravo::json_text {

namespace detail {
constexpr std::array<bool, 256> kPlainBytes = [] {
  std::array<bool, 256> plain{};
  for (int byte = 0x20; byte < 0x80; ++byte)
    plain[byte] = byte != '"' && byte != '\\';
  return plain;
}();
}  // namespace detail

// A byte JSON text holds inside quotes as it is, in reading and in writing: printable ASCII but " and \.
// A table: nearly every byte of a request's text and of a transcript's words is one, and each is asked.
inline bool is_plain(char c) noexcept {
  return detail::kPlainBytes[static_cast<unsigned char>(c)];
}

// "text", quoted and escaped: \" \\ \b \f \n \r \t, \u00xx for the other control characters, UTF-8 as is
// (invalid UTF-8 replaced by U+FFFD, as nlohmann's replace handler does).
void append_string(std::string& out, std::string_view text);
// The inside of append_string's quotes, for valid UTF-8. False when `text` is not valid UTF-8: then `out` is
// as it was.
bool append_escaped(std::string& out, std::string_view text);
// The bytes append_escaped writes for `text`, or kNotUtf8 when it is not valid UTF-8. Lets a line that spells
// a secret be allocated once at its full size (growing it would leave copies behind, unwiped). A size with a
// sentinel, not an optional: GCC returns std::optional<std::size_t> through the stack, and reading it back
// stalls on every word of a transcript.
constexpr std::size_t kNotUtf8 = static_cast<std::size_t>(-1);
std::size_t escaped_size(std::string_view text) noexcept;
void append_number(std::string& out, std::uint64_t value);

// The same, written at `out` (room for escaped_size(text), or number_size(value), bytes); each returns the
// end of what it wrote. For a line whose size is known before it is written.
char* write_escaped(char* out, std::string_view valid_utf8) noexcept;
constexpr std::size_t kMaxNumberSize = 20;  // digits of the largest std::uint64_t
char* write_number(char* out, std::uint64_t value) noexcept;
std::size_t number_size(std::uint64_t value) noexcept;
void append_id(std::string& out, const RequestId& id);

}  // namespace alfabravo::json_text
