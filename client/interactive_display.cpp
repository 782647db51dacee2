#include "client/interactive_display.hpp"

#include <ostream>

#include "protocol/line_checks.hpp"

namespace alfabravo::client {
namespace {

// From the transcript line (where the cursor stays) to the status line above it, both cleared.
constexpr std::string_view kUpToStatusLine = "\r\033[K\033[A\r\033[K";
constexpr std::string_view kClearToEnd = "\033[J";

bool is_continuation_byte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

}  // namespace

std::string fit_columns(std::string_view text, std::size_t columns) {
  std::size_t count = 0;
  std::size_t end = 0;
  while (end < text.size()) {
    if (!is_continuation_byte(text[end]) && count++ == columns) break;
    ++end;
  }
  return std::string(text.substr(0, end));
}

InteractiveDisplay::InteractiveDisplay(std::ostream& out, DisplayStyle style, std::size_t characters)
    : out_(out), style_(style), transcript_(out, style, characters) {}

void InteractiveDisplay::progress(std::size_t index, std::string_view words) {
  transcript_.progress(index, words);
}

void InteractiveDisplay::status(std::string_view text) {
  if (text == status_) return;
  status_.assign(text);
  draw_status();
}

void InteractiveDisplay::draw_status() {
  if (!style_.escapes) {
    out_ << status_ << "\n" << std::flush;
    return;
  }
  if (status_drawn_) out_ << kUpToStatusLine;
  out_ << fit_columns(status_, style_.width - 1) << "\n";
  status_drawn_ = true;
  transcript_.redraw();
  out_ << std::flush;
}

void InteractiveDisplay::message(std::string_view line) {
  if (!style_.escapes) {
    out_ << line << "\n" << std::flush;
    return;
  }
  if (status_drawn_) out_ << kUpToStatusLine << kClearToEnd;
  out_ << line << "\n";
  status_drawn_ = false;
  draw_status();
}

void InteractiveDisplay::finish(std::string_view outcome) {
  if (style_.escapes && status_drawn_) out_ << kUpToStatusLine << kClearToEnd;
  status_drawn_ = false;
  transcript_.finish(outcome);
}

}  // namespace alfabravo::client
