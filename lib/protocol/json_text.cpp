#include "protocol/json_text.hpp"

#include <charconv>
#include <nlohmann/json.hpp>

#include "protocol/line_checks.hpp"

namespace alfabravo::json_text {
namespace {

constexpr char kHex[] = "0123456789abcdef";

void append_escaped(std::string& out, char c) {
  switch (c) {
    case '"':
      out += "\\\"";
      return;
    case '\\':
      out += "\\\\";
      return;
    case '\b':
      out += "\\b";
      return;
    case '\f':
      out += "\\f";
      return;
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\t':
      out += "\\t";
      return;
    default: {
      const auto byte = static_cast<unsigned char>(c);
      const char escape[] = {'\\', 'u', '0', '0', kHex[byte >> 4], kHex[byte & 0xF]};
      out.append(escape, sizeof escape);
    }
  }
}

bool needs_escape(char c) {
  return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
}

}  // namespace

void append_string(std::string& out, std::string_view text) {
  if (find_invalid_utf8(text)) {  // never from the daemon's own words; nlohmann's replacement rules apply
    out += nlohmann::json(std::string(text)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return;
  }
  out += '"';
  std::size_t plain_from = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!needs_escape(text[i])) continue;
    out.append(text.data() + plain_from, i - plain_from);
    append_escaped(out, text[i]);
    plain_from = i + 1;
  }
  out.append(text.data() + plain_from, text.size() - plain_from);
  out += '"';
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
