#pragma once
// Render requests: the audio is composed and encoded on worker threads (bulk work, off the io thread) a batch
// at a time, and streamed to the client as a header, base64 chunks and done, only as fast as the client reads
// (the connection's replies stay below their high-water mark; the session's drained callback calls pump()).
// A worker makes the next batch while the client reads the current one, and none further ahead: a render
// holds a few hundred kilobytes whatever its length. The encoded bytes are a secret (they speak the text) and
// are wiped when sent, cancelled or abandoned.
// io thread only; each batch is made on a worker and posted back.
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "audio/render_encoder.hpp"
#include "core/secret.hpp"
#include "lifetime.hpp"
#include "reply.hpp"
#include "session_registry.hpp"
#include "spelling/token.hpp"
#include "voice/voice.hpp"

namespace alfabravo {

class ClipLibrary;
class RenderStream;
struct DaemonLimits;

class RenderStreamer {
 public:
  RenderStreamer(boost::asio::io_context& io, boost::asio::thread_pool& workers, ClipLibrary& clips,
                 const SessionRegistry& sessions, const DaemonLimits& limits);
  ~RenderStreamer() = default;

  // Why this session may not start another render now (a busy message), or nullopt.
  std::optional<std::string> refusal(std::uint64_t session_number) const;
  void start(Reply reply, RenderFormat format, Secret<Utterance> utterance, const SynthesisSettings& settings,
             std::chrono::milliseconds word_gap);
  // Sends what the client can take of this session's finished renders.
  void pump(std::uint64_t session_number);

  // Cancels (answering cancelled) the renders with this id, of this session (own) or of the others.
  std::size_t cancel(const RequestId& id, std::uint64_t session_number, bool own);
  // The session is gone: its renders are dropped without an answer.
  void drop(std::uint64_t session_number);
  bool has_open(std::uint64_t session_number) const;
  bool id_in_use(std::uint64_t session_number, const RequestId& id) const;
  // Shutdown: answers every one with cancelled.
  void cancel_all();

 private:
  struct ActiveRender {
    Reply reply;
    RenderFormat format;
    // Null until its first batch is made (its header is then sent); used by one worker at a time.
    std::shared_ptr<RenderStream> stream{};
    std::size_t file_bytes = 0;
    std::size_t made = 0;  // bytes of the file made into batches so far
    bool making = false;   // a worker is making the next batch
    SecretBytes batch{};   // the batch being sent, in chunks
    std::size_t batch_sent = 0;
    SecretBytes next{};  // the batch after it, once made
    bool next_ready = false;
    std::size_t sent = 0;
    std::size_t sequence = 0;
  };
  using BatchDelivery =
      std::function<void(std::shared_ptr<RenderStream>&, SecretBytes&, std::optional<std::string>&)>;

  BatchDelivery delivery(std::uint64_t render);
  void on_batch(std::uint64_t render, std::shared_ptr<RenderStream> stream, SecretBytes bytes,
                std::optional<std::string> failure);
  void make_next_batch(ActiveRender& render, std::uint64_t number);
  // Streams as much of one render as the session takes; true once it is finished and can be forgotten.
  bool stream(ActiveRender& render, std::uint64_t number, Session& session);
  void send_chunk(ActiveRender& render, Session& session);
  std::size_t count(std::uint64_t session_number) const;

  boost::asio::io_context& io_;
  boost::asio::thread_pool& workers_;
  ClipLibrary& clips_;
  const SessionRegistry& sessions_;
  const DaemonLimits& limits_;
  std::map<std::uint64_t, ActiveRender> renders_;
  std::uint64_t next_render_ = 1;
  Lifetime lifetime_;
};

}  // namespace alfabravo
