#pragma once
// Spoken names, from ICU, for the characters a voice has no word for. Every name is safe to give to eSpeak
// NG: lower-case ASCII letters, digits, spaces and hyphens only.
#include <string>

namespace alfabravo {

// The Unicode name in lower case ("cyrillic small letter a", "grinning face"), or for characters without one
// a plain description with the code point in hex: "control character 001b", "private use character e000",
// "noncharacter fffe", "unassigned character e0080". Never empty.
std::string character_name(char32_t code_point);

// The default spoken name of a combining mark: its Unicode name without "combining " and a trailing " accent"
// (U+0301 COMBINING ACUTE ACCENT -> "acute", U+030A COMBINING RING ABOVE -> "ring above").
std::string combining_mark_name(char32_t mark);

}  // namespace alfabravo
