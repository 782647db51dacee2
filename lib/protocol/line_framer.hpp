#pragma once
// Splits a byte stream into lines without ever holding more than one line's worth of bytes.
//
// Usage: feed() a chunk the caller owns, then call next() until it returns nothing; only then feed() again.
// A line longer than the limit is reported once as too_long as soon as the limit is passed (the sender may
// never send its newline), and the framer then skips everything up to the next newline and resynchronises.
// A trailing "\r" is removed ("\r\n" line ends work); empty lines are skipped.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace alfabravo {

struct FramedLine {
  enum class Kind { line, too_long };
  Kind kind = Kind::line;
  // For a line: its bytes, without the newline. Valid until the next call to next() or feed().
  std::string_view text;
};

class LineFramer {
 public:
  explicit LineFramer(std::size_t max_line_bytes);
  ~LineFramer();
  LineFramer(const LineFramer&) = delete;
  LineFramer& operator=(const LineFramer&) = delete;

  // chunk must stay valid until next() has returned std::nullopt.
  void feed(std::string_view chunk);
  std::optional<FramedLine> next();

  // At the end of the input: the unterminated last line, if any (printf 'Ab3' | socat ... has no newline).
  // Nothing if an over-long line was being skipped. Valid until the next call.
  std::optional<FramedLine> finish();

  // True while part of a line (or of an over-long line being skipped) has been received without its newline.
  bool has_partial_line() const noexcept { return (!partial_.empty() && !partial_is_line_) || skipping_; }
  std::size_t max_line_bytes() const noexcept { return max_line_bytes_; }

 private:
  void release_previous_line() noexcept;
  void append_to_partial(std::string_view piece);

  static constexpr std::size_t kFirstCapacity = 1024;

  std::size_t max_line_bytes_;
  std::string partial_;           // the start of a line whose newline has not arrived; never above the limit
  bool partial_is_line_ = false;  // partial_ currently holds a line handed out by next()
  bool skipping_ = false;         // inside an over-long line: drop bytes until the next newline
  std::string_view input_;        // the rest of the chunk given to feed()
};

}  // namespace alfabravo
