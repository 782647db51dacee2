#pragma once
// `alfabravo --print`: the transcript, computed locally with the project's spelling engine (no daemon), in
// the helper program alfabravo-print (print_helper.hpp says why).
#include <filesystem>
#include <iosfwd>
#include <string_view>
#include <vector>

#include "client/client_options.hpp"
#include "core/expected.hpp"
#include "spelling/spelling_options.hpp"

namespace alfabravo::client {

// The command line's spelling choices as the engine's options (the names were checked by the parser).
SpellingOptions spelling_options(const RequestOptions& request);

// Prints the transcript and a newline to out; on bad input or a missing voice, the message to err. The voice
// is looked for on voice_path. Returns the exit code.
int print_transcript(std::string_view text, const RequestOptions& request,
                     const std::vector<std::filesystem::path>& voice_path, std::ostream& out,
                     std::ostream& err);

}  // namespace alfabravo::client
