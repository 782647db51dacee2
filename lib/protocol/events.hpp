#pragma once
// Replies and events of the socket protocol: one JSON object per line, each carrying its request's "id" and
// an "event" name. Built by the daemon, parsed by the client (and the tests).
#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/expected.hpp"
#include "protocol/error_code.hpp"
#include "protocol/request_id.hpp"

namespace alfabravo {

enum class EventType {
  // speak: queued, started, progress..., then exactly one of done / cancelled / error
  queued,
  started,
  progress,
  paused,   // speak: the pause op cut it at "index" (resuming starts there again)
  resumed,  // speak: playing again from "index"
  jumped,   // speak: back or skip moved it to the start of "group" (its first character: "index")
  // render: render (the header), audio... (base64 chunks), then done / cancelled / error
  render,
  audio,
  done,
  cancelled,
  error,
  // the single reply of the other ops
  ok,  // stop, cancel
  pong,
  version,
  status,
  voices,
  devices,
  transcript,
  comparison,  // compare: where a read-back differs from the held utterance
};

std::string_view to_string(EventType type) noexcept;
std::optional<EventType> parse_event_type(std::string_view name) noexcept;
// True for the last message a request receives: nothing with its id follows.
bool is_final(EventType type) noexcept;

struct Event {
  std::optional<RequestId> id;  // nullopt for connection-level errors ("id": null)
  EventType type = EventType::error;
  nlohmann::json body;  // the whole object, for the event's own fields

  // For error events: the code and message (internal / "" when missing).
  ErrorCode error_code() const;
  std::string error_message() const;
};

Expected<Event, ProtocolError> parse_event(std::string_view line);

// {"id": id, "event": name}, to which a builder adds the event's fields.
nlohmann::json make_event(const std::optional<RequestId>& id, EventType type);
// One line, "\n" included. Invalid UTF-8 (never produced by the daemon) is replaced rather than thrown on.
std::string to_line(const nlohmann::json& event);

std::string queued_line(const RequestId& id, std::size_t position);
std::string started_line(const RequestId& id);
// index: the source character (in code points) now being spoken; words: what is said for it; group: the
// group (1-based run of words between pauses) it is heard in.
std::string progress_line(const RequestId& id, std::size_t index, std::string_view words, std::size_t group);
std::string done_line(const RequestId& id);
std::string cancelled_line(const RequestId& id);
std::string error_line(const std::optional<RequestId>& id, ErrorCode code, std::string_view message);

// The transcript reply,
// {"event":"transcript","id":..,"transcript":..,"words":[{"index":..,"kind":..,"word":..}]}, written without
// a DOM (it is the hot path of a busy daemon); the same bytes as to_line() of that object. The transcript is
// the words that are not empty, joined by spaces. The line spells the text: the caller wipes it when done.
struct TranscriptWord {
  std::string_view word;
  std::size_t index;  // the source character
  std::string_view kind;
};
std::string transcript_line(const RequestId& id, std::span<const TranscriptWord> words);

// A chunk of a rendered file, {"data":<base64 of bytes>,"event":"audio","id":..,"seq":..}, written without a
// DOM (a render is megabytes of it); the same bytes as to_line() of that object. The line spells what the
// audio says: the caller wipes it when done.
std::string audio_line(const RequestId& id, std::size_t seq, std::span<const unsigned char> bytes);

}  // namespace alfabravo
