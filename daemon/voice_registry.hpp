#pragma once
// The voices the daemon has loaded, by name: each file is read once, on first use, and kept until a reload.
// Used on the io thread only.
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/expected.hpp"
#include "voice/voice.hpp"

namespace alfabravo {

class VoiceRegistry {
 public:
  explicit VoiceRegistry(std::vector<std::filesystem::path> search_path);

  // The voice, loading it if needed. Error: why it cannot be had (no such voice, or a broken file).
  Expected<std::shared_ptr<const Voice>, std::string> get(const std::string& name);
  // Names of the voice files on the search path.
  std::vector<std::string> available() const;
  // Re-reads every loaded voice (and the search path); a voice whose file is now broken or missing keeps its
  // old definition. Returns one message per voice that could not be reloaded.
  std::vector<std::string> reload(std::vector<std::filesystem::path> search_path);

 private:
  std::vector<std::filesystem::path> search_path_;
  std::map<std::string, std::shared_ptr<const Voice>> loaded_;
};

}  // namespace alfabravo
