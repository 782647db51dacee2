#include "protocol/error_code.hpp"

#include "core/name_table.hpp"

namespace alfabravo {

namespace {
constexpr NameTable<ErrorCode, 11> kNames{{
    {ErrorCode::bad_json, "bad_json"},
    {ErrorCode::unknown_op, "unknown_op"},
    {ErrorCode::bad_option, "bad_option"},
    {ErrorCode::bad_text, "bad_text"},
    {ErrorCode::too_long, "too_long"},
    {ErrorCode::busy, "busy"},
    {ErrorCode::audio_unavailable, "audio_unavailable"},
    {ErrorCode::forbidden, "forbidden"},
    {ErrorCode::not_found, "not_found"},
    {ErrorCode::timeout, "timeout"},
    {ErrorCode::internal, "internal"},
}};
}  // namespace

std::string_view to_string(ErrorCode code) noexcept {
  return name_of(kNames, code, "internal");
}

std::optional<ErrorCode> parse_error_code(std::string_view name) noexcept {
  return value_of(kNames, name);
}

}  // namespace alfabravo
