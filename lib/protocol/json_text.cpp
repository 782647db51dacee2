#include "protocol/json_text.hpp"

#include <charconv>
#include <cstring>
#include <nlohmann/json.hpp>

#include "protocol/line_checks.hpp"

namespace alfabravo::json_text {
namespace {

constexpr char kHex[] = "0123456789abcdef";

// The letter of `c`'s two-character escape (\n: 'n'), or 0 when it is written as \u00xx.
char short_escape(char c) {
  switch (c) {
    case '"':
      return '"';
    case '\\':
      return '\\';
    case '\b':
      return 'b';
    case '\f':
      return 'f';
    case '\n':
      return 'n';
    case '\r':
      return 'r';
    case '\t':
      return 't';
    default:
      return 0;
  }
}

std::size_t escape_size(char c) {
  return short_escape(c) ? 2 : 6;
}

// Writes `c`'s escape (escape_size(c) bytes) at `out`; returns its end.
char* write_escape(char* out, char c) {
  if (const char letter = short_escape(c)) {
    out[0] = '\\';
    out[1] = letter;
    return out + 2;
  }
  const auto byte = static_cast<unsigned char>(c);
  const char escape[] = {'\\', 'u', '0', '0', kHex[byte >> 4], kHex[byte & 0xF]};
  std::memcpy(out, escape, sizeof escape);
  return out + sizeof escape;
}

// Calls on_escape(i) for each byte of `text` that JSON escapes, in order; false (and no more calls) at the
// first ill-formed UTF-8 sequence. The one reading of the text behind both escaped_size and write_escaped.
template <class OnEscape>
bool for_each_escape(std::string_view text, OnEscape&& on_escape) {
  std::size_t i = 0;
  while (i < text.size()) {
    if (is_plain(text[i])) {
      ++i;
      continue;
    }
    if (static_cast<unsigned char>(text[i]) >= 0x80) {
      const std::size_t length = utf8_sequence_length(text.substr(i));
      if (length == 0) return false;
      i += length;
      continue;
    }
    on_escape(i);  // the rest of ASCII: a control character, a quote or a backslash
    ++i;
  }
  return true;
}

}  // namespace

void append_string(std::string& out, std::string_view text) {
  out += '"';
  if (!append_escaped(out, text)) {  // never from the daemon's own words; nlohmann's replacement rules apply
    out.pop_back();
    out += nlohmann::json(std::string(text)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return;
  }
  out += '"';
}

bool append_escaped(std::string& out, std::string_view text) {
  const std::size_t size = escaped_size(text);
  if (size == kNotUtf8) return false;
  const std::size_t start = out.size();
  out.resize(start + size);
  write_escaped(out.data() + start, text);
  return true;
}

char* write_escaped(char* out, std::string_view text) noexcept {
  std::size_t plain_from = 0;
  for_each_escape(text, [&](std::size_t i) {
    std::memcpy(out, text.data() + plain_from, i - plain_from);
    out = write_escape(out + (i - plain_from), text[i]);
    plain_from = i + 1;
  });
  std::memcpy(out, text.data() + plain_from, text.size() - plain_from);
  return out + (text.size() - plain_from);
}

std::size_t escaped_size(std::string_view text) noexcept {
  std::size_t size = text.size();
  if (!for_each_escape(text, [&](std::size_t i) { size += escape_size(text[i]) - 1; })) return kNotUtf8;
  return size;
}

void append_number(std::string& out, std::uint64_t value) {
  char digits[kMaxNumberSize];
  out.append(digits, write_number(digits, value));
}

char* write_number(char* out, std::uint64_t value) noexcept {
  return std::to_chars(out, out + kMaxNumberSize, value).ptr;
}

std::size_t number_size(std::uint64_t value) noexcept {
  std::size_t digits = 1;
  for (; value >= 10; value /= 10)
    ++digits;
  return digits;
}

void append_id(std::string& out, const RequestId& id) {
  if (const auto* number = std::get_if<std::int64_t>(&id)) {
    char digits[21];
    const auto end = std::to_chars(digits, digits + sizeof digits, *number).ptr;
    out.append(digits, end);
    return;
  }
  append_string(out, std::get<std::string>(id));
}

}  // namespace alfabravo::json_text
