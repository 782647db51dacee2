#pragma once
// Keys one at a time for the interactive mode: the terminal's canonical mode and echo are turned off (Ctrl-C
// still sends SIGINT; Ctrl-Z is disabled, so the shell never gets a terminal left in this state) and the
// cursor is hidden. Whatever ends the program, the terminal is put back as it was: the destructor on every
// normal or error path, and a signal handler for SIGTERM, SIGHUP, SIGQUIT and the crash signals, which
// restores it and then lets the signal do what it would have done.
#include <termios.h>

namespace alfabravo::client {

class TerminalRawMode {
 public:
  // tty: the controlling terminal (/dev/tty). hide_cursor: the terminal understands ANSI escapes.
  TerminalRawMode(int tty, bool hide_cursor);
  ~TerminalRawMode();
  TerminalRawMode(const TerminalRawMode&) = delete;
  TerminalRawMode& operator=(const TerminalRawMode&) = delete;

  bool active() const noexcept { return active_; }
  // Shows the cursor now (before the last line is written), not only at the end.
  void show_cursor() noexcept;  // false: the terminal refused; keys are not readable

 private:
  bool active_ = false;
};

}  // namespace alfabravo::client
