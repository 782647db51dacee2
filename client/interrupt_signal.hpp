#pragma once
// Turns Ctrl-C (SIGINT) into a readable file descriptor (the self-pipe trick), so a wait for the daemon's
// events can notice it with poll() and cancel the readout cleanly instead of dying mid-request.
namespace alfabravo::client {

class InterruptSignal {
 public:
  InterruptSignal();  // installs the handler; the previous one is restored by the destructor
  ~InterruptSignal();
  InterruptSignal(const InterruptSignal&) = delete;
  InterruptSignal& operator=(const InterruptSignal&) = delete;

  int fd() const noexcept;      // readable once SIGINT has arrived
  void acknowledge() noexcept;  // drains fd, so the next SIGINT can be seen separately
};

}  // namespace alfabravo::client
