#pragma once
// A child process for tests: started in its own process group (so stop() reaches its children too) and
// killed if the test process dies (PR_SET_PDEATHSIG), so a crashed test leaves no sound server behind.
#include <sys/types.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace alfabravo::test {

struct ChildOptions {
  std::map<std::string, std::string> env_overrides;  // set (or, with an empty value, unset) in the child
  std::string stdout_path;                           // empty: inherit
  std::string stderr_path;                           // empty: inherit
  bool pipe_stdout = false;                          // read_fd() gives the read end
};

class Child {
 public:
  Child(const std::vector<std::string>& argv, const ChildOptions& options);
  ~Child();  // SIGKILLs the process group if still running, and reaps it
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  pid_t pid() const { return pid_; }
  int read_fd() const { return read_fd_; }
  bool running();
  // Sends signal to the whole process group.
  void signal(int signo);
  // Waits up to timeout for the child to exit; its exit status (as from waitpid), or nullopt on timeout.
  std::optional<int> wait_for(std::chrono::milliseconds timeout);
  // SIGTERM, then SIGKILL after grace, then reaps.
  void stop(std::chrono::milliseconds grace = std::chrono::milliseconds(2000));

 private:
  pid_t pid_ = -1;
  int read_fd_ = -1;
  std::optional<int> status_;
};

// Runs a command to completion (with a timeout) and returns its stdout; throws std::runtime_error on
// failure or timeout unless allow_failure (whose stderr is discarded). exit_status receives the status when
// given.
std::string run_command(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
                        std::chrono::milliseconds timeout, bool allow_failure = false,
                        int* exit_status = nullptr);

}  // namespace alfabravo::test
