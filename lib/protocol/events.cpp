#include "protocol/events.hpp"

#include <array>
#include <utility>

#include "core/name_table.hpp"
#include "protocol/base64.hpp"
#include "protocol/json_text.hpp"
#include "protocol/line_checks.hpp"

namespace alfabravo {

namespace {

using nlohmann::json;

constexpr NameTable<EventType, 19> kEventNames{{
    {EventType::queued, "queued"},
    {EventType::started, "started"},
    {EventType::progress, "progress"},
    {EventType::paused, "paused"},
    {EventType::resumed, "resumed"},
    {EventType::jumped, "jumped"},
    {EventType::render, "render"},
    {EventType::audio, "audio"},
    {EventType::done, "done"},
    {EventType::cancelled, "cancelled"},
    {EventType::error, "error"},
    {EventType::ok, "ok"},
    {EventType::pong, "pong"},
    {EventType::version, "version"},
    {EventType::status, "status"},
    {EventType::voices, "voices"},
    {EventType::devices, "devices"},
    {EventType::transcript, "transcript"},
    {EventType::comparison, "comparison"},
}};

// Events are produced by the daemon; a small bound keeps a client safe from a hostile peer too.
constexpr std::size_t kMaxEventNesting = 16;

}  // namespace

std::string_view to_string(EventType type) noexcept {
  return name_of(kEventNames, type, "?");
}

std::optional<EventType> parse_event_type(std::string_view name) noexcept {
  return value_of(kEventNames, name);
}

bool is_final(EventType type) noexcept {
  switch (type) {
    case EventType::queued:
    case EventType::started:
    case EventType::progress:
    case EventType::paused:
    case EventType::resumed:
    case EventType::jumped:
    case EventType::render:
    case EventType::audio:
      return false;
    default:
      return true;
  }
}

ErrorCode Event::error_code() const {
  if (const auto it = body.find("code"); it != body.end() && it->is_string()) {
    if (auto code = parse_error_code(it->get_ref<const std::string&>())) return *code;
  }
  return ErrorCode::internal;
}

std::string Event::error_message() const {
  if (const auto it = body.find("message"); it != body.end() && it->is_string())
    return it->get<std::string>();
  return {};
}

Expected<Event, ProtocolError> parse_event(std::string_view line) {
  if (find_invalid_utf8(line)) return Unexpected{ProtocolError{ErrorCode::bad_json, "event is not UTF-8"}};
  if (nests_deeper_than(line, kMaxEventNesting)) {
    return Unexpected{ProtocolError{ErrorCode::bad_json, "event nests too deeply"}};
  }
  Event event;
  try {
    event.body = json::parse(line);
  } catch (const json::parse_error& e) {
    return Unexpected{ProtocolError{ErrorCode::bad_json,
                                    "event is not JSON (error at byte " + std::to_string(e.byte) + ")"}};
  }
  if (!event.body.is_object())
    return Unexpected{ProtocolError{ErrorCode::bad_json, "event is not an object"}};
  const auto name = event.body.find("event");
  if (name == event.body.end() || !name->is_string()) {
    return Unexpected{ProtocolError{ErrorCode::bad_json, "event has no \"event\" name"}};
  }
  const auto type = parse_event_type(name->get_ref<const std::string&>());
  if (!type) {
    return Unexpected{ProtocolError{ErrorCode::bad_json, "unknown event " + name->dump(-1, ' ', true)}};
  }
  event.type = *type;
  if (const auto id = event.body.find("id"); id != event.body.end() && !id->is_null()) {
    std::string why;
    event.id = request_id_from_json(*id, &why);
    if (!event.id) return Unexpected{ProtocolError{ErrorCode::bad_json, "event id: " + why}};
  }
  return event;
}

json make_event(const std::optional<RequestId>& id, EventType type) {
  json event = json::object();
  event["id"] = to_json_id(id);
  event["event"] = std::string(to_string(type));
  return event;
}

std::string to_line(const json& event) {
  std::string line = event.dump(-1, ' ', false, json::error_handler_t::replace);
  line += '\n';
  return line;
}

std::string queued_line(const RequestId& id, std::size_t position) {
  auto event = make_event(id, EventType::queued);
  event["position"] = position;
  return to_line(event);
}

std::string started_line(const RequestId& id) {
  return to_line(make_event(id, EventType::started));
}

std::string progress_line(const RequestId& id, std::size_t index, std::string_view words, std::size_t group) {
  auto event = make_event(id, EventType::progress);
  event["group"] = group;
  event["index"] = index;
  event["words"] = std::string(words);
  return to_line(event);
}

std::string done_line(const RequestId& id) {
  return to_line(make_event(id, EventType::done));
}

std::string cancelled_line(const RequestId& id) {
  return to_line(make_event(id, EventType::cancelled));
}

std::string error_line(const std::optional<RequestId>& id, ErrorCode code, std::string_view message) {
  auto event = make_event(id, EventType::error);
  event["code"] = std::string(to_string(code));
  event["message"] = std::string(message);
  return to_line(event);
}

std::string audio_line(const RequestId& id, std::size_t seq, std::span<const unsigned char> bytes) {
  // Keys in nlohmann's (sorted) order, so the bytes match the DOM-built events. Base64 needs no escaping.
  // The line is allocated once at its full size: growing it would leave copies of the audio behind, unwiped.
  std::string tail = R"(","event":"audio","id":)";
  json_text::append_id(tail, id);
  tail += R"(,"seq":)";
  json_text::append_number(tail, seq);
  tail += "}\n";
  constexpr std::string_view head = R"({"data":")";
  std::string line;
  line.reserve(head.size() + base64_length(bytes.size()) + tail.size());
  line += head;
  append_base64(line, bytes);
  line += tail;
  return line;
}

}  // namespace alfabravo
