#pragma once
// Reading and editing the real voices/en.toml, for tests that need a valid file with one thing wrong.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "alfabravo/build_config.hpp"
#include "temp_dir.hpp"

namespace alfabravo::testing {

inline std::string english_voice_text() {
  std::ifstream file(std::filesystem::path(build::kSourceVoicesDir) / "en.toml");
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

// Where `line_start` begins a line of `text`; fails the test unless that happens exactly once (so that an
// edit never lands in a comment by accident).
inline std::size_t find_line(const std::string& text, const std::string& line_start) {
  std::size_t found = std::string::npos;
  int count = 0;
  for (auto at = text.find(line_start); at != std::string::npos; at = text.find(line_start, at + 1)) {
    if (at == 0 || text[at - 1] == '\n') {
      found = at;
      ++count;
    }
  }
  EXPECT_EQ(count, 1) << "lines starting with: " << line_start;
  return count == 1 ? found : std::string::npos;
}

// The number (1-based) of the one line that starts with `line_start`.
inline std::size_t line_of(const std::string& text, const std::string& line_start) {
  const auto at = find_line(text, line_start);
  if (at == std::string::npos) return 0;
  return 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
}

// `text` with the start of one line, `from`, replaced by `to`.
inline std::string edited(std::string text, const std::string& from, const std::string& to) {
  const auto at = find_line(text, from);
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// The voice tests say TempDir, as every other test does.
using test::TempDir;

}  // namespace alfabravo::testing
