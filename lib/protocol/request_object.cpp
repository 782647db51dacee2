#include "protocol/request_object.hpp"

#include <algorithm>
#include <set>

#include "core/secret.hpp"
#include "protocol/json_wipe.hpp"
#include "protocol/plain_object_reader.hpp"

namespace alfabravo {

namespace {

using nlohmann::json;

void sort_by_key(std::vector<RequestMember>& members) {
  std::sort(members.begin(), members.end(),
            [](const RequestMember& a, const RequestMember& b) { return a.key < b.key; });
}

// The keys of one open object, to find one given twice. A short list searched in place (requests have a
// handful of keys); past that a set, so that a line of thousands of keys costs n log n, not n².
class KeySet {
 public:
  // False when the key was there already.
  bool insert(const std::string& key) {
    if (!many_.empty()) return many_.insert(key).second;
    if (std::find(few_.begin(), few_.end(), key) != few_.end()) return false;
    if (few_.size() < kFewKeys) {
      few_.push_back(key);
      return true;
    }
    many_.insert(few_.begin(), few_.end());
    few_.clear();
    return many_.insert(key).second;
  }

 private:
  static constexpr std::size_t kFewKeys = 16;
  std::vector<std::string> few_;
  std::set<std::string> many_;
};

}  // namespace

// The SAX handler json::sax_parse drives: member values at depth 1 are kept, everything deeper only checked
// for repeated keys. Strings arrive in the lexer's own buffer, which is wiped once copied.
class RequestObjectReader {
 public:
  using number_integer_t = json::number_integer_t;
  using number_unsigned_t = json::number_unsigned_t;
  using number_float_t = json::number_float_t;
  using string_t = json::string_t;
  using binary_t = json::binary_t;

  explicit RequestObjectReader(RequestObject& object) : object_(object) { object_.members_.reserve(8); }

  bool null() { return value(json(nullptr)); }
  bool boolean(bool v) { return value(json(v)); }
  bool number_integer(number_integer_t v) { return value(json(v)); }
  bool number_unsigned(number_unsigned_t v) { return value(json(v)); }
  bool number_float(number_float_t v, const string_t&) { return value(json(v)); }
  bool string(string_t& v) {
    const bool kept = depth_ == 1 ? value(json(v)) : value(json());
    wipe(v);
    return kept;
  }
  bool binary(binary_t&) { return value(json()); }  // never produced by the JSON lexer

  bool start_object(std::size_t) {
    if (depth_ == 0) top_is_object_ = true;
    if (depth_ == 1) value(json::object());
    open_objects_.resize(++depth_);
    return true;
  }
  bool key(string_t& k) {
    if (!open_objects_[depth_ - 1].insert(k)) duplicate_key_ = true;
    if (depth_ == 1) object_.members_.push_back(RequestMember{k, json()});
    return true;
  }
  bool end_object() {
    open_objects_.resize(--depth_);
    return true;
  }
  bool start_array(std::size_t) {
    if (depth_ == 1) value(json::array());
    open_objects_.resize(++depth_);  // an array has no keys: its entry stays empty
    return true;
  }
  bool end_array() { return end_object(); }

  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) {
    if (const auto* syntax = dynamic_cast<const json::parse_error*>(&e)) {
      // The lexer's message quotes the input near the error, which may be a secret: the position only.
      error_ = ProtocolError{ErrorCode::bad_json, "the line is not valid JSON (error at byte " +
                                                      std::to_string(syntax->byte) + ")"};
    } else {
      // A number too large for a double ("1e400") is out_of_range, not a syntax error.
      error_ = ProtocolError{ErrorCode::bad_json, "the line holds a number out of range"};
    }
    return false;
  }

  std::optional<ProtocolError> outcome() const {
    if (error_) return error_;
    // JSON leaves duplicate keys undefined; a parser would keep the last. Another reader of the same line (a
    // proxy, a log) may take the first, so the request is refused rather than guessed.
    if (duplicate_key_) return ProtocolError{ErrorCode::bad_json, "the request gives a key more than once"};
    if (!top_is_object_) return ProtocolError{ErrorCode::bad_json, "a request must be one JSON object"};
    return std::nullopt;
  }

  void sort_members() { sort_by_key(object_.members_); }

 private:
  // A value at depth 1 belongs to the member whose key came last.
  bool value(json v) {
    if (depth_ == 1 && !object_.members_.empty()) object_.members_.back().value = std::move(v);
    return true;
  }

  RequestObject& object_;
  std::size_t depth_ = 0;
  std::vector<KeySet> open_objects_;
  bool top_is_object_ = false;
  bool duplicate_key_ = false;
  std::optional<ProtocolError> error_;
};

RequestObject::~RequestObject() {
  for (auto& member : members_)
    wipe_strings(member.value);
}

const json* RequestObject::find(std::string_view key) const noexcept {
  for (const auto& member : members_) {
    if (member.key == key) return &member.value;
  }
  return nullptr;
}

Expected<RequestObject, ProtocolError> parse_request_object(std::string_view line) {
  {
    RequestObject plain;  // wipes what it read if the line turns out not to be of the plain shape
    if (read_plain_object(line, plain.members_)) {
      sort_by_key(plain.members_);
      return plain;
    }
  }
  RequestObject object;
  RequestObjectReader reader(object);
  json::sax_parse(line.begin(), line.end(), &reader);
  if (auto problem = reader.outcome()) return Unexpected{std::move(*problem)};
  reader.sort_members();
  return object;
}

}  // namespace alfabravo
