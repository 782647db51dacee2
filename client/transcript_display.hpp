#pragma once
// What the agent sees on a terminal while the daemon speaks: one line, redrawn in place, with the transcript
// so far and the words being spoken now highlighted. In password mode (unless --show) it shows positions
// only: "●●●▣○○○○ 4/8", so the secret never appears on the screen.
#include <cstddef>
#include <iosfwd>
#include <string>
#include <string_view>

namespace alfabravo::client {

struct DisplayStyle {
  std::size_t width = 80;       // terminal columns
  bool escapes = true;          // ANSI reverse video and line clearing (false for TERM=dumb)
  bool positions_only = false;  // password mode without --show
};

class TranscriptDisplay {
 public:
  // characters: the number of code points in the text (for positions).
  TranscriptDisplay(std::ostream& out, DisplayStyle style, std::size_t characters);
  ~TranscriptDisplay();
  TranscriptDisplay(const TranscriptDisplay&) = delete;
  TranscriptDisplay& operator=(const TranscriptDisplay&) = delete;

  // The daemon is now speaking the source character at index, as these words.
  void progress(std::size_t index, std::string_view words);
  // Draws the line again as it is, after something else was written over it (with escapes only).
  void redraw();
  // Ends the line: the whole transcript (or the count of characters) and how it ended ("", "stopped", ...).
  void finish(std::string_view outcome);

  // The line as it would be drawn now, without escapes (for tests).
  std::string plain_line() const;

 private:
  std::string render(bool with_escapes) const;

  std::ostream& out_;
  DisplayStyle style_;
  std::size_t characters_;
  std::string spoken_;   // the words before the current ones, space-separated
  std::string current_;  // the words being spoken now
  std::size_t current_index_ = 0;
  bool started_ = false;
  bool finished_ = false;
};

}  // namespace alfabravo::client
