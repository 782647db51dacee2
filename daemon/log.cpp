#include "log.hpp"

#include <systemd/sd-daemon.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <string>

namespace alfabravo::daemon_log {

namespace {
std::atomic<bool> g_verbose{false};
std::mutex g_mutex;

void write_line(const char* prefix, std::string_view message) {
  std::string line(prefix);
  line.append(message);
  line += '\n';
  // One write(2) per line so lines from threads never interleave; stderr is unbuffered anyway.
  const std::lock_guard lock(g_mutex);
  std::size_t written = 0;
  while (written < line.size()) {
    const ssize_t n = ::write(STDERR_FILENO, line.data() + written, line.size() - written);
    if (n <= 0) return;  // nowhere to log to: nothing better to do
    written += static_cast<std::size_t>(n);
  }
}
}  // namespace

void set_verbose(bool verbose) noexcept {
  g_verbose = verbose;
}
bool verbose() noexcept {
  return g_verbose;
}

void error(std::string_view message) {
  write_line(SD_ERR, message);
}
void warning(std::string_view message) {
  write_line(SD_WARNING, message);
}
void notice(std::string_view message) {
  write_line(SD_NOTICE, message);
}
void info(std::string_view message) {
  write_line(SD_INFO, message);
}
void debug(std::string_view message) {
  if (g_verbose) write_line(SD_DEBUG, message);
}

}  // namespace alfabravo::daemon_log
