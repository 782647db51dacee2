#include "client/print_helper.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "alfabravo/build_config.hpp"
#include "client/exit_codes.hpp"
#include "client/print_helper_arguments.hpp"
#include "core/file_descriptor.hpp"
#include "core/this_program.hpp"

extern char** environ;

namespace alfabravo::client {
namespace {

// Starts the helper with `input` as its standard input; the pid, or errno.
int spawn_helper(const std::filesystem::path& helper, const std::vector<std::string>& arguments, int input,
                 pid_t& pid) {
  std::vector<char*> argv;
  std::string program = helper.string();
  argv.push_back(program.data());
  std::vector<std::string> copies = arguments;
  for (auto& argument : copies)
    argv.push_back(argument.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attributes;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, input, STDIN_FILENO);
  posix_spawnattr_init(&attributes);
  // The client ignores SIGPIPE while it writes the text; the helper writing to a closed pipe must die of it
  // as the client used to.
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigdefault(&attributes, &defaults);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF);
  const int error = posix_spawn(&pid, program.c_str(), &actions, &attributes, argv.data(), environ);
  posix_spawnattr_destroy(&attributes);
  posix_spawn_file_actions_destroy(&actions);
  return error;
}

int wait_for(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return kExitDaemonError;
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) {
    // Die of the same signal, so that a shell sees what it saw when --print ran in the client itself.
    ::signal(WTERMSIG(status), SIG_DFL);
    ::raise(WTERMSIG(status));
  }
  return kExitDaemonError;
}

}  // namespace

int run_print_helper(std::string_view text, const RequestOptions& request) {
  const auto client = this_program();
  if (!client) {
    std::cerr << "alfabravo: --print cannot find its helper: /proc/self/exe is not readable\n";
    return kExitDaemonError;
  }
  const auto helper = (client->parent_path() / build::kPrintHelperFromClient).lexically_normal();
  int pipe_ends[2];
  if (::pipe2(pipe_ends, O_CLOEXEC) != 0) {
    std::cerr << "alfabravo: --print: cannot make a pipe: " << std::strerror(errno) << "\n";
    return kExitDaemonError;
  }
  FileDescriptor read_end(pipe_ends[0]);
  FileDescriptor write_end(pipe_ends[1]);
  pid_t pid = 0;
  if (const int error =
          spawn_helper(helper, print_helper_arguments({request, *client}), read_end.get(), pid)) {
    std::cerr << "alfabravo: --print needs " << helper.string() << ", which cannot be run ("
              << std::strerror(error) << "); is alfabravo installed completely?\n";
    return kExitDaemonError;
  }
  read_end.reset();
  // A helper that exits without reading everything (it reports why itself) must not kill the client.
  ::signal(SIGPIPE, SIG_IGN);
  write_all(write_end.get(), text);
  write_end.reset();
  return wait_for(pid);
}

}  // namespace alfabravo::client
