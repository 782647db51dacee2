#include "strict_toml/strict_table.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace alfabravo {

void fail_at(const std::string& file, const toml::source_region& where, std::string_view key,
             std::string_view problem) {
  std::string message = file;
  if (where.begin.line > 0) message += ":" + std::to_string(where.begin.line);
  message.append(": ").append(key).append(": ").append(problem);
  throw TomlError(message);
}

void StrictTable::fail(const toml::node& at, std::string_view key, std::string_view problem) const {
  fail_at(file_, at.source(), prefix_ + std::string(key), problem);
}

void StrictTable::only(std::initializer_list<std::string_view> known) const {
  for (const auto& [key, value] : *table_) {
    if (std::find(known.begin(), known.end(), key.str()) == known.end())
      fail(value, key.str(), "unknown key");
  }
}

std::optional<StrictTable> StrictTable::subtable(std::string_view key, std::string_view problem) const {
  const auto* n = node(key);
  if (n == nullptr) return std::nullopt;
  if (!n->is_table()) fail(*n, key, problem);
  return StrictTable(*n->as_table(), file_, prefix_ + std::string(key) + ".");
}

StrictTable StrictTable::required_subtable(std::string_view key) const {
  if (node(key) == nullptr) {
    fail_at(file_, toml::source_region{}, prefix_ + std::string(key),
            "missing table [" + std::string(key) + "]");
  }
  return *subtable(key);
}

std::optional<std::string> StrictTable::string(std::string_view key) const {
  const auto* n = node(key);
  if (n == nullptr) return std::nullopt;
  if (!n->is_string()) fail(*n, key, "expected a string");
  return n->as_string()->get();
}

std::optional<bool> StrictTable::boolean(std::string_view key) const {
  const auto* n = node(key);
  if (n == nullptr) return std::nullopt;
  if (!n->is_boolean()) fail(*n, key, "expected true or false");
  return n->as_boolean()->get();
}

std::optional<std::int64_t> StrictTable::integer(std::string_view key, std::int64_t min,
                                                 std::int64_t max) const {
  const auto* n = node(key);
  if (n == nullptr) return std::nullopt;
  if (!n->is_integer() || n->as_integer()->get() < min || n->as_integer()->get() > max) {
    fail(*n, key, "expected an integer from " + std::to_string(min) + " to " + std::to_string(max));
  }
  return n->as_integer()->get();
}

std::optional<std::chrono::milliseconds> StrictTable::seconds(std::string_view key, double min,
                                                              double max) const {
  const auto* n = node(key);
  if (n == nullptr) return std::nullopt;
  double value = 0;
  if (n->is_integer()) {
    value = static_cast<double>(n->as_integer()->get());
  } else if (n->is_floating_point()) {
    value = n->as_floating_point()->get();
  } else {
    fail(*n, key, "expected a number of seconds");
  }
  if (!(value >= min && value <= max)) {
    std::ostringstream range;
    range << "expected seconds from " << min << " to " << max;
    fail(*n, key, range.str());
  }
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(value * 1000)));
}

}  // namespace alfabravo
