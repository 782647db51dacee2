#pragma once
// Runs calls that may hang forever (PortAudio talking to a sound server that froze) on a worker thread, and
// gives up waiting after a deadline. A call that does not return is abandoned with its thread: the caller
// gets AudioUnavailable and the next call runs on a fresh worker. Whatever the abandoned call uses must be
// owned by the call itself (capture shared_ptrs), since it may outlive everything else.
#include <chrono>
#include <functional>
#include <memory>
#include <string>

namespace alfabravo {

class WatchdogRunner {
 public:
  WatchdogRunner();
  ~WatchdogRunner();  // lets the (detached) worker finish its queue and exit
  WatchdogRunner(const WatchdogRunner&) = delete;
  WatchdogRunner& operator=(const WatchdogRunner&) = delete;

  // Runs call on the worker and waits up to timeout. Throws AudioUnavailable with the message of whatever
  // call throws, or "<what> did not return within N ms" on timeout.
  void run(const std::string& what, std::function<void()> call, std::chrono::milliseconds timeout);
  // How many workers were abandoned so far (each one is a hung call).
  int abandoned() const { return abandoned_; }

 private:
  struct Worker;
  std::shared_ptr<Worker> worker_;
  int abandoned_ = 0;
};

}  // namespace alfabravo
