#include "read_back.hpp"

#include <algorithm>
#include <cstdint>

namespace alfabravo {

namespace {

std::vector<Difference> by_position(std::span<const char32_t> expected, std::span<const char32_t> given) {
  std::vector<Difference> found;
  const std::size_t common = std::min(expected.size(), given.size());
  for (std::size_t i = 0; i < common; ++i) {
    if (expected[i] != given[i]) found.push_back({DifferenceKind::wrong, i, i, i});
  }
  for (std::size_t i = common; i < expected.size(); ++i)
    found.push_back({DifferenceKind::missing, i, std::nullopt, i});
  for (std::size_t j = common; j < given.size(); ++j)
    found.push_back({DifferenceKind::extra, std::nullopt, j, expected.size()});
  return found;
}

}  // namespace

std::vector<Difference> read_back_differences(std::span<const char32_t> expected,
                                              std::span<const char32_t> given) {
  const std::size_t rows = expected.size() + 1;
  const std::size_t columns = given.size() + 1;
  if (rows * columns > kMaxAlignedCells) return by_position(expected, given);
  // Edit distances of every pair of prefixes (Levenshtein), then one cheapest path back from the end.
  std::vector<std::uint32_t> cost(rows * columns);
  auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t& { return cost[i * columns + j]; };
  for (std::size_t i = 0; i < rows; ++i)
    at(i, 0) = static_cast<std::uint32_t>(i);
  for (std::size_t j = 0; j < columns; ++j)
    at(0, j) = static_cast<std::uint32_t>(j);
  for (std::size_t i = 1; i < rows; ++i) {
    for (std::size_t j = 1; j < columns; ++j) {
      const std::uint32_t diagonal = at(i - 1, j - 1) + (expected[i - 1] == given[j - 1] ? 0 : 1);
      at(i, j) = std::min({diagonal, at(i - 1, j) + 1, at(i, j - 1) + 1});
    }
  }
  std::vector<Difference> found;
  std::size_t i = expected.size();
  std::size_t j = given.size();
  while (i > 0 || j > 0) {
    if (i > 0 && j > 0 && at(i, j) == at(i - 1, j - 1) + (expected[i - 1] == given[j - 1] ? 0 : 1)) {
      if (expected[i - 1] != given[j - 1]) found.push_back({DifferenceKind::wrong, i - 1, j - 1, i - 1});
      --i;
      --j;
    } else if (i > 0 && at(i, j) == at(i - 1, j) + 1) {
      found.push_back({DifferenceKind::missing, i - 1, std::nullopt, i - 1});
      --i;
    } else {
      found.push_back({DifferenceKind::extra, std::nullopt, j - 1, i});
      --j;
    }
  }
  std::reverse(found.begin(), found.end());
  return found;
}

}  // namespace alfabravo
