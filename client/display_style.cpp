#include "client/display_style.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <string_view>

namespace alfabravo::client {
namespace {

std::size_t terminal_width() {
  winsize size{};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  return 80;
}

}  // namespace

bool dumb_terminal() {
  const char* term = std::getenv("TERM");
  return term == nullptr || std::string_view(term) == "dumb" || std::string_view(term).empty();
}

DisplayStyle display_style(const ClientOptions& options, bool escapes) {
  return DisplayStyle{terminal_width(), escapes, is_password_mode(options) && !options.show_secret};
}

}  // namespace alfabravo::client
