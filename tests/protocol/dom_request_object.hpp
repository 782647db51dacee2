#pragma once
// The reference parse_request_object() must agree with: json::parse into a whole DOM, with a parser callback
// noticing keys given twice (how the daemon read request lines before). Shared by the unit test and the
// protocol fuzzer.
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/request_object.hpp"

namespace alfabravo::testing {

struct DomRequestObject {
  std::optional<std::string> error;  // the message the daemon answered with
  nlohmann::json object;
};

inline DomRequestObject dom_request_object(std::string_view line) {
  using nlohmann::json;
  std::vector<std::set<std::string>> open_objects;
  bool duplicate_key = false;
  json::parser_callback_t detector = [&](int, json::parse_event_t event, json& parsed) {
    if (event == json::parse_event_t::object_start) open_objects.emplace_back();
    if (event == json::parse_event_t::object_end && !open_objects.empty()) open_objects.pop_back();
    if (event == json::parse_event_t::key && !open_objects.empty() &&
        !open_objects.back().insert(parsed.get<std::string>()).second) {
      duplicate_key = true;
    }
    return true;
  };
  DomRequestObject out;
  try {
    out.object = json::parse(line, detector);
  } catch (const json::parse_error& e) {
    out.error = "the line is not valid JSON (error at byte " + std::to_string(e.byte) + ")";
    return out;
  } catch (const json::exception&) {
    out.error = "the line holds a number out of range";
    return out;
  }
  if (duplicate_key) {
    out.error = "the request gives a key more than once";
  } else if (!out.object.is_object()) {
    out.error = "a request must be one JSON object";
  }
  return out;
}

// Empty when both agree: the same error, or the same members in the same order with the same values (an
// array or object value by its type only, as parse_request_object keeps it).
inline std::string request_object_difference(std::string_view line) {
  const auto want = dom_request_object(line);
  const auto got = parse_request_object(line);
  if (want.error || !got) {
    const std::string want_text = want.error ? *want.error : "success";
    const std::string got_text = got ? "success" : got.error().message;
    if (want_text != got_text) return "nlohmann: " + want_text + "; ours: " + got_text;
    if (!got && got.error().code != ErrorCode::bad_json) return "not bad_json";
    return {};
  }
  const auto members = got.value().members();
  if (members.size() != want.object.size()) return "a different number of members";
  std::size_t i = 0;
  for (const auto& [key, value] : want.object.items()) {
    const auto& member = members[i++];
    if (member.key != key) return "member " + std::to_string(i) + ": key " + member.key + " vs " + key;
    const bool same = value.is_structured() ? member.value.type() == value.type() && member.value.empty()
                                            : member.value == value && member.value.type() == value.type();
    if (!same) return "member " + key + ": " + member.value.dump() + " vs " + value.dump();
  }
  return {};
}

}  // namespace alfabravo::testing
