#include "client/interrupt_signal.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>

namespace alfabravo::client {
namespace {

int g_pipe[2] = {-1, -1};
struct sigaction g_previous {};

extern "C" void on_interrupt(int) {
  const int saved_errno = errno;
  const char byte = 1;
  [[maybe_unused]] const ssize_t ignored = ::write(g_pipe[1], &byte, 1);
  errno = saved_errno;
}

}  // namespace

InterruptSignal::InterruptSignal() {
  if (::pipe2(g_pipe, O_CLOEXEC | O_NONBLOCK) != 0) throw std::runtime_error("cannot create the signal pipe");
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGINT, &action, &g_previous);
}

InterruptSignal::~InterruptSignal() {
  ::sigaction(SIGINT, &g_previous, nullptr);
  ::close(g_pipe[0]);
  ::close(g_pipe[1]);
  g_pipe[0] = g_pipe[1] = -1;
}

int InterruptSignal::fd() const noexcept {
  return g_pipe[0];
}

void InterruptSignal::acknowledge() noexcept {
  char buffer[16];
  while (::read(g_pipe[0], buffer, sizeof buffer) > 0) {
  }
}

}  // namespace alfabravo::client
