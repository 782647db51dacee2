#pragma once
// Where voices are looked for. Apart from the loader (toml++, ICU) so that the client can show the search
// path (`alfabravo --version`) without loading either.
#include <filesystem>
#include <vector>

namespace alfabravo {

// Directories searched for <name>.toml, first match wins:
//   $ALFABRAVO_VOICE_PATH (colon-separated), $XDG_DATA_HOME/alfabravo/voices (~/.local/share/...),
//   each of $XDG_DATA_DIRS/alfabravo/voices, /etc/alfabravo/voices, <install prefix>/share/alfabravo/voices,
//   and <program's directory>/../share/alfabravo/voices (so a build-tree binary finds the source's voices).
std::vector<std::filesystem::path> voice_search_path();
// The same for another program than this one: the client's print helper searches where the client would.
std::vector<std::filesystem::path> voice_search_path(const std::filesystem::path& program);

}  // namespace alfabravo
