#include "session.hpp"

#include <poll.h>

#include <algorithm>
#include <boost/asio/buffer.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include "log.hpp"
#include "protocol/events.hpp"
#include "protocol/secret.hpp"

namespace alfabravo {

namespace {
constexpr std::size_t kMaxBuffersPerWrite = 64;
constexpr std::chrono::seconds kFlushGrace{2};

std::size_t high_water(const SessionLimits& limits) {
  return std::min<std::size_t>(256 * 1024, limits.output_bytes / 2);
}
}  // namespace

Session::Session(Socket socket, std::uint64_t number, SessionHandler& handler, SessionLimits limits)
    : socket_(std::move(socket)),
      number_(number),
      handler_(handler),
      limits_(limits),
      framer_(limits.line_bytes),
      deadline_(socket_.get_executor()),
      close_timer_(socket_.get_executor()),
      hangup_timer_(socket_.get_executor()),
      write_deadline_(socket_.get_executor()) {}

Session::~Session() {
  for (auto& line : queue_)
    wipe(line);
  for (auto& line : in_flight_)
    wipe(line);
  wipe_bytes(read_buffer_.data(), read_extent_);
}

int Session::native_handle() noexcept {
  return socket_.native_handle();
}

void Session::start() {
  boost::system::error_code error;
  socket_.non_blocking(true, error);
  writes_at_once_ = !error;  // write_now() must never wait
  update_deadline();
  read_more();
}

bool Session::wants_more_output() const noexcept {
  return queued_bytes_ < high_water(limits_);
}

void Session::read_more() {
  if (!open_ || closing_ || reading_ || input_pending_) return;
  reading_ = true;
  socket_.async_read_some(
      boost::asio::buffer(read_buffer_),
      [self = shared_from_this()](const boost::system::error_code& error, std::size_t bytes) {
        self->reading_ = false;
        self->on_read(error, bytes);
      });
}

void Session::on_read(const boost::system::error_code& error, std::size_t bytes) {
  read_extent_ = std::max(read_extent_, bytes);  // first: whatever happens next, the destructor wipes these
  if (!open_) return;
  if (error == boost::asio::error::eof) {
    on_input_closed();
    return;
  }
  if (error) {
    if (error != boost::asio::error::connection_reset && error != boost::asio::error::operation_aborted) {
      daemon_log::debug("client " + std::to_string(number_) + ": read failed: " + error.message());
    }
    close();
    return;
  }
  read_bytes_ = bytes;
  if (closing_) {
    wipe_bytes(read_buffer_.data(), read_bytes_);
    return;
  }
  framer_.feed(std::string_view(read_buffer_.data(), read_bytes_));
  process_lines();
}

void Session::process_lines() {
  bool completed_line = false;
  const auto self = shared_from_this();  // a handler may close us
  while (is_open() && !closing_) {
    if (!wants_more_output()) {
      input_pending_ = true;  // resumed by on_written once the client has read some replies
      return;
    }
    const auto line = framer_.next();
    if (!line) break;
    completed_line = true;
    seen_request_ = true;
    if (line->kind == FramedLine::Kind::too_long) {
      handler_.on_line_too_long(*this);
    } else {
      handler_.on_line(*this, line->text);
    }
  }
  input_pending_ = false;
  if (!is_open() || closing_) return;
  // Everything of this chunk has been handled: the framer no longer points into the buffer.
  wipe_bytes(read_buffer_.data(), read_bytes_);
  read_bytes_ = 0;
  if (completed_line) deadline_armed_ = false;  // a new partial line gets its own full timeout
  update_deadline();
  read_more();
}

void Session::update_deadline() {
  const bool waiting_for_line = !seen_request_ || framer_.has_partial_line();
  if (!waiting_for_line) {
    if (deadline_armed_) deadline_.cancel();
    deadline_armed_ = false;
    return;
  }
  if (deadline_armed_) return;
  arm_deadline();
}

void Session::arm_deadline() {
  deadline_armed_ = true;
  deadline_.expires_after(limits_.line_timeout);
  deadline_.async_wait([weak = weak_from_this()](const boost::system::error_code& error) {
    const auto self = weak.lock();
    if (error || !self || !self->open_ || self->closing_ || !self->deadline_armed_) return;
    if (self->deadline_.expiry() > std::chrono::steady_clock::now()) return;  // re-armed meanwhile
    daemon_log::info("client " + std::to_string(self->number_) + ": no complete line for " +
                     std::to_string(self->limits_.line_timeout.count()) + " ms: dropped");
    self->reject(ErrorCode::timeout, "no complete request line within " +
                                         std::to_string(self->limits_.line_timeout.count()) + " ms");
  });
}

namespace {
// A shut-down sending side and a closed socket both read as EOF; only a closed one raises POLLHUP.
bool peer_hung_up(int fd) {
  pollfd descriptor{fd, POLLIN, 0};
  return ::poll(&descriptor, 1, 0) > 0 && (descriptor.revents & (POLLHUP | POLLERR)) != 0;
}
}  // namespace

void Session::on_input_closed() {
  if (peer_hung_up(socket_.native_handle())) {
    close();  // gone (Ctrl-C in the client): its utterances are cancelled
    return;
  }
  input_closed_ = true;
  deadline_.cancel();
  deadline_armed_ = false;
  if (!closing_) {
    if (const auto last = framer_.finish()) {
      if (last->kind == FramedLine::Kind::line) handler_.on_line(*this, last->text);
    }
  }
  if (!is_open()) return;
  handler_.on_input_ended(*this);
  if (!handler_.has_open_requests(*this)) {
    close_after_flush();
    return;
  }
  watch_for_hangup();
}

void Session::watch_for_hangup() {
  hangup_timer_.expires_after(std::chrono::milliseconds(100));
  hangup_timer_.async_wait([weak = weak_from_this()](const boost::system::error_code& error) {
    const auto self = weak.lock();
    if (error || !self || !self->open_) return;
    if (peer_hung_up(self->socket_.native_handle())) {
      self->close();  // its utterances play on (detached at EOF); nobody is left to tell
    } else if (!self->handler_.has_open_requests(*self)) {
      self->close_after_flush();
    } else {
      self->watch_for_hangup();
    }
  });
}

void Session::send(std::string line) {
  if (!open_ || dropped_) {
    wipe(line);
    return;
  }
  if (queued_bytes_ + line.size() > limits_.output_bytes) {
    daemon_log::warning("client " + std::to_string(number_) + " leaves more than " +
                        std::to_string(limits_.output_bytes) + " bytes of replies unread: dropped");
    wipe(line);
    // Closed from the event loop, not from inside send(): callers may be iterating over their requests.
    dropped_ = true;
    boost::asio::post(socket_.get_executor(), [self = shared_from_this()] { self->close(); });
    return;
  }
  queued_bytes_ += line.size();
  queue_.push_back(std::move(line));
  write_more();
}

void Session::write_more() {
  if (writing_ || queue_.empty() || !open_) return;
  if (writes_at_once_ && write_now()) return;
  while (!queue_.empty() && in_flight_.size() < kMaxBuffersPerWrite) {
    in_flight_.push_back(std::move(queue_.front()));
    queue_.pop_front();
  }
  std::vector<boost::asio::const_buffer> buffers;
  buffers.reserve(in_flight_.size());
  for (const auto& line : in_flight_)
    buffers.emplace_back(boost::asio::buffer(line));
  writing_ = true;
  arm_write_deadline();
  boost::asio::async_write(socket_, buffers,
                           [self = shared_from_this()](const boost::system::error_code& error, std::size_t) {
                             self->on_written(error);
                           });
}

// Most replies are one short line to a client that is reading: written at once, they cost neither a
// completion handler nor a write deadline. Only what the socket does not take waits for an asynchronous
// write. True when the queue is empty.
bool Session::write_now() {
  while (!queue_.empty()) {
    std::size_t offered = 0;
    boost::system::error_code error;
    const std::size_t written = write_queued(offered, error);  // non-blocking (start())
    // would_block: the client is slow. Another error is left to the asynchronous write, which reports it.
    if (error) return false;
    drop_written(written);
    if (written < offered) return false;
  }
  return true;
}

// One line (nearly always) goes out with send(), which Asio uses for a single buffer; several with one
// sendmsg(), whose message header and vector the kernel must copy in first.
std::size_t Session::write_queued(std::size_t& offered, boost::system::error_code& error) {
  if (queue_.size() == 1) {
    offered = queue_.front().size();
    return socket_.write_some(boost::asio::buffer(queue_.front()), error);
  }
  static thread_local std::vector<boost::asio::const_buffer> buffers;  // the io thread's, reused
  buffers.clear();
  offered = 0;
  for (std::size_t i = 0; i < queue_.size() && i < kMaxBuffersPerWrite; ++i) {
    buffers.emplace_back(boost::asio::buffer(queue_[i]));
    offered += queue_[i].size();
  }
  return socket_.write_some(buffers, error);
}

void Session::drop_written(std::size_t bytes) {
  queued_bytes_ -= bytes;
  while (bytes > 0) {
    auto& front = queue_.front();
    if (bytes < front.size()) {
      // The rest waits; the bytes moved down stay within the capacity that wipe() clears later.
      front.erase(0, bytes);
      return;
    }
    bytes -= front.size();
    wipe(front);
    queue_.pop_front();
  }
}

void Session::arm_write_deadline() {
  write_deadline_.expires_after(limits_.write_timeout);
  write_deadline_.async_wait([weak = weak_from_this()](const boost::system::error_code& error) {
    const auto self = weak.lock();
    if (error || !self || !self->open_ || !self->writing_) return;
    if (self->write_deadline_.expiry() > std::chrono::steady_clock::now()) return;  // re-armed meanwhile
    daemon_log::warning("client " + std::to_string(self->number_) + " has not read its replies for " +
                        std::to_string(self->limits_.write_timeout.count()) + " ms: dropped");
    self->dropped_ = true;
    self->close();
  });
}

void Session::on_written(const boost::system::error_code& error) {
  writing_ = false;
  write_deadline_.cancel();
  for (auto& line : in_flight_) {
    queued_bytes_ -= line.size();
    wipe(line);
  }
  in_flight_.clear();
  if (!open_) return;
  if (error) {
    close();
    return;
  }
  if (!queue_.empty()) write_more();
  if (closing_ && !writing_ && queue_.empty()) {
    close();
    return;
  }
  if (wants_more_output()) {
    if (input_pending_) process_lines();
    if (open_ && on_drained_) on_drained_();
  }
}

void Session::reject(ErrorCode code, std::string_view message) {
  send(error_line(std::nullopt, code, message));
  close_after_flush();
}

void Session::close_after_flush() {
  if (!open_ || closing_) return;
  closing_ = true;
  deadline_.cancel();
  deadline_armed_ = false;
  if (!writing_ && queue_.empty()) {
    close();
    return;
  }
  close_timer_.expires_after(kFlushGrace);
  close_timer_.async_wait([weak = weak_from_this()](const boost::system::error_code& error) {
    if (const auto self = weak.lock(); self && !error) self->close();
  });
}

void Session::close() {
  if (!open_) return;
  const auto self = shared_from_this();  // the handler below may drop the last other reference
  open_ = false;
  deadline_.cancel();
  write_deadline_.cancel();
  close_timer_.cancel();
  hangup_timer_.cancel();
  boost::system::error_code ignored;
  socket_.shutdown(Socket::shutdown_both, ignored);
  socket_.close(ignored);
  for (auto& line : queue_) {
    queued_bytes_ -= line.size();
    wipe(line);
  }
  queue_.clear();
  // in_flight_ stays until the aborted write's handler runs: Asio may still read those buffers.
  on_drained_ = nullptr;
  handler_.on_closed(*this);
}

}  // namespace alfabravo
