#include "protocol/request.hpp"

#include <algorithm>
#include <memory>
#include <set>
#include <utility>
#include <vector>

#include "protocol/device_spec.hpp"
#include "protocol/line_checks.hpp"

namespace alfabravo {

namespace {

using nlohmann::json;

constexpr std::array<std::pair<Op, std::string_view>, 10> kOpNames{{
    {Op::speak, "speak"},
    {Op::stop, "stop"},
    {Op::cancel, "cancel"},
    {Op::transcript, "transcript"},
    {Op::render, "render"},
    {Op::status, "status"},
    {Op::voices, "voices"},
    {Op::devices, "devices"},
    {Op::ping, "ping"},
    {Op::version, "version"},
}};

// Which fields each op takes besides "op" and "id". Unknown fields are refused so that typos are not ignored.
bool op_accepts(Op op, std::string_view key) {
  static constexpr std::array<std::string_view, 5> kSpellingKeys{"text", "mode", "case", "digits", "group"};
  const bool spelling_key = std::find(kSpellingKeys.begin(), kSpellingKeys.end(), key) != kSpellingKeys.end();
  switch (op) {
    case Op::speak:
      return spelling_key || key == "voice" || key == "rate" || key == "device" || key == "detach";
    case Op::transcript:
      return spelling_key || key == "voice";
    case Op::render:
      return spelling_key || key == "voice" || key == "rate" || key == "format";
    case Op::cancel:
      return key == "target";
    default:
      return false;
  }
}

bool takes_text(Op op) {
  return op == Op::speak || op == Op::transcript || op == Op::render;
}

// Overwrites every string inside a parsed request before the DOM is freed: the text may be a password.
void wipe_strings(json& value) {
  if (value.is_string()) {
    wipe(value.get_ref<std::string&>());
  } else if (value.is_structured()) {
    for (auto& child : value)
      wipe_strings(child);  // depth is bounded by ProtocolLimits::max_nesting
  }
}

struct WipeOnExit {
  json& value;
  ~WipeOnExit() { wipe_strings(value); }
};

RequestError error(ErrorCode code, std::string message, std::optional<RequestId> id = std::nullopt) {
  return RequestError{ProtocolError{code, std::move(message)}, std::move(id)};
}

std::optional<ProtocolError> check_text(std::string_view text, const ProtocolLimits& limits) {
  if (text.empty()) return ProtocolError{ErrorCode::bad_text, "the text is empty"};
  if (text.find('\0') != std::string_view::npos) {
    return ProtocolError{ErrorCode::bad_text, "the text contains a NUL character"};
  }
  const std::size_t characters = count_code_points(text);
  if (characters > limits.max_text_characters) {
    return ProtocolError{ErrorCode::too_long, "the text has " + std::to_string(characters) +
                                                  " characters; the limit is " +
                                                  std::to_string(limits.max_text_characters)};
  }
  return std::nullopt;
}

bool valid_voice_name(std::string_view name) {
  // A file stem, never a path: no "/", no "..".
  return !name.empty() && name.size() <= kMaxVoiceNameBytes &&
         std::all_of(name.begin(), name.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                  c == '_';
         });
}

// A parser callback that sets `found` when an object repeats a key. One set of keys per open object (the
// nesting is bounded before parsing); arrays have no keys and need no entry.
json::parser_callback_t duplicate_key_detector(bool& found) {
  auto open_objects = std::make_shared<std::vector<std::set<std::string>>>();
  return [open_objects, &found](int, json::parse_event_t event, json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start:
        open_objects->emplace_back();
        break;
      case json::parse_event_t::object_end:
        if (!open_objects->empty()) open_objects->pop_back();
        break;
      case json::parse_event_t::key:
        if (!open_objects->empty() && !open_objects->back().insert(parsed.get<std::string>()).second) {
          found = true;
        }
        break;
      default:
        break;
    }
    return true;
  };
}

// Reads one field into the request; returns a message for a bad_option error.
std::optional<std::string> read_field(Request& request, const std::string& key, const json& value) {
  const auto want_string = [&](std::string_view allowed) -> std::optional<std::string> {
    if (!value.is_string()) return "\"" + key + "\" must be a string: one of " + std::string(allowed);
    return std::nullopt;
  };
  if (key == "mode") {
    if (auto bad = want_string("spell, url, password")) return bad;
    request.mode = parse_spell_mode(value.get_ref<const std::string&>());
    if (!request.mode) return "\"mode\" must be one of spell, url, password";
  } else if (key == "case") {
    if (auto bad = want_string("capitals, all, none")) return bad;
    request.case_policy = parse_case_policy(value.get_ref<const std::string&>());
    if (!request.case_policy) return "\"case\" must be one of capitals, all, none";
  } else if (key == "digits") {
    if (auto bad = want_string("plain, icao")) return bad;
    request.digits = parse_digit_style(value.get_ref<const std::string&>());
    if (!request.digits) return "\"digits\" must be one of plain, icao";
  } else if (key == "group") {
    if (!value.is_number_integer() || value.get<std::int64_t>() < 0 ||
        value.get<std::int64_t>() > static_cast<std::int64_t>(kMaxGroup)) {
      return "\"group\" must be an integer from 0 (no grouping) to " + std::to_string(kMaxGroup);
    }
    request.group = value.get<std::size_t>();
  } else if (key == "voice") {
    if (!value.is_string() || !valid_voice_name(value.get_ref<const std::string&>())) {
      return "\"voice\" must be a voice name (letters, digits, - and _; see the voices op)";
    }
    request.voice = value.get<std::string>();
  } else if (key == "rate") {
    if (!value.is_number_integer() || value.get<std::int64_t>() < kMinRateWpm ||
        value.get<std::int64_t>() > kMaxRateWpm) {
      return "\"rate\" must be an integer from " + std::to_string(kMinRateWpm) + " to " +
             std::to_string(kMaxRateWpm) + " (words per minute)";
    }
    request.rate = value.get<int>();
  } else if (key == "device") {
    if (!value.is_string() || value.get_ref<const std::string&>().empty() ||
        value.get_ref<const std::string&>().size() > kMaxDeviceNameBytes ||
        value.get_ref<const std::string&>().find('\0') != std::string::npos) {
      return "\"device\" must be a non-empty device name of at most 256 bytes (see the devices op)";
    }
    if (auto problem = request_device_problem(value.get_ref<const std::string&>())) return problem;
    request.device = value.get<std::string>();
  } else if (key == "detach") {
    if (!value.is_boolean()) return "\"detach\" must be true or false";
    request.detach = value.get<bool>();
  } else if (key == "format") {
    std::string formats;
    for (const auto name : kRenderFormats)
      formats += (formats.empty() ? "" : ", ") + std::string(name);
    if (!value.is_string() || std::find(kRenderFormats.begin(), kRenderFormats.end(),
                                        value.get_ref<const std::string&>()) == kRenderFormats.end()) {
      return "\"format\" must be one of " + formats;
    }
    request.format = value.get<std::string>();
  } else if (key == "target") {
    std::string why;
    request.target = request_id_from_json(value, &why);
    if (!request.target) return "\"target\" names the id of the request to cancel: " + why;
  }
  return std::nullopt;
}

Expected<Request, RequestError> parse_json_request(std::string_view line, const ProtocolLimits& limits) {
  if (nests_deeper_than(line, limits.max_nesting)) {
    return Unexpected{error(ErrorCode::bad_json, "the JSON is nested deeper than " +
                                                     std::to_string(limits.max_nesting) + " levels")};
  }
  json object;
  bool duplicate_key = false;
  try {
    object = json::parse(line, duplicate_key_detector(duplicate_key));
  } catch (const json::parse_error& e) {
    // e.what() quotes the input near the error, which may be a secret: report the position only.
    return Unexpected{error(ErrorCode::bad_json,
                            "the line is not valid JSON (error at byte " + std::to_string(e.byte) + ")")};
  } catch (const json::exception&) {
    // Not only parse_error: a number too large for a double ("1e400") throws out_of_range (found by fuzzing).
    return Unexpected{error(ErrorCode::bad_json, "the line holds a number out of range")};
  }
  WipeOnExit wipe_on_exit{object};
  if (duplicate_key) {
    // JSON leaves duplicate keys undefined; the parser would keep the last. Another reader of the same line
    // (a proxy, a log) may take the first, so the request is refused rather than guessed.
    return Unexpected{error(ErrorCode::bad_json, "the request gives a key more than once")};
  }
  if (!object.is_object()) {
    return Unexpected{error(ErrorCode::bad_json, "a request must be one JSON object")};
  }

  Request request;
  if (auto it = object.find("id"); it != object.end() && !it->is_null()) {
    std::string why;
    request.id = request_id_from_json(*it, &why);
    if (!request.id) return Unexpected{error(ErrorCode::bad_option, why)};
  }
  const auto op_field = object.find("op");
  if (op_field == object.end()) {
    return Unexpected{error(ErrorCode::unknown_op, "the request has no \"op\"", request.id)};
  }
  std::optional<Op> op;
  if (op_field->is_string()) op = parse_op(op_field->get_ref<const std::string&>());
  if (!op) {
    std::string names;
    for (const auto& [value, name] : kOpNames)
      names += (names.empty() ? "" : ", ") + std::string(name);
    return Unexpected{error(ErrorCode::unknown_op, "\"op\" must be one of " + names, request.id)};
  }
  request.op = *op;

  for (const auto& [key, value] : object.items()) {
    if (key == "op" || key == "id") continue;
    if (!op_accepts(request.op, key)) {
      return Unexpected{error(ErrorCode::bad_option,
                              "op " + std::string(to_string(request.op)) + " takes no option " +
                                  json(key).dump(-1, ' ', true, json::error_handler_t::replace),
                              request.id)};
    }
    if (key == "text") {
      if (!value.is_string()) {
        return Unexpected{error(ErrorCode::bad_option, "\"text\" must be a string", request.id)};
      }
      request.text = SecretString(value.get<std::string>());
      continue;
    }
    if (auto bad = read_field(request, key, value)) {
      return Unexpected{error(ErrorCode::bad_option, std::move(*bad), request.id)};
    }
  }

  if (takes_text(request.op)) {
    if (object.find("text") == object.end()) {
      return Unexpected{error(ErrorCode::bad_option,
                              "op " + std::string(to_string(request.op)) + " needs \"text\"", request.id)};
    }
    if (auto bad = check_text(request.text.str(), limits)) {
      return Unexpected{RequestError{std::move(*bad), request.id}};
    }
  }
  if (request.op == Op::cancel && !request.target) {
    // Shorthand {"op":"cancel","id":X}: the id names the request to cancel (the reply carries it too).
    if (!request.id) {
      return Unexpected{
          error(ErrorCode::bad_option, "cancel needs \"target\": the id of the request to cancel")};
    }
    request.target = request.id;
  }
  return request;
}

}  // namespace

std::string_view to_string(Op op) noexcept {
  for (const auto& [value, name] : kOpNames) {
    if (value == op) return name;
  }
  return "?";
}

std::optional<Op> parse_op(std::string_view name) noexcept {
  for (const auto& [value, known] : kOpNames) {
    if (known == name) return value;
  }
  return std::nullopt;
}

SpellingOptions Request::spelling_options(const SpellingOptions& defaults) const {
  SpellingOptions options = defaults;
  if (mode) options.mode = *mode;
  if (case_policy) options.case_policy = *case_policy;
  if (digits) options.digits = *digits;
  if (group) options.group = *group;
  return options;
}

Expected<Request, RequestError> parse_request(std::string_view line, const ProtocolLimits& limits) {
  if (line.size() > limits.max_line_bytes) {
    return Unexpected{error(ErrorCode::too_long,
                            "the line is longer than " + std::to_string(limits.max_line_bytes) + " bytes")};
  }
  if (const auto bad = find_invalid_utf8(line)) {
    return Unexpected{
        error(ErrorCode::bad_text, "the line is not valid UTF-8 (byte " + std::to_string(*bad) + ")")};
  }
  if (const auto nul = line.find('\0'); nul != std::string_view::npos) {
    return Unexpected{
        error(ErrorCode::bad_text, "the line contains a NUL byte (byte " + std::to_string(nul) + ")")};
  }
  if (!line.empty() && line.front() == '{') return parse_json_request(line, limits);

  Request request;
  request.op = Op::speak;
  request.plain_text = true;
  if (auto bad = check_text(line, limits)) return Unexpected{RequestError{std::move(*bad), std::nullopt}};
  request.text = SecretString(std::string(line));
  return request;
}

SecretString serialize_request(const Request& request) {
  json object = json::object();
  object["op"] = std::string(to_string(request.op));
  if (request.id) object["id"] = to_json_id(request.id);
  if (takes_text(request.op)) object["text"] = request.text.str();
  if (request.mode) object["mode"] = std::string(to_string(*request.mode));
  if (request.case_policy) object["case"] = std::string(to_string(*request.case_policy));
  if (request.digits) object["digits"] = std::string(to_string(*request.digits));
  if (request.group) object["group"] = *request.group;
  if (request.voice) object["voice"] = *request.voice;
  if (request.rate) object["rate"] = *request.rate;
  if (request.device) object["device"] = *request.device;
  if (request.detach) object["detach"] = true;
  if (request.format) object["format"] = *request.format;
  if (request.target) object["target"] = to_json_id(request.target);
  WipeOnExit wipe_on_exit{object};
  std::string dumped = object.dump(-1, ' ', false, json::error_handler_t::replace);
  SecretString line;
  line.str().reserve(dumped.size() + 1);  // no reallocation below: every copy of the text is wiped
  line.str().append(dumped).push_back('\n');
  wipe(dumped);
  return line;
}

}  // namespace alfabravo
