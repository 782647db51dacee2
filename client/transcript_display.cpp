#include "client/transcript_display.hpp"

#include <algorithm>
#include <ostream>

#include "protocol/line_checks.hpp"
#include "protocol/secret.hpp"

namespace alfabravo::client {
namespace {

constexpr std::string_view kHighlightOn = "\033[7m";  // reverse video: readable on any colour scheme
constexpr std::string_view kHighlightOff = "\033[0m";
constexpr std::string_view kClearLine = "\r\033[K";

// Drops whole code points from the front of text until at most columns remain (one column per code point:
// the words are alphabet words and character names).
std::string_view last_columns(std::string_view text, std::size_t columns) {
  std::size_t count = count_code_points(text);
  while (count > columns && !text.empty()) {
    text.remove_prefix(1);
    while (!text.empty() && (static_cast<unsigned char>(text.front()) & 0xC0) == 0x80)
      text.remove_prefix(1);
    --count;
  }
  return text;
}

}  // namespace

TranscriptDisplay::TranscriptDisplay(std::ostream& out, DisplayStyle style, std::size_t characters)
    : out_(out), style_(style), characters_(characters) {
  style_.width = std::max<std::size_t>(style_.width, 20);
}

TranscriptDisplay::~TranscriptDisplay() {
  if (started_ && !finished_) out_ << "\n" << std::flush;
  wipe(spoken_);
  wipe(current_);
}

void TranscriptDisplay::progress(std::size_t index, std::string_view words) {
  // The same character again is a resume after a pause, starting over at the word that was cut: said twice,
  // written once.
  const bool said_again = started_ && index == current_index_;
  if (!current_.empty() && !said_again) {
    if (!spoken_.empty()) spoken_ += ' ';
    spoken_ += current_;
  }
  // Assign without letting the old allocation be freed unwiped.
  wipe_bytes(current_.data(), current_.size());
  current_.assign(words);
  current_index_ = index;
  started_ = true;
  if (style_.escapes) {
    out_ << kClearLine << render(true) << std::flush;
  } else {
    out_ << render(false) << "\n" << std::flush;  // no cursor control: one line per step
  }
}

void TranscriptDisplay::redraw() {
  // Without cursor control every step is a line of its own already: nothing was drawn over.
  if (started_ && !finished_ && style_.escapes) out_ << kClearLine << render(true) << std::flush;
}

std::string TranscriptDisplay::render(bool with_escapes) const {
  const std::string_view on = with_escapes ? kHighlightOn : "[";
  const std::string_view off = with_escapes ? kHighlightOff : "]";
  std::string line;
  if (style_.positions_only) {
    // Appended, not "literal" + std::string: GCC 12 -O3 warns falsely (-Wrestrict) on that operator+.
    const std::string counter = std::string(" ")
                                    .append(std::to_string(std::min(current_index_ + 1, characters_)))
                                    .append("/")
                                    .append(std::to_string(characters_));
    const std::size_t room = style_.width - 1 - counter.size() - (with_escapes ? 0 : 2);
    std::size_t first = 0;
    if (characters_ > room) {
      first = current_index_ > room / 2 ? current_index_ - room / 2 : 0;
      first = std::min(first, characters_ - room);
    }
    const std::size_t last = std::min(characters_, first + room);
    for (std::size_t i = first; i < last; ++i) {
      if (i == current_index_) {
        line.append(on).append("\u25CF").append(off);  // ●
      } else {
        line.append(i < current_index_ ? "\u25CF" : "\u25CB");  // ● spoken, ○ to come
      }
    }
    return line + counter;
  }
  // The transcript so far, its start cut off when it does not fit; the current words highlighted.
  const std::size_t current_columns = count_code_points(current_);
  const std::size_t room = style_.width - 1 - (with_escapes ? 0 : 2);
  if (current_columns >= room)
    return std::string(on) + std::string(last_columns(current_, room)) + std::string(off);
  std::string_view before = spoken_;
  const std::size_t before_room = room - current_columns - (spoken_.empty() ? 0 : 1);
  bool cut = false;
  if (count_code_points(before) > before_room) {
    before = last_columns(before, before_room > 0 ? before_room - 1 : 0);
    cut = true;
  }
  if (cut) line += "\u2026";  // …
  line.append(before);
  if (!spoken_.empty()) line += ' ';
  line.append(on).append(current_).append(off);
  return line;
}

std::string TranscriptDisplay::plain_line() const {
  return render(false);
}

void TranscriptDisplay::finish(std::string_view outcome) {
  if (finished_) return;
  finished_ = true;
  if (style_.escapes && started_) out_ << kClearLine;
  if (style_.positions_only) {
    out_ << characters_ << (characters_ == 1 ? " character" : " characters");
  } else {
    out_ << spoken_;
    if (!current_.empty()) out_ << (spoken_.empty() ? "" : " ") << current_;
  }
  if (!outcome.empty()) out_ << (started_ ? " " : "") << "(" << outcome << ")";
  out_ << "\n" << std::flush;
}

}  // namespace alfabravo::client
