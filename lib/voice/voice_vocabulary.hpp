#pragma once
// Every clip text the spelling engine can take from a voice file, for rendering them all ahead of time.
// Unicode character names (and the default names of diacritic marks) are not part of it: they come from ICU
// and are rendered on demand.
#include <string>
#include <vector>

#include "voice/voice.hpp"

namespace alfabravo {

// Distinct speak texts of the voice's letters, digits (both styles), symbols, case words, url words, mark
// names and messages, in that order, each once.
std::vector<std::string> vocabulary(const Voice& voice);

}  // namespace alfabravo
