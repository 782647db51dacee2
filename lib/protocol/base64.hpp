#pragma once
// Standard base64 (RFC 4648, with padding), used for rendered audio inside JSON events.
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace alfabravo {

// The length of the text for `bytes` bytes (padded to whole groups of four).
constexpr std::size_t base64_length(std::size_t bytes) noexcept {
  return (bytes + 2) / 3 * 4;
}
std::string base64_encode(std::span<const unsigned char> bytes);
// The same text appended to `out` (growing it once), e.g. straight into the line of an event.
void append_base64(std::string& out, std::span<const unsigned char> bytes);
// nullopt when the text is not canonical padded base64.
std::optional<std::vector<unsigned char>> base64_decode(std::string_view text);

}  // namespace alfabravo
