#include "protocol/line_framer.hpp"

#include <algorithm>
#include <cassert>

#include "protocol/secret.hpp"

namespace alfabravo {

LineFramer::LineFramer(std::size_t max_line_bytes) : max_line_bytes_(max_line_bytes) {}

LineFramer::~LineFramer() {
  wipe(partial_);
}

void LineFramer::feed(std::string_view chunk) {
  assert(input_.empty() && "feed() called before next() drained the previous chunk");
  release_previous_line();
  input_ = chunk;
}

void LineFramer::release_previous_line() noexcept {
  if (partial_is_line_) {
    // The line handed out last time lived in partial_: wipe it without releasing the reserved buffer.
    wipe_bytes(partial_.data(), partial_.size());
    partial_.clear();
    partial_is_line_ = false;
  }
}

void LineFramer::append_to_partial(std::string_view piece) {
  const std::size_t needed = partial_.size() + piece.size();
  if (needed > partial_.capacity()) {
    // Grown by hand, not by append: a reallocating append would free the old bytes of the line unwiped.
    // Small to begin with (a thousand idle connections would otherwise hold the full limit each), doubled
    // as needed, never past the limit (+1 for a "\r" stripped later).
    std::string bigger;
    bigger.reserve(
        std::min(std::max({needed, 2 * partial_.capacity(), kFirstCapacity}), max_line_bytes_ + 1));
    bigger.assign(partial_);
    wipe(partial_);
    partial_.swap(bigger);
  }
  partial_.append(piece);
}

namespace {
std::string_view without_carriage_return(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}
}  // namespace

std::optional<FramedLine> LineFramer::next() {
  release_previous_line();
  while (!input_.empty()) {
    const std::size_t newline = input_.find('\n');
    const std::string_view piece = input_.substr(0, newline);  // the whole rest when there is no newline
    const bool complete = newline != std::string_view::npos;
    input_.remove_prefix(complete ? newline + 1 : input_.size());

    if (skipping_) {
      if (complete) skipping_ = false;
      continue;
    }
    const std::size_t total = partial_.size() + piece.size();
    const char last = !piece.empty() ? piece.back() : (!partial_.empty() ? partial_.back() : '\0');
    // A "\r" at the end does not count: it belongs to a "\r\n" (possibly split across chunks).
    const std::size_t counted = total - (last == '\r' ? 1 : 0);
    if (counted > max_line_bytes_) {
      wipe_bytes(partial_.data(), partial_.size());
      partial_.clear();
      skipping_ = !complete;
      return FramedLine{FramedLine::Kind::too_long, {}};
    }
    if (!complete) {
      append_to_partial(piece);
      return std::nullopt;
    }
    std::string_view line;
    if (partial_.empty()) {
      line = without_carriage_return(piece);  // zero-copy: the caller's chunk
    } else {
      append_to_partial(piece);
      partial_is_line_ = true;
      line = without_carriage_return(partial_);
    }
    if (line.empty()) {
      release_previous_line();
      continue;
    }
    return FramedLine{FramedLine::Kind::line, line};
  }
  return std::nullopt;
}

std::optional<FramedLine> LineFramer::finish() {
  release_previous_line();
  input_ = {};
  if (skipping_) {
    skipping_ = false;
    return std::nullopt;
  }
  if (partial_.empty()) return std::nullopt;
  partial_is_line_ = true;
  const std::string_view line = without_carriage_return(partial_);
  if (line.empty()) {
    release_previous_line();
    return std::nullopt;
  }
  return FramedLine{FramedLine::Kind::line, line};
}

}  // namespace alfabravo
