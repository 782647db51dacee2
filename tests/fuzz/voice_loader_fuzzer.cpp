// Fuzzes parse_voice() with arbitrary TOML text: it must return a voice or an error naming the file, never
// crash, and a voice it accepts must be complete.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string_view>

#include "voice/voice_loader.hpp"
#include "voice/voice_vocabulary.hpp"

namespace {

[[noreturn]] void violated(const char* what) {
  std::cerr << "invariant violated: " << what << "\n";
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto voice = alfabravo::parse_voice(text, "fuzz.toml");
  if (!voice) {
    if (voice.error().message.rfind("fuzz.toml", 0) != 0) violated("an error that does not name the file");
    return 0;
  }
  for (const auto& [letters, word] : voice->letters) {
    if (letters.empty() || letters.size() > voice->longest_letter) violated("a letter key of a bad length");
    if (word.display.empty() || word.speak.empty()) violated("an accepted voice with an empty letter");
  }
  for (char32_t c = U'a'; c <= U'z'; ++c) {
    if (!voice->letters.contains(std::u32string(1, c))) violated("an accepted voice without a letter a-z");
  }
  if (voice->names_espeak_voice.empty()) violated("an accepted voice without a voice for Unicode names");
  for (const auto& digit : voice->digits_plain) {
    if (digit.display.empty() || digit.speak.empty()) violated("an accepted voice with an empty digit");
  }
  if (voice->symbols.size() < 35) violated("an accepted voice without all symbols");
  if (alfabravo::vocabulary(*voice).empty()) violated("an accepted voice without words");
  return 0;
}
