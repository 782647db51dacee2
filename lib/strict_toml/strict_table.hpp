#pragma once
// Strict reading of the TOML files users write (voices, the daemon's config): a key nobody knows or a value
// of the wrong type is an error naming the file, the line and the key, never something silently ignored.
#include <toml++/toml.h>

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace alfabravo {

// What strict reading throws. what() is the whole message for the user: "<file>[:<line>]: <key>: <problem>".
class TomlError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws TomlError for `key` (its full path) of `file`, at the line `where` begins on when it has one.
[[noreturn]] void fail_at(const std::string& file, const toml::source_region& where, std::string_view key,
                          std::string_view problem);

// One table of a file, read strictly; keys are named in messages with this table's `prefix` ("speech.").
class StrictTable {
 public:
  StrictTable(const toml::table& table, std::string file, std::string prefix = "")
      : table_(&table), file_(std::move(file)), prefix_(std::move(prefix)) {}

  const toml::table& table() const { return *table_; }
  const std::string& file() const { return file_; }
  const toml::node* node(std::string_view key) const { return table_->get(key); }

  // Refuses keys that are not in `known`: a typo must not be silently ignored.
  void only(std::initializer_list<std::string_view> known) const;

  // The table under `key`, read as strictly (its keys prefixed "<key>."); nullopt when there is none, and
  // `problem` when the value is not a table.
  std::optional<StrictTable> subtable(std::string_view key,
                                      std::string_view problem = "expected a table") const;
  // The same, for a table the file must have: "missing table [<key>]", with no line (it is nowhere in the
  // file).
  StrictTable required_subtable(std::string_view key) const;

  // Optional values: nullopt when the key is absent, an error when its value is of another type or range.
  std::optional<std::string> string(std::string_view key) const;  // "expected a string"
  std::optional<bool> boolean(std::string_view key) const;        // "expected true or false"
  // "expected an integer from <min> to <max>", for a value of another type too.
  std::optional<std::int64_t> integer(std::string_view key, std::int64_t min, std::int64_t max) const;
  // A whole or fractional number of seconds: "expected a number of seconds", "expected seconds from .. to
  // ..".
  std::optional<std::chrono::milliseconds> seconds(std::string_view key, double min, double max) const;

  // Throws TomlError for this table's `key`, at the line of `at`.
  [[noreturn]] void fail(const toml::node& at, std::string_view key, std::string_view problem) const;

 private:
  const toml::table* table_;
  std::string file_;
  std::string prefix_;
};

}  // namespace alfabravo
