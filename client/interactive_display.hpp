#pragma once
// The screen of the interactive mode: above the live transcript (TranscriptDisplay, the word being spoken
// highlighted), one status line — the group being spoken, paused or not, the rate, and the keys. Results
// (a read-back's differences, refusals) are printed as lines of their own above both. With TERM=dumb or
// without a terminal on standard output, nothing is redrawn: each change is a new line.
#include <cstddef>
#include <iosfwd>
#include <string>
#include <string_view>

#include "client/transcript_display.hpp"

namespace alfabravo::client {

class InteractiveDisplay {
 public:
  InteractiveDisplay(std::ostream& out, DisplayStyle style, std::size_t characters);
  InteractiveDisplay(const InteractiveDisplay&) = delete;
  InteractiveDisplay& operator=(const InteractiveDisplay&) = delete;

  void progress(std::size_t index, std::string_view words);
  // The status line's text; drawn at once.
  void status(std::string_view text);
  // A line kept on the screen, above the status line.
  void message(std::string_view line);
  // Ends the transcript as TranscriptDisplay does, after removing the status line.
  void finish(std::string_view outcome);

 private:
  void draw_status();

  std::ostream& out_;
  DisplayStyle style_;
  TranscriptDisplay transcript_;
  std::string status_;
  bool status_drawn_ = false;
};

// Cuts text to at most columns code points (the status line must not wrap, or redrawing it in place fails).
std::string fit_columns(std::string_view text, std::size_t columns);

}  // namespace alfabravo::client
