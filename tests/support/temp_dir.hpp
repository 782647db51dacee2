#pragma once
// The one temporary directory of the C++ tests: fresh and private (mkdtemp, mode 0700) under the system's
// temp dir, removed with everything in it when its owner goes.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

namespace alfabravo::test {

class TempDir {
 public:
  // `prefix` names the directory (`<prefix>-XXXXXX`), so that one left behind by a killed test says whose it
  // is.
  explicit TempDir(std::string_view prefix = "alfabravo-test") {
    std::string pattern = (std::filesystem::temp_directory_path() / prefix).string() + "-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed for " + pattern);
    path_ = pattern;
  }
  ~TempDir() {
    // Some tests take the owner's own rights away to see a refusal; give them back, or nothing is removed.
    std::error_code ignored;
    std::filesystem::permissions(path_, std::filesystem::perms::owner_all, ignored);
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

  // Writes `content` to `relative` inside the directory (creating the directories between) and returns its
  // path.
  std::filesystem::path write(const std::filesystem::path& relative, const std::string& content) const {
    const auto file = path_ / relative;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << content;
    return file;
  }

 private:
  std::filesystem::path path_;
};

}  // namespace alfabravo::test
