#include "voice_registry.hpp"

#include "audio/clip_text.hpp"
#include "voice/voice_loader.hpp"
#include "voice/voice_vocabulary.hpp"

namespace alfabravo {

VoiceRegistry::VoiceRegistry(std::vector<std::filesystem::path> search_path, LoadedHook on_first_load)
    : search_path_(std::move(search_path)), on_first_load_(std::move(on_first_load)) {}

Expected<std::shared_ptr<const Voice>, std::string> VoiceRegistry::get(const std::string& name) {
  if (const auto it = loaded_.find(name); it != loaded_.end()) return it->second;
  auto voice = find_voice(name, search_path_);
  if (!voice) return Unexpected{voice.error().message};
  auto shared = std::make_shared<const Voice>(std::move(voice).value());
  // Its words may now be synthesized, whether prepared ahead or rendered on first use.
  admit_clip_texts(vocabulary(*shared));
  loaded_[name] = shared;
  if (on_first_load_) on_first_load_(shared);
  return shared;
}

std::vector<std::string> VoiceRegistry::available() const {
  return available_voices(search_path_);
}

std::vector<VoiceDescription> VoiceRegistry::describe() const {
  std::vector<VoiceDescription> descriptions;
  for (const auto& name : available()) {
    auto voice = find_voice(name, search_path_);
    if (!voice) {
      descriptions.push_back({name, {}, {}, {}, voice.error().message});
      continue;
    }
    descriptions.push_back({name, voice->language, voice->standard, voice->description, {}});
  }
  return descriptions;
}

std::vector<std::string> VoiceRegistry::reload(std::vector<std::filesystem::path> search_path) {
  search_path_ = std::move(search_path);
  std::vector<std::string> failures;
  for (auto& [name, voice] : loaded_) {
    auto fresh = find_voice(name, search_path_);
    if (!fresh) {
      failures.push_back("voice " + name + ": " + fresh.error().message + " (keeping the loaded one)");
      continue;
    }
    voice = std::make_shared<const Voice>(std::move(fresh).value());
    admit_clip_texts(vocabulary(*voice));
  }
  return failures;
}

}  // namespace alfabravo
