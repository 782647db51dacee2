// alfabravo-print: the local spelling engine behind `alfabravo --print`, which runs it (print_helper.hpp).
// Not for people: its arguments are the client's spelling choices (print_helper_arguments.hpp), its standard
// input the text; it prints the transcript, or the error, as the client would, and exits with the client's
// code.
#include <sys/prctl.h>
#include <unistd.h>

#include <cerrno>
#include <iostream>
#include <string>
#include <vector>

#include "client/exit_codes.hpp"
#include "client/print_command.hpp"
#include "client/print_helper_arguments.hpp"
#include "protocol/secret.hpp"
#include "voice/voice_search_path.hpp"

namespace {

// More than the client ever sends (it reads at most 64 KiB): reserved once, so that the text is not copied
// around the heap by a growing buffer.
constexpr std::size_t kMaxTextBytes = 64 * 1024 + 1;

// All of standard input, or nothing when it cannot be read.
bool read_text(alfabravo::SecretString& text) {
  std::string& buffer = text.str();
  buffer.resize(kMaxTextBytes);
  std::size_t size = 0;
  while (size < buffer.size()) {
    const ssize_t got = ::read(STDIN_FILENO, buffer.data() + size, buffer.size() - size);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return false;
    if (got == 0) break;
    size += static_cast<std::size_t>(got);
  }
  buffer.resize(size);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace alfabravo::client;
  const auto request = parse_print_helper_arguments(std::vector<std::string>(argv + 1, argv + argc));
  if (!request) {
    std::cerr << "alfabravo-print: " << request.error() << " (this program is run by alfabravo --print)\n";
    return kExitUsage;
  }
  // It holds nothing but the text, often a password (the client, in password mode, is not dumpable either):
  // no core dump of it, no ptrace by other processes of the user.
  ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
  alfabravo::SecretString text;
  if (!read_text(text)) {
    std::cerr << "alfabravo: --print could not read the text from alfabravo\n";
    return kExitDaemonError;
  }
  return print_transcript(text.str(), request->request, alfabravo::voice_search_path(request->client_program),
                          std::cout, std::cerr);
}
