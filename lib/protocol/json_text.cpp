#include "protocol/json_text.hpp"

#include <charconv>
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

void append_escape(std::string& out, char c) {
  if (const char letter = short_escape(c)) {
    const char escape[] = {'\\', letter};
    out.append(escape, sizeof escape);
    return;
  }
  const auto byte = static_cast<unsigned char>(c);
  const char escape[] = {'\\', 'u', '0', '0', kHex[byte >> 4], kHex[byte & 0xF]};
  out.append(escape, sizeof escape);
}

std::size_t escape_size(char c) {
  return short_escape(c) ? 2 : 6;
}

bool needs_escape(char c) {
  return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
}

// Calls on_escape(i) for each byte of `text` that JSON escapes, in order; false (and no more calls) at the
// first ill-formed UTF-8 sequence. The one reading of the text behind both escaped_size and append_escaped.
template <class OnEscape>
bool for_each_escape(std::string_view text, OnEscape&& on_escape) {
  std::size_t i = 0;
  while (i < text.size()) {
    if (static_cast<unsigned char>(text[i]) >= 0x80) {
      const std::size_t length = utf8_sequence_length(text.substr(i));
      if (length == 0) return false;
      i += length;
      continue;
    }
    if (needs_escape(text[i])) on_escape(i);
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
  const std::size_t start = out.size();
  std::size_t plain_from = 0;
  const bool valid = for_each_escape(text, [&](std::size_t i) {
    out.append(text.data() + plain_from, i - plain_from);
    append_escape(out, text[i]);
    plain_from = i + 1;
  });
  if (!valid) {
    out.resize(start);  // what was written stays within the capacity, wiped with the rest by its owner
    return false;
  }
  out.append(text.data() + plain_from, text.size() - plain_from);
  return true;
}

std::optional<std::size_t> escaped_size(std::string_view text) noexcept {
  std::size_t size = text.size();
  if (!for_each_escape(text, [&](std::size_t i) { size += escape_size(text[i]) - 1; })) return std::nullopt;
  return size;
}

void append_number(std::string& out, std::uint64_t value) {
  char digits[20];
  const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  out.append(digits, end);
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
