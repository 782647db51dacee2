#include "client/terminal_raw_mode.hpp"

#include <signal.h>
#include <unistd.h>

#include <array>
#include <cerrno>

namespace alfabravo::client {
namespace {

constexpr char kShowCursor[] = "\033[?25h";
constexpr char kHideCursor[] = "\033[?25l";
constexpr std::array kRestoringSignals{SIGTERM, SIGHUP, SIGQUIT, SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL};

// Read by the signal handler: plain globals set before it is installed (one raw mode at a time).
int g_tty = -1;
bool g_cursor_hidden = false;
termios g_saved{};
std::array<struct sigaction, kRestoringSignals.size()> g_previous{};

// Only async-signal-safe calls: tcsetattr and write.
void restore_terminal() noexcept {
  if (g_tty < 0) return;
  ::tcsetattr(g_tty, TCSAFLUSH, &g_saved);
  if (g_cursor_hidden) {
    [[maybe_unused]] const ssize_t ignored = ::write(g_tty, kShowCursor, sizeof kShowCursor - 1);
  }
}

extern "C" void restore_and_reraise(int signal_number) {
  const int saved_errno = errno;
  restore_terminal();
  g_tty = -1;
  for (std::size_t i = 0; i < kRestoringSignals.size(); ++i) {
    if (kRestoringSignals[i] == signal_number) ::sigaction(signal_number, &g_previous[i], nullptr);
  }
  errno = saved_errno;
  ::raise(signal_number);  // delivered once this handler returns, with the previous disposition
}

termios keys_one_at_a_time(termios mode) {
  mode.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO | ECHOE | ECHOK | ECHONL | IEXTEN);
  mode.c_iflag &= ~static_cast<tcflag_t>(IXON | ICRNL);  // Ctrl-S is a key, Enter arrives as '\r'
  mode.c_cc[VMIN] = 1;
  mode.c_cc[VTIME] = 0;
  mode.c_cc[VSUSP] = _POSIX_VDISABLE;  // a stopped client would leave the shell this terminal
  return mode;
}

}  // namespace

TerminalRawMode::TerminalRawMode(int tty, bool hide_cursor) {
  termios saved{};
  if (::tcgetattr(tty, &saved) != 0) return;
  g_saved = saved;
  g_tty = tty;
  g_cursor_hidden = hide_cursor;
  struct sigaction restoring {};
  restoring.sa_handler = restore_and_reraise;
  sigemptyset(&restoring.sa_mask);
  for (std::size_t i = 0; i < kRestoringSignals.size(); ++i)
    ::sigaction(kRestoringSignals[i], &restoring, &g_previous[i]);
  const termios raw = keys_one_at_a_time(saved);
  if (::tcsetattr(tty, TCSAFLUSH, &raw) != 0) return;  // the destructor puts the handlers back
  active_ = true;
  if (hide_cursor) {
    [[maybe_unused]] const ssize_t ignored = ::write(tty, kHideCursor, sizeof kHideCursor - 1);
  }
}

void TerminalRawMode::show_cursor() noexcept {
  if (g_tty < 0 || !g_cursor_hidden) return;
  g_cursor_hidden = false;
  [[maybe_unused]] const ssize_t ignored = ::write(g_tty, kShowCursor, sizeof kShowCursor - 1);
}

TerminalRawMode::~TerminalRawMode() {
  if (g_tty < 0) return;  // never taken (or already given back by a signal)
  restore_terminal();
  g_tty = -1;
  for (std::size_t i = 0; i < kRestoringSignals.size(); ++i)
    ::sigaction(kRestoringSignals[i], &g_previous[i], nullptr);
}

}  // namespace alfabravo::client
