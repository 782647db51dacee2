#pragma once
// Requests of the socket protocol: one line each, either a JSON object or plain text to speak.
// parse_request() is shared by the daemon (reading) and tests; serialize_request() by the client (writing).
#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/expected.hpp"
#include "core/limits.hpp"
#include "protocol/error_code.hpp"
#include "protocol/request_id.hpp"
#include "protocol/secret.hpp"
#include "spelling/spelling_options.hpp"

namespace alfabravo {

inline constexpr int kProtocolVersion = 1;

enum class Op {
  speak,
  stop,
  cancel,
  transcript,
  render,
  status,
  voices,
  devices,
  ping,
  version,
  pause,
  resume,
  repeat,
  forget,
  compare,
  back,
  skip,
};
std::string_view to_string(Op op) noexcept;
std::optional<Op> parse_op(std::string_view name) noexcept;

// What the protocol knows of an op: its name on the wire, the fields it accepts besides "op" and "id"
// (anything else is refused, so that a typo is not silently ignored), and whether it needs "text". One
// entry per Op, in the enum's order; the daemon's handler table (daemon/op_table.cpp) follows the same order.
struct OpSpec {
  Op op;
  std::string_view name;
  std::span<const std::string_view> fields;
  bool takes_text = false;
};
std::span<const OpSpec> op_specs() noexcept;
const OpSpec& op_spec(Op op) noexcept;

// Formats a render request may ask for; the daemon's encoder implements each of them.
inline constexpr std::array<std::string_view, 7> kRenderFormats{"wav8k", "wav16k", "wav22k", "wav48k",
                                                                "wav",   "ulaw",   "alaw"};
inline constexpr std::string_view kDefaultRenderFormat = "wav";

inline constexpr std::size_t kMaxVoiceNameBytes = 64;
inline constexpr std::size_t kMaxDeviceNameBytes = 256;

struct ProtocolLimits {
  std::size_t max_line_bytes = 64 * 1024;
  std::size_t max_text_characters = kDefaultMaxCharacters;
  std::size_t max_nesting = 8;  // a valid request nests 1 level deep; more is refused before parsing
};

struct Request {
  Op op = Op::ping;
  std::optional<RequestId> id;  // nullopt: the daemon assigns one
  bool plain_text = false;      // the line was not JSON: speak `text` with the daemon's defaults

  // speak, transcript, render
  SecretString text;
  std::optional<SpellMode> mode;
  std::optional<CasePolicy> case_policy;
  std::optional<DigitStyle> digits;
  std::optional<std::size_t> group;
  std::optional<std::string> voice;
  std::optional<int> rate;  // words per minute; speak and render
  // speak
  std::optional<std::string> device;
  bool detach = false;  // keep playing when this connection closes
  // render
  std::optional<std::string> format;
  // cancel
  std::optional<RequestId> target;
  // repeat: where to start again (a group, 1-based; or a source character, 0-based), and 0.8x the rate
  std::optional<std::size_t> from_group;
  std::optional<std::size_t> from_index;
  bool slower = false;
  // compare: also speak the result
  bool speak = false;
  // back, skip: how many groups to move (back: 0 restarts the group being heard); nullopt: 1
  std::optional<std::size_t> groups;

  // The daemon's defaults with this request's choices applied.
  SpellingOptions spelling_options(const SpellingOptions& defaults) const;
};

struct RequestError {
  ProtocolError error;
  std::optional<RequestId> id;  // the client's id when it could be read, so the error reply carries it
};

Expected<Request, RequestError> parse_request(std::string_view line, const ProtocolLimits& limits = {});

// One JSON line, "\n" included, wiped when dropped (it may hold the text). Plain-text requests are written
// as JSON too (their text may start with "{").
SecretString serialize_request(const Request& request);

}  // namespace alfabravo
