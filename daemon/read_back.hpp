#pragma once
// Where a read-back differs from what was spoken: the fewest character edits (wrong, missing, extra) that
// turn the expected characters into the given ones, in order. Pure; the characters are code points.
#include <cstddef>
#include <optional>
#include <span>
#include <vector>

namespace alfabravo {

enum class DifferenceKind { wrong, missing, extra };

struct Difference {
  DifferenceKind kind;
  std::optional<std::size_t> expected;  // index into the expected text (wrong, missing)
  std::optional<std::size_t> given;     // index into the given text (wrong, extra)
  std::size_t expected_before = 0;      // extra: the expected character it comes before (may be the end)
};

// Longer texts than this (expected × given characters) are compared position by position only.
inline constexpr std::size_t kMaxAlignedCells = std::size_t{1} << 22;

std::vector<Difference> read_back_differences(std::span<const char32_t> expected,
                                              std::span<const char32_t> given);

}  // namespace alfabravo
