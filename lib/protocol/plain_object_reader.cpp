#include "protocol/plain_object_reader.hpp"

#include <algorithm>
#include <cstdint>

#include "protocol/json_text.hpp"
#include "protocol/line_checks.hpp"

namespace alfabravo {
namespace {

using nlohmann::json;

class PlainObjectReader {
 public:
  PlainObjectReader(std::string_view line, std::vector<RequestMember>& members)
      : line_(line), members_(members) {
    members_.reserve(8);  // a request's handful of members
  }

  bool read() {
    skip_space();
    if (!take('{')) return false;
    skip_space();
    if (take('}')) return at_end();
    do {
      if (members_.size() == kMaxMembers) return false;
      skip_space();
      std::string_view key;
      if (!read_plain_string(key) || has_key(key)) return false;  // a repeat: the full parser
      auto& member = members_.emplace_back(RequestMember{std::string(key), json()});
      skip_space();
      if (!take(':')) return false;
      skip_space();
      if (!read_value(member.value)) return false;
      skip_space();
    } while (take(','));
    return take('}') && at_end();
  }

 private:
  static constexpr std::size_t kMaxMembers = 16;  // more: the full parser
  static constexpr std::size_t kMaxDigits = 18;   // below 2^63: the same value nlohmann reads

  bool has_key(std::string_view key) const {
    return std::any_of(members_.begin(), members_.end(),
                       [&](const RequestMember& m) { return m.key == key; });
  }
  bool at_end() {
    skip_space();
    return at_ == line_.size();
  }
  bool take(char c) {
    if (at_ == line_.size() || line_[at_] != c) return false;
    ++at_;
    return true;
  }
  static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
  void skip_space() {
    while (at_ < line_.size() && is_space(line_[at_]))
      ++at_;
  }
  bool take_word(std::string_view word) {
    if (line_.substr(at_, word.size()) != word) return false;
    at_ += word.size();
    return true;
  }

  // A string of plain bytes (json_text::is_plain: printable ASCII, no escape), as a view of the line.
  bool read_plain_string(std::string_view& text) {
    if (!take('"')) return false;
    std::size_t end = at_;
    while (end < line_.size() && json_text::is_plain(line_[end]))
      ++end;
    if (end == line_.size() || line_[end] != '"') return false;
    text = line_.substr(at_, end - at_);
    at_ = end + 1;
    return true;
  }

  // A string value, written straight into the value's own string: neither a temporary nor a growing buffer
  // leaves a copy of the text (often a password) behind. Nearly every text is plain and copied at once;
  // another has its escapes decoded into the string reserved at the raw length, which the decoded text never
  // exceeds. False at whatever nlohmann refuses: a control character, invalid UTF-8, an unknown escape, a
  // surrogate out of its pair.
  bool read_string(std::string& out) {
    const std::size_t start = at_;
    if (std::string_view plain; read_plain_string(plain)) {
      out.assign(plain);
      return true;
    }
    at_ = start;
    if (!take('"')) return false;
    out.reserve(raw_string_length());
    while (at_ < line_.size()) {
      const auto byte = static_cast<unsigned char>(line_[at_]);
      if (byte == '"') {
        ++at_;
        return true;
      }
      if (byte < 0x20) return false;
      if (byte == '\\') {
        if (!read_escape(out)) return false;
        continue;
      }
      const std::size_t length = byte < 0x80 ? 1 : utf8_sequence_length(line_.substr(at_));
      if (length == 0) return false;
      out.append(line_.substr(at_, length));
      at_ += length;
    }
    return false;
  }

  // Bytes from here to the string's closing quote (or the line's end).
  std::size_t raw_string_length() const {
    std::size_t end = at_;
    while (end < line_.size() && line_[end] != '"')
      end += line_[end] == '\\' ? 2 : 1;
    return std::min(end, line_.size()) - at_;
  }

  bool read_escape(std::string& out) {
    if (at_ + 1 >= line_.size()) return false;
    const char letter = line_[at_ + 1];
    at_ += 2;
    static constexpr std::string_view kLetters = "\"\\/bfnrt";
    static constexpr std::string_view kMeanings = "\"\\/\b\f\n\r\t";
    if (const auto which = kLetters.find(letter); which != std::string_view::npos) {
      out += kMeanings[which];
      return true;
    }
    if (letter != 'u') return false;
    std::uint32_t unit = 0;
    if (!read_hex4(unit) || (unit >= 0xDC00 && unit <= 0xDFFF)) return false;
    if (unit >= 0xD800 && unit <= 0xDBFF) {  // the high half of a pair: the low half must follow
      std::uint32_t low = 0;
      if (!take('\\') || !take('u') || !read_hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
      unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
    }
    append_utf8(out, unit);
    return true;
  }

  bool read_hex4(std::uint32_t& unit) {
    if (line_.size() - at_ < 4) return false;
    for (int i = 0; i < 4; ++i) {
      const char c = line_[at_++];
      const int digit = c >= '0' && c <= '9'   ? c - '0'
                        : c >= 'a' && c <= 'f' ? c - 'a' + 10
                        : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                               : -1;
      if (digit < 0) return false;
      unit = unit * 16 + static_cast<std::uint32_t>(digit);
    }
    return true;
  }

  static void append_utf8(std::string& out, std::uint32_t code_point) {
    const auto byte = [](std::uint32_t value) { return static_cast<char>(value); };
    if (code_point < 0x80) {
      out += byte(code_point);
    } else if (code_point < 0x800) {
      out += byte(0xC0 | (code_point >> 6));
      out += byte(0x80 | (code_point & 0x3F));
    } else if (code_point < 0x10000) {
      out += byte(0xE0 | (code_point >> 12));
      out += byte(0x80 | ((code_point >> 6) & 0x3F));
      out += byte(0x80 | (code_point & 0x3F));
    } else {
      out += byte(0xF0 | (code_point >> 18));
      out += byte(0x80 | ((code_point >> 12) & 0x3F));
      out += byte(0x80 | ((code_point >> 6) & 0x3F));
      out += byte(0x80 | (code_point & 0x3F));
    }
  }

  bool read_value(json& value) {
    if (at_ < line_.size() && line_[at_] == '"') {
      value = json::value_t::string;
      return read_string(value.get_ref<std::string&>());  // what was read is wiped with the object
    }
    if (take_word("true")) {
      value = true;
    } else if (take_word("false")) {
      value = false;
    } else if (take_word("null")) {
      value = nullptr;
    } else {
      return read_number(value);
    }
    return true;
  }

  bool read_number(json& value) {
    const std::size_t start = at_;
    std::uint64_t number = 0;
    while (at_ < line_.size() && line_[at_] >= '0' && line_[at_] <= '9' && at_ - start < kMaxDigits)
      number = number * 10 + static_cast<std::uint64_t>(line_[at_++] - '0');
    const std::size_t digits = at_ - start;
    if (digits == 0 || (digits > 1 && line_[start] == '0')) return false;
    // Followed by what may follow a value: not a digit past the limit, a fraction or an exponent.
    if (at_ < line_.size() && line_[at_] != ',' && line_[at_] != '}' && !is_space(line_[at_])) return false;
    value = json::number_unsigned_t{number};
    return true;
  }

  std::string_view line_;
  std::vector<RequestMember>& members_;
  std::size_t at_ = 0;
};

}  // namespace

bool read_plain_object(std::string_view line, std::vector<RequestMember>& members) {
  return PlainObjectReader(line, members).read();
}

}  // namespace alfabravo
