#pragma once
// The stable error codes of the protocol: clients switch on them, so names never change meaning.
#include <optional>
#include <string>
#include <string_view>

namespace alfabravo {

enum class ErrorCode {
  bad_json,           // the line starts with "{" but is not one valid JSON object (or is nested too deeply)
  unknown_op,         // "op" is missing or names no operation
  bad_option,         // an option is unknown for the op, has the wrong type or an invalid value
  bad_text,           // the text (or the line) is not UTF-8, contains a NUL byte, or is empty
  too_long,           // a line or a text is over its limit
  busy,               // a limit on queued utterances, pending renders or clients was reached: retry later
  audio_unavailable,  // no audio output could be opened (speak only; transcript and render still work)
  forbidden,          // the peer runs as another user
  not_found,          // cancel: no open request has that id; speak/render/transcript: no such voice or device
  timeout,            // the connection sent a partial line (or nothing) for too long and is closed
  internal,           // a bug or an unexpected failure inside the daemon
};

std::string_view to_string(ErrorCode code) noexcept;
std::optional<ErrorCode> parse_error_code(std::string_view name) noexcept;

struct ProtocolError {
  ErrorCode code = ErrorCode::internal;
  std::string message;  // for a person; never quotes the caller's text
};

}  // namespace alfabravo
