#pragma once
// Reads the text to speak from where the command line said: arguments, standard input, the clipboard or a
// prompt with echo off. The text is kept in a SecretString (wiped when released): it is often a password.
#include <string>

#include "client/client_options.hpp"
#include "core/expected.hpp"
#include "protocol/secret.hpp"

namespace alfabravo::client {

// More than any daemon accepts (4096 code points of up to 4 bytes by default): the buffer is reserved once,
// so the text is never copied around the heap by a growing string.
inline constexpr std::size_t kMaxTextBytes = 64 * 1024;

struct TextError {
  int exit_code;        // kExitUsage, or kExitInterrupted when Ctrl-C ended the prompt
  std::string message;  // for a person; never contains the text
};

Expected<SecretString, TextError> read_text(const ClientOptions& options);

// Removes one trailing "\n" (or "\r\n"): what `echo`, a here-string or a copied line adds.
void strip_one_trailing_newline(std::string& text) noexcept;

}  // namespace alfabravo::client
