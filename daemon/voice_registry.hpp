#pragma once
// The voices the daemon has loaded, by name: each file is read once, on first use, and kept until a reload.
// Used on the io thread only.
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/expected.hpp"
#include "voice/voice.hpp"

namespace alfabravo {

struct VoiceDescription {
  std::string name;
  std::string language;
  std::string standard;
  std::string description;
  std::string error;  // why the file cannot be used; the rest is then empty
};

class VoiceRegistry {
 public:
  // Called with each voice the first time it is loaded (not on reload): lets the daemon prepare its clips.
  using LoadedHook = std::function<void(const std::shared_ptr<const Voice>&)>;

  explicit VoiceRegistry(std::vector<std::filesystem::path> search_path, LoadedHook on_first_load = {});

  // The voice, loading it if needed. Error: why it cannot be had (no such voice, or a broken file).
  Expected<std::shared_ptr<const Voice>, std::string> get(const std::string& name);
  // Names of the voice files on the search path.
  std::vector<std::string> available() const;
  // Every available voice's language and standard, read from its file (without loading it for use).
  std::vector<VoiceDescription> describe() const;
  // Re-reads every loaded voice (and the search path); a voice whose file is now broken or missing keeps its
  // old definition. Returns one message per voice that could not be reloaded.
  std::vector<std::string> reload(std::vector<std::filesystem::path> search_path);

 private:
  std::vector<std::filesystem::path> search_path_;
  LoadedHook on_first_load_;
  std::map<std::string, std::shared_ptr<const Voice>> loaded_;
};

}  // namespace alfabravo
