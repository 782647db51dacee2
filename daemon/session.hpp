#pragma once
// One client connection: reads lines (bounded), hands each to the handler, writes replies: at once as far as
// the socket takes them, the rest by one async_write in flight with a queue behind it; the queue is bounded
// in bytes: past a high-water mark the session stops reading new requests (backpressure), past the hard cap
// the client is dropped (it is not reading at all). A client that leaves a line unfinished, or sends nothing
// at all after connecting, is dropped after the line timeout, and one that stops reading its replies (writes
// make no progress) after the write timeout. A client that closes its socket is gone (its utterances are
// cancelled); one that only shuts down its sending side keeps receiving until its requests have finished (or
// it closes). Every buffer that held client bytes or replies is wiped after use.
#include <array>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/error_code.hpp"
#include "protocol/line_framer.hpp"

namespace alfabravo {

class Session;

struct SessionLimits {
  std::size_t line_bytes = 64 * 1024;
  std::chrono::milliseconds line_timeout{30000};
  std::size_t output_bytes = 4 * 1024 * 1024;  // hard cap on unsent replies
  // Replies waiting this long without the client reading any of them: it has stopped reading, and is
  // dropped (a render it does not read would otherwise hold its audio, hundreds of MB, for ever).
  std::chrono::milliseconds write_timeout{30000};
};

// What the server does with a session's lines and its end. Called on the io thread.
class SessionHandler {
 public:
  virtual ~SessionHandler() = default;
  virtual void on_line(Session& session, std::string_view line) = 0;
  virtual void on_line_too_long(Session& session) = 0;
  // Once, when the connection is gone (either side closed it, or it was dropped).
  virtual void on_closed(Session& session) = 0;
  // The client shut down its sending side: it has said all it will say (`echo Ab3 | socat ...`, which then
  // closes the connection half a second later without meaning "cancel").
  virtual void on_input_ended(Session& session) = 0;
  // Whether requests of this session still await their final event (then a client that only shut down its
  // sending side, as `echo Ab3 | socat - UNIX-CONNECT:...` does, keeps receiving them).
  virtual bool has_open_requests(const Session& session) const = 0;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  using Socket = boost::asio::local::stream_protocol::socket;

  Session(Socket socket, std::uint64_t number, SessionHandler& handler, SessionLimits limits);
  ~Session();

  void start();
  // Queues one reply line ("\n" included). Drops the client if its unread replies pass the cap (the close
  // happens from the event loop, never inside send()).
  void send(std::string line);
  // Sends a final connection-level error, then closes (after the reply is written, or 2 s at most).
  void reject(ErrorCode code, std::string_view message);
  // Stops reading, and closes once everything queued has been written (2 s at most).
  void close_after_flush();
  // Closes at once.
  void close();

  // Below the high-water mark: callers producing bulk output (render) add more only then.
  bool wants_more_output() const noexcept;
  // Called whenever the output queue drained below the high-water mark.
  void set_output_drained_callback(std::function<void()> callback) { on_drained_ = std::move(callback); }

  std::uint64_t number() const noexcept { return number_; }
  bool is_open() const noexcept { return open_ && !dropped_; }
  int native_handle() noexcept;

 private:
  void read_more();
  void on_read(const boost::system::error_code& error, std::size_t bytes);
  void process_lines();
  void write_more();
  bool write_now();
  // Writes what the socket takes now of the queue's first lines; `offered`: how many bytes they were.
  std::size_t write_queued(std::size_t& offered, boost::system::error_code& error);
  void drop_written(std::size_t bytes);
  void on_written(const boost::system::error_code& error);
  void arm_deadline();
  void arm_write_deadline();
  void update_deadline();
  void on_input_closed();
  void watch_for_hangup();

  Socket socket_;
  const std::uint64_t number_;
  SessionHandler& handler_;
  const SessionLimits limits_;
  LineFramer framer_;
  std::size_t read_bytes_ = 0;   // bytes of read_buffer_ fed to the framer and not yet wiped
  std::size_t read_extent_ = 0;  // the most bytes one read has written: what the destructor wipes
  bool reading_ = false;         // an async read is in flight
  bool input_pending_ = false;   // the framer holds lines not yet handled (paused by backpressure)
  bool seen_request_ = false;    // a complete line has arrived (before that, silence counts as a partial)
  bool closing_ = false;         // no more reading; close once the queue is written
  bool open_ = true;
  bool dropped_ = false;  // over the output cap: closing, nothing more is queued
  bool deadline_armed_ = false;
  bool input_closed_ = false;  // the client shut down its sending side (EOF)

  std::deque<std::string> queue_;
  std::vector<std::string> in_flight_;
  std::size_t queued_bytes_ = 0;  // queue_ + in_flight_
  bool writing_ = false;
  bool writes_at_once_ = false;  // the socket is non-blocking: write_now() may be tried
  std::function<void()> on_drained_;

  boost::asio::steady_timer deadline_;
  boost::asio::steady_timer close_timer_;
  boost::asio::steady_timer hangup_timer_;
  boost::asio::steady_timer write_deadline_;  // armed while a write waits for the client to read
  // Not zeroed on construction: a burst of a thousand connections would write (and fault in) 16 MiB of
  // pages that a request of a few dozen bytes never reaches. Only bytes a read has written are ever used.
  // Last: every other member then shares the session's first page with the buffer's start, so a session
  // whose reads stay short touches one page, not that one and the one after the buffer.
  std::array<char, 16 * 1024> read_buffer_;
};

}  // namespace alfabravo
