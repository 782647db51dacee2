#include "spelling/spelled_words.hpp"

namespace alfabravo {

SpelledWords::~SpelledWords() {
  wipe_bytes(words_.data(), words_.size() * sizeof(SpelledWord));  // past the size nothing was written
  for (auto& name : names_)
    wipe(name);
}

std::string_view SpelledWords::keep(std::string& name) {
  names_.push_front(name);
  wipe(name);
  return names_.front();
}

}  // namespace alfabravo
