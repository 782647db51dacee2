#include "protocol/request.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include "protocol/device_spec.hpp"
#include "protocol/json_wipe.hpp"
#include "protocol/line_checks.hpp"
#include "protocol/request_object.hpp"

namespace alfabravo {

namespace {

using nlohmann::json;

constexpr std::string_view kSpeakFields[] = {"text",  "mode", "case",   "digits", "group",
                                             "voice", "rate", "device", "detach"};
constexpr std::string_view kTranscriptFields[] = {"text", "mode", "case", "digits", "group", "voice"};
constexpr std::string_view kRenderFields[] = {"text",  "mode",  "case", "digits",
                                              "group", "voice", "rate", "format"};
constexpr std::string_view kCancelFields[] = {"target"};
constexpr std::string_view kRepeatFields[] = {"from_group", "from_index", "slower",
                                              "rate",       "device",     "detach"};
constexpr std::string_view kCompareFields[] = {"text", "speak"};
constexpr std::string_view kNavigateFields[] = {"groups"};

constexpr std::array<OpSpec, 17> kOps{{
    {Op::speak, "speak", kSpeakFields, true},
    {Op::stop, "stop", {}, false},
    {Op::cancel, "cancel", kCancelFields, false},
    {Op::transcript, "transcript", kTranscriptFields, true},
    {Op::render, "render", kRenderFields, true},
    {Op::status, "status", {}, false},
    {Op::voices, "voices", {}, false},
    {Op::devices, "devices", {}, false},
    {Op::ping, "ping", {}, false},
    {Op::version, "version", {}, false},
    {Op::pause, "pause", {}, false},
    {Op::resume, "resume", {}, false},
    {Op::repeat, "repeat", kRepeatFields, false},
    {Op::forget, "forget", {}, false},
    {Op::compare, "compare", kCompareFields, true},
    {Op::back, "back", kNavigateFields, false},
    {Op::skip, "skip", kNavigateFields, false},
}};

constexpr bool ops_in_enum_order() {
  for (std::size_t i = 0; i < kOps.size(); ++i) {
    if (static_cast<std::size_t>(kOps[i].op) != i) return false;
  }
  return true;
}
static_assert(ops_in_enum_order(), "kOps has one entry per Op, in the enum's order");

bool op_accepts(Op op, std::string_view key) {
  const auto fields = op_spec(op).fields;
  return std::find(fields.begin(), fields.end(), key) != fields.end();
}

// Overwrites every string inside a parsed request before the DOM is freed: the text may be a password.
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

// Each reader takes one field's value into the request, or returns the message of a bad_option error.
using FieldProblem = std::optional<std::string>;

// "key" must ... : appended, not "literal" + std::string, on which GCC 12 at -O3 warns falsely (-Wrestrict).
std::string field_must(std::string_view key, std::string_view what) {
  return std::string("\"").append(key).append("\" must ").append(what);
}

template <class Enum>
FieldProblem read_name(const json& value, std::string_view key, std::string_view allowed,
                       std::optional<Enum> (*parse)(std::string_view) noexcept, std::optional<Enum>& out) {
  if (!value.is_string()) return field_must(key, "be a string: one of ").append(allowed);
  out = parse(value.get_ref<const std::string&>());
  if (!out) return field_must(key, "be one of ").append(allowed);
  return std::nullopt;
}

bool integer_in(const json& value, std::int64_t low, std::int64_t high) {
  return value.is_number_integer() && value.get<std::int64_t>() >= low && value.get<std::int64_t>() <= high;
}

FieldProblem read_mode(Request& request, const json& value) {
  return read_name(value, "mode", "spell, url, password", parse_spell_mode, request.mode);
}
FieldProblem read_case(Request& request, const json& value) {
  return read_name(value, "case", "capitals, all, none", parse_case_policy, request.case_policy);
}
FieldProblem read_digits(Request& request, const json& value) {
  return read_name(value, "digits", "plain, icao", parse_digit_style, request.digits);
}

FieldProblem read_group(Request& request, const json& value) {
  if (!integer_in(value, 0, static_cast<std::int64_t>(kMaxGroup))) {
    return "\"group\" must be an integer from 0 (no grouping) to " + std::to_string(kMaxGroup);
  }
  request.group = value.get<std::size_t>();
  return std::nullopt;
}

FieldProblem read_voice(Request& request, const json& value) {
  if (!value.is_string() || !valid_voice_name(value.get_ref<const std::string&>())) {
    return "\"voice\" must be a voice name (letters, digits, - and _; see the voices op)";
  }
  request.voice = value.get<std::string>();
  return std::nullopt;
}

FieldProblem read_rate(Request& request, const json& value) {
  if (!integer_in(value, kMinRateWpm, kMaxRateWpm)) {
    return "\"rate\" must be an integer from " + std::to_string(kMinRateWpm) + " to " +
           std::to_string(kMaxRateWpm) + " (words per minute)";
  }
  request.rate = value.get<int>();
  return std::nullopt;
}

FieldProblem read_device(Request& request, const json& value) {
  if (!value.is_string() || value.get_ref<const std::string&>().empty() ||
      value.get_ref<const std::string&>().size() > kMaxDeviceNameBytes ||
      value.get_ref<const std::string&>().find('\0') != std::string::npos) {
    return "\"device\" must be a non-empty device name of at most 256 bytes (see the devices op)";
  }
  if (auto problem = request_device_problem(value.get_ref<const std::string&>())) return problem;
  request.device = value.get<std::string>();
  return std::nullopt;
}

FieldProblem read_detach(Request& request, const json& value) {
  if (!value.is_boolean()) return "\"detach\" must be true or false";
  request.detach = value.get<bool>();
  return std::nullopt;
}

FieldProblem read_format(Request& request, const json& value) {
  if (!value.is_string() || std::find(kRenderFormats.begin(), kRenderFormats.end(),
                                      value.get_ref<const std::string&>()) == kRenderFormats.end()) {
    std::string formats;
    for (const auto name : kRenderFormats)
      formats += (formats.empty() ? "" : ", ") + std::string(name);
    return "\"format\" must be one of " + formats;
  }
  request.format = value.get<std::string>();
  return std::nullopt;
}

FieldProblem read_target(Request& request, const json& value) {
  std::string why;
  request.target = request_id_from_json(value, &why);
  if (!request.target) return "\"target\" names the id of the request to cancel: " + why;
  return std::nullopt;
}

FieldProblem read_from_group(Request& request, const json& value) {
  if (!integer_in(value, 1, static_cast<std::int64_t>(kDefaultMaxCharacters))) {
    return "\"from_group\" must be a group number, from 1";
  }
  request.from_group = value.get<std::size_t>();
  return std::nullopt;
}

FieldProblem read_from_index(Request& request, const json& value) {
  if (!integer_in(value, 0, static_cast<std::int64_t>(kDefaultMaxCharacters))) {
    return "\"from_index\" must be a character index, from 0";
  }
  request.from_index = value.get<std::size_t>();
  return std::nullopt;
}

FieldProblem read_slower(Request& request, const json& value) {
  if (!value.is_boolean()) return "\"slower\" must be true or false";
  request.slower = value.get<bool>();
  return std::nullopt;
}

FieldProblem read_speak(Request& request, const json& value) {
  if (!value.is_boolean()) return "\"speak\" must be true or false";
  request.speak = value.get<bool>();
  return std::nullopt;
}

FieldProblem read_groups(Request& request, const json& value) {
  if (!integer_in(value, 0, static_cast<std::int64_t>(kMaxNavigateGroups))) {
    return "\"groups\" must be an integer from 0 (back: the start of this group again) to " +
           std::to_string(kMaxNavigateGroups);
  }
  request.groups = value.get<std::size_t>();
  return std::nullopt;
}

FieldProblem read_text(Request& request, const json& value) {
  if (!value.is_string()) return "\"text\" must be a string";
  request.text = SecretString(value.get<std::string>());
  return std::nullopt;
}

constexpr std::array<std::pair<std::string_view, FieldProblem (*)(Request&, const json&)>, 16> kFieldReaders{{
    {"text", read_text},
    {"mode", read_mode},
    {"case", read_case},
    {"digits", read_digits},
    {"group", read_group},
    {"voice", read_voice},
    {"rate", read_rate},
    {"device", read_device},
    {"detach", read_detach},
    {"format", read_format},
    {"target", read_target},
    {"from_group", read_from_group},
    {"from_index", read_from_index},
    {"slower", read_slower},
    {"groups", read_groups},
    {"speak", read_speak},
}};

FieldProblem read_field(Request& request, const std::string& key, const json& value) {
  for (const auto& [name, reader] : kFieldReaders) {
    if (name == key) return reader(request, value);
  }
  return std::nullopt;  // op_accepts() admits only the keys above
}

// The line's members, refused before parsing when nested too deep (the parser recurses no further than this).
Expected<RequestObject, RequestError> parse_object(std::string_view line, const ProtocolLimits& limits) {
  if (nests_deeper_than(line, limits.max_nesting)) {
    return Unexpected{error(ErrorCode::bad_json, "the JSON is nested deeper than " +
                                                     std::to_string(limits.max_nesting) + " levels")};
  }
  auto object = parse_request_object(line);
  if (!object) return Unexpected{RequestError{object.error(), std::nullopt}};
  return std::move(object).value();
}

// "id" and "op", read first so that every later error can carry the client's id.
std::optional<RequestError> read_id_and_op(Request& request, const RequestObject& object) {
  if (const auto* it = object.find("id"); it != nullptr && !it->is_null()) {
    std::string why;
    request.id = request_id_from_json(*it, &why);
    if (!request.id) return error(ErrorCode::bad_option, why);
  }
  const auto* op_field = object.find("op");
  if (op_field == nullptr) return error(ErrorCode::unknown_op, "the request has no \"op\"", request.id);
  std::optional<Op> op;
  if (op_field->is_string()) op = parse_op(op_field->get_ref<const std::string&>());
  if (!op) {
    std::string names;
    for (const auto& spec : kOps)
      names += (names.empty() ? "" : ", ") + std::string(spec.name);
    return error(ErrorCode::unknown_op, "\"op\" must be one of " + names, request.id);
  }
  request.op = *op;
  return std::nullopt;
}

std::optional<RequestError> read_fields(Request& request, const RequestObject& object) {
  for (const auto& [key, value] : object.members()) {
    if (key == "op" || key == "id") continue;
    if (!op_accepts(request.op, key)) {
      return error(ErrorCode::bad_option,
                   "op " + std::string(to_string(request.op)) + " takes no option " +
                       json(key).dump(-1, ' ', true, json::error_handler_t::replace),
                   request.id);
    }
    if (auto bad = read_field(request, key, value))
      return error(ErrorCode::bad_option, std::move(*bad), request.id);
  }
  return std::nullopt;
}

// What an op needs beyond its fields' own checks.
std::optional<RequestError> check_complete(Request& request, const RequestObject& object,
                                           const ProtocolLimits& limits) {
  if (op_spec(request.op).takes_text) {
    if (object.find("text") == nullptr) {
      return error(ErrorCode::bad_option, "op " + std::string(to_string(request.op)) + " needs \"text\"",
                   request.id);
    }
    if (auto bad = check_text(request.text.str(), limits)) return RequestError{std::move(*bad), request.id};
  }
  if (request.from_group && request.from_index) {
    return error(ErrorCode::bad_option, "repeat takes \"from_group\" or \"from_index\", not both",
                 request.id);
  }
  if (request.op == Op::skip && request.groups == 0u) {
    return error(
        ErrorCode::bad_option,
        "skip moves at least 1 group forward (\"groups\": 1 to " + std::to_string(kMaxNavigateGroups) + ")",
        request.id);
  }
  if (request.op == Op::cancel && !request.target) {
    // Shorthand {"op":"cancel","id":X}: the id names the request to cancel (the reply carries it too).
    if (!request.id)
      return error(ErrorCode::bad_option, "cancel needs \"target\": the id of the request to cancel");
    request.target = request.id;
  }
  return std::nullopt;
}

Expected<Request, RequestError> parse_json_request(std::string_view line, const ProtocolLimits& limits) {
  auto object = parse_object(line, limits);
  if (!object) return Unexpected{object.error()};
  Request request;
  for (const auto& step : {read_id_and_op, read_fields}) {
    if (auto failure = step(request, *object)) return Unexpected{std::move(*failure)};
  }
  if (auto failure = check_complete(request, *object, limits)) return Unexpected{std::move(*failure)};
  return request;
}

}  // namespace

std::span<const OpSpec> op_specs() noexcept {
  return kOps;
}

const OpSpec& op_spec(Op op) noexcept {
  return kOps[static_cast<std::size_t>(op)];
}

std::string_view to_string(Op op) noexcept {
  return op_spec(op).name;
}

std::optional<Op> parse_op(std::string_view name) noexcept {
  for (const auto& spec : kOps) {
    if (spec.name == name) return spec.op;
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
  if (op_spec(request.op).takes_text) object["text"] = request.text.str();
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
  if (request.from_group) object["from_group"] = *request.from_group;
  if (request.from_index) object["from_index"] = *request.from_index;
  if (request.slower) object["slower"] = true;
  if (request.groups) object["groups"] = *request.groups;
  if (request.speak) object["speak"] = true;
  WipeOnExit wipe_on_exit{object};
  std::string dumped = object.dump(-1, ' ', false, json::error_handler_t::replace);
  SecretString line;
  line.str().reserve(dumped.size() + 1);  // no reallocation below: every copy of the text is wiped
  line.str().append(dumped).push_back('\n');
  wipe(dumped);
  return line;
}

}  // namespace alfabravo
