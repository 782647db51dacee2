#include "client/text_source.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <vector>

#include "client/exit_codes.hpp"
#include "core/file_descriptor.hpp"

extern char** environ;

namespace alfabravo::client {
namespace {

TextError usage_error(std::string message) {
  return TextError{kExitUsage, std::move(message)};
}

enum class ReadResult { complete, too_long, interrupted, failed };

// Set by SIGINT/SIGTERM while the password prompt is up.
volatile std::sig_atomic_t g_interrupted = 0;
extern "C" void note_interrupt(int) {
  g_interrupted = 1;
}

// Appends everything fd delivers until end of file to text, within its reserved capacity (so it never
// reallocates and leaves no copy of the text behind).
ReadResult read_all(int fd, std::string& text) {
  char chunk[4096];
  ReadResult result = ReadResult::complete;
  while (true) {
    const ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n < 0) {
      if (errno == EINTR) continue;
      result = ReadResult::failed;
      break;
    }
    if (n == 0) break;
    if (text.size() + static_cast<std::size_t>(n) > kMaxTextBytes) {
      result = ReadResult::too_long;
      break;
    }
    text.append(chunk, static_cast<std::size_t>(n));
  }
  wipe_bytes(chunk, sizeof chunk);
  return result;
}

SecretString reserved_secret() {
  SecretString secret;
  secret.str().reserve(kMaxTextBytes + 1);
  return secret;
}

std::string too_long_message() {
  return "the text is longer than " + std::to_string(kMaxTextBytes) + " bytes";
}

Expected<SecretString, TextError> from_stream(int fd, const char* what) {
  SecretString text = reserved_secret();
  switch (read_all(fd, text.str())) {
    case ReadResult::complete:
      break;
    case ReadResult::too_long:
      return Unexpected(usage_error(too_long_message()));
    case ReadResult::interrupted:
      return Unexpected(TextError{kExitInterrupted, "interrupted"});
    case ReadResult::failed:
      return Unexpected(usage_error(std::string("cannot read ") + what + ": " + std::strerror(errno)));
  }
  strip_one_trailing_newline(text.str());
  return text;
}

bool is_executable_on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::string dirs = path != nullptr ? path : "/usr/bin:/bin";
  std::size_t start = 0;
  while (start <= dirs.size()) {
    const std::size_t end = std::min(dirs.find(':', start), dirs.size());
    const std::string dir = end > start ? dirs.substr(start, end - start) : ".";
    const std::string candidate = dir + "/" + program;
    if (::access(candidate.c_str(), X_OK) == 0 && !std::filesystem::is_directory(candidate)) return true;
    start = end + 1;
  }
  return false;
}

// The clipboard tools, in the order they are tried: the Wayland one first in a Wayland session.
std::vector<std::vector<std::string>> clipboard_commands() {
  const std::vector<std::string> wayland{"wl-paste", "--no-newline"};
  std::vector<std::vector<std::string>> commands{{"xclip", "-o", "-selection", "clipboard"}, {"xsel", "-ob"}};
  const char* wayland_display = std::getenv("WAYLAND_DISPLAY");
  if (wayland_display != nullptr && *wayland_display != '\0') {
    commands.insert(commands.begin(), wayland);
  } else {
    commands.push_back(wayland);
  }
  return commands;
}

Expected<SecretString, TextError> from_clipboard() {
  for (const auto& command : clipboard_commands()) {
    if (!is_executable_on_path(command.front())) continue;

    int pipe_fds[2];
    if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
      return Unexpected(usage_error(std::string("cannot create a pipe: ") + std::strerror(errno)));
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    std::vector<char*> argv;
    for (const auto& arg : command)
      argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    pid_t pid = 0;
    const int spawn_error = ::posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(pipe_fds[1]);
    if (spawn_error != 0) {
      ::close(pipe_fds[0]);
      continue;
    }
    SecretString text = reserved_secret();
    const ReadResult result = read_all(pipe_fds[0], text.str());
    ::close(pipe_fds[0]);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (result == ReadResult::too_long)
      return Unexpected(usage_error("the clipboard holds " + too_long_message()));
    if (result != ReadResult::complete || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      return Unexpected(
          usage_error("the clipboard is empty or cannot be read (" + command.front() + " failed)"));
    }
    strip_one_trailing_newline(text.str());
    return text;
  }
  return Unexpected(
      usage_error("--clipboard needs wl-paste (wl-clipboard), xclip or xsel; none is installed"));
}

// Turns the terminal's echo off and catches Ctrl-C (and SIGTERM) for as long as the prompt lasts. The signals
// stay blocked except inside ppoll(), so one that arrives just before the wait is not lost (it interrupts the
// wait). The destructor restores the terminal, the signal mask and the previous handlers, in that order.
class EchoOff {
 public:
  explicit EchoOff(int tty) : tty_(tty) {
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    ::sigprocmask(SIG_BLOCK, &block, &previous_mask_);
    wait_mask_ = previous_mask_;
    sigdelset(&wait_mask_, SIGINT);
    sigdelset(&wait_mask_, SIGTERM);
    struct sigaction interrupt {};
    interrupt.sa_handler = note_interrupt;
    sigemptyset(&interrupt.sa_mask);
    ::sigaction(SIGINT, &interrupt, &previous_interrupt_);
    ::sigaction(SIGTERM, &interrupt, &previous_terminate_);
    if (::tcgetattr(tty_, &saved_) == 0) {
      termios quiet = saved_;
      quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO | ECHOE | ECHOK | ECHONL);
      quiet.c_lflag |= ICANON;
      restore_ = ::tcsetattr(tty_, TCSAFLUSH, &quiet) == 0;
    }
  }
  ~EchoOff() {
    if (restore_) ::tcsetattr(tty_, TCSAFLUSH, &saved_);
    ::sigprocmask(SIG_SETMASK, &previous_mask_, nullptr);  // a pending signal reaches note_interrupt here
    ::sigaction(SIGINT, &previous_interrupt_, nullptr);
    ::sigaction(SIGTERM, &previous_terminate_, nullptr);
  }
  EchoOff(const EchoOff&) = delete;
  EchoOff& operator=(const EchoOff&) = delete;
  bool active() const { return restore_; }
  const sigset_t& wait_mask() const { return wait_mask_; }

 private:
  int tty_;
  termios saved_{};
  bool restore_ = false;
  sigset_t previous_mask_{};
  sigset_t wait_mask_{};
  struct sigaction previous_interrupt_ {};
  struct sigaction previous_terminate_ {};
};

// Reads one line from the terminal (canonical mode: it arrives when Enter is pressed), a byte at a time so
// nothing after the newline is consumed; waits in ppoll() with the signals unblocked.
ReadResult read_line(int tty, std::string& text, const sigset_t& wait_mask) {
  char byte = 0;
  ReadResult result = ReadResult::complete;
  while (true) {
    if (g_interrupted) {
      result = ReadResult::interrupted;
      break;
    }
    pollfd readable{tty, POLLIN, 0};
    if (::ppoll(&readable, 1, nullptr, &wait_mask) < 0) {
      if (errno == EINTR) continue;
      result = ReadResult::failed;
      break;
    }
    const ssize_t n = ::read(tty, &byte, 1);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      result = ReadResult::failed;
      break;
    }
    if (n == 0) break;  // Ctrl-D
    if (text.size() + 1 > kMaxTextBytes) {
      result = ReadResult::too_long;
      break;
    }
    text.push_back(byte);
    if (byte == '\n') break;
  }
  wipe_bytes(&byte, sizeof byte);
  return result;
}

Expected<SecretString, TextError> from_prompt(std::string_view prompt) {
  // The terminal itself, not stdin/stdout: they may be redirected, and the secret must never be in argv.
  const int tty = ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (tty < 0) {
    return Unexpected(
        usage_error("--password needs a terminal to ask on; without one, pipe the secret on "
                    "standard input (alfabravo --mode password < file)"));
  }
  SecretString text = reserved_secret();
  ReadResult result;
  {
    g_interrupted = 0;
    EchoOff echo_off(tty);
    if (!echo_off.active()) {
      ::close(tty);
      return Unexpected(usage_error("cannot turn off the terminal's echo, so the secret is not asked for"));
    }
    write_all(tty, prompt);
    result = read_line(tty, text.str(), echo_off.wait_mask());
  }
  if (g_interrupted) result = ReadResult::interrupted;  // also a signal still pending when the prompt ended
  write_all(tty, "\n");
  ::close(tty);
  if (result == ReadResult::interrupted) return Unexpected(TextError{kExitInterrupted, "interrupted"});
  if (result == ReadResult::too_long) return Unexpected(usage_error(too_long_message()));
  if (result == ReadResult::failed) {
    return Unexpected(usage_error(std::string("cannot read from the terminal: ") + std::strerror(errno)));
  }
  strip_one_trailing_newline(text.str());
  return text;
}

}  // namespace

void strip_one_trailing_newline(std::string& text) noexcept {
  if (!text.empty() && text.back() == '\n') {
    text.back() = '\0';
    text.pop_back();
    if (!text.empty() && text.back() == '\r') {
      text.back() = '\0';
      text.pop_back();
    }
  }
}

Expected<SecretString, TextError> read_text(const ClientOptions& options) {
  switch (options.source) {
    case TextSource::arguments: {
      SecretString text = reserved_secret();
      for (const auto& word : options.words) {
        if (text.size() + word.size() + 1 > kMaxTextBytes) return Unexpected(usage_error(too_long_message()));
        if (!text.empty()) text.str().push_back(' ');
        text.str().append(word);
      }
      return text;
    }
    case TextSource::standard_input:
      return from_stream(STDIN_FILENO, "standard input");
    case TextSource::clipboard:
      return from_clipboard();
    case TextSource::password_prompt:
      return from_prompt(options.action == Action::check ? "Read-back to check (not shown): "
                                                         : "Text to spell (not shown): ");
  }
  return Unexpected(usage_error("no text source"));
}

}  // namespace alfabravo::client
