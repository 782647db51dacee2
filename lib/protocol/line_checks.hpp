#pragma once
// Cheap checks on a whole request line, made before it reaches the JSON parser or the spelling engine.
#include <cstddef>
#include <optional>
#include <string_view>

namespace alfabravo {

// Offset of the first byte that does not start a well-formed UTF-8 sequence (overlong forms, surrogates and
// code points above U+10FFFF are ill-formed), or nullopt when the whole text is valid.
std::optional<std::size_t> find_invalid_utf8(std::string_view text) noexcept;

// Length of the well-formed UTF-8 sequence that `text` starts with (its first byte is 0x80 or above), or 0
// when that sequence is ill-formed in any of the ways find_invalid_utf8 names.
std::size_t utf8_sequence_length(std::string_view text) noexcept;

// Number of code points of valid UTF-8 text.
std::size_t count_code_points(std::string_view utf8_text) noexcept;

// True when arrays/objects nest deeper than max_depth. nlohmann-json's DOM parser needs memory per level and
// its callers recurse over the result, so depth is bounded before parsing; brackets inside strings do not
// count.
bool nests_deeper_than(std::string_view json_text, std::size_t max_depth) noexcept;

}  // namespace alfabravo
