#include "subprocess.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace alfabravo::test {
namespace {

std::vector<std::string> child_environment(const std::map<std::string, std::string>& overrides) {
  std::map<std::string, std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string entry(*e);
    const auto eq = entry.find('=');
    if (eq != std::string::npos) env[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  for (const auto& [key, value] : overrides) {
    if (value.empty()) {
      env.erase(key);
    } else {
      env[key] = value;
    }
  }
  std::vector<std::string> out;
  for (const auto& [key, value] : env)
    out.push_back(key + "=" + value);
  return out;
}

std::vector<char*> c_strings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings)
    out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

}  // namespace

Child::Child(const std::vector<std::string>& argv_in, const ChildOptions& options) {
  // Everything the child needs is prepared before fork(): after it, only async-signal-safe calls.
  std::vector<std::string> argv = argv_in;
  std::vector<std::string> envp = child_environment(options.env_overrides);
  auto argv_c = c_strings(argv);
  auto envp_c = c_strings(envp);
  int out_fd = -1;
  int err_fd = -1;
  int pipe_fds[2] = {-1, -1};
  if (!options.stdout_path.empty()) {
    out_fd = ::open(options.stdout_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (out_fd < 0) throw std::runtime_error("cannot open " + options.stdout_path);
  }
  if (!options.stderr_path.empty()) {
    err_fd = ::open(options.stderr_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (err_fd < 0) throw std::runtime_error("cannot open " + options.stderr_path);
  }
  if (options.pipe_stdout && ::pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
  const pid_t parent = ::getpid();
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  if (pid_ == 0) {
    ::setpgid(0, 0);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);
    if (pipe_fds[1] >= 0) ::dup2(pipe_fds[1], STDOUT_FILENO);
    if (out_fd >= 0) ::dup2(out_fd, STDOUT_FILENO);
    if (err_fd >= 0) ::dup2(err_fd, STDERR_FILENO);
    const int devnull = ::open("/dev/null", O_RDONLY);
    if (devnull >= 0) ::dup2(devnull, STDIN_FILENO);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::execvpe(argv_c[0], argv_c.data(), envp_c.data());
    ::_exit(127);
  }
  ::setpgid(pid_, pid_);  // also from the parent, so signal() works even before the child ran
  if (out_fd >= 0) ::close(out_fd);
  if (err_fd >= 0) ::close(err_fd);
  if (pipe_fds[1] >= 0) ::close(pipe_fds[1]);
  read_fd_ = pipe_fds[0];
}

Child::~Child() {
  if (running()) {
    signal(SIGKILL);
    wait_for(std::chrono::seconds(5));
  }
  if (read_fd_ >= 0) ::close(read_fd_);
}

bool Child::running() {
  if (status_ || pid_ <= 0) return false;
  int status = 0;
  const pid_t r = ::waitpid(pid_, &status, WNOHANG);
  if (r == pid_) status_ = status;
  return !status_;
}

void Child::signal(int signo) {
  if (pid_ > 0 && !status_) ::kill(-pid_, signo);
}

std::optional<int> Child::wait_for(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (running()) {
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return status_;
}

void Child::stop(std::chrono::milliseconds grace) {
  if (!running()) return;
  signal(SIGTERM);
  if (!wait_for(grace)) {
    signal(SIGKILL);
    wait_for(std::chrono::seconds(5));
  }
}

std::string run_command(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
                        std::chrono::milliseconds timeout, bool allow_failure, int* exit_status) {
  ChildOptions options;
  options.env_overrides = env;
  options.pipe_stdout = true;
  if (allow_failure) options.stderr_path = "/dev/null";  // an expected failure need not litter the test log
  Child child(argv, options);
  std::string output;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  ::fcntl(child.read_fd(), F_SETFL, O_NONBLOCK);
  char buffer[4096];
  for (;;) {
    const ssize_t n = ::read(child.read_fd(), buffer, sizeof buffer);
    if (n > 0) {
      output.append(buffer, static_cast<std::size_t>(n));
      continue;
    }
    if (n == 0) break;
    if (std::chrono::steady_clock::now() >= deadline) {
      child.signal(SIGKILL);
      throw std::runtime_error("timed out: " + argv.front());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
  const auto status = child.wait_for(std::max(left, std::chrono::milliseconds(100)));
  if (!status) throw std::runtime_error("timed out: " + argv.front());
  if (exit_status) *exit_status = *status;
  const bool ok = WIFEXITED(*status) && WEXITSTATUS(*status) == 0;
  if (!ok && !allow_failure) throw std::runtime_error("command failed: " + argv.front());
  return output;
}

}  // namespace alfabravo::test
