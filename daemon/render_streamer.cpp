#include "render_streamer.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/post.hpp>

#include "audio/render_stream.hpp"
#include "config.hpp"
#include "log.hpp"
#include "open_requests.hpp"
#include "protocol/events.hpp"

namespace alfabravo {

namespace {

constexpr int kWorkerNice = 10;
constexpr std::size_t kAudioChunkBytes = 32 * 1024;  // 43.7 KiB of base64: well under the 64 KiB line limit

// Renders are bulk work, playback is real time: on a 2-core machine a few large renders at normal priority
// starved the sound server until the player declared it dead. The worker threads run below normal
// priority (Linux applies a nice value per thread), so the sound server and the player come first.
void lower_this_threads_priority() {
  thread_local bool lowered = false;
  if (lowered) return;
  lowered = true;
  ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), kWorkerNice);
}

// Made on a worker at a time: whole chunks, so each audio event carries kAudioChunkBytes but the last.
constexpr std::size_t kBatchBytes = 8 * kAudioChunkBytes;

// The file's next batch, on the calling (worker) thread; the failure's message if it fails.
SecretBytes read_batch(RenderStream& stream, std::optional<std::string>& failure) {
  SecretBytes bytes;
  try {
    bytes.get().reserve(kBatchBytes);
    stream.read(bytes.get(), kBatchBytes);
  } catch (const std::exception& e) {
    failure = e.what();
    bytes.clear();
  }
  return bytes;
}

}  // namespace

RenderStreamer::RenderStreamer(boost::asio::io_context& io, boost::asio::thread_pool& workers,
                               ClipLibrary& clips, const SessionRegistry& sessions,
                               const DaemonLimits& limits)
    : io_(io), workers_(workers), clips_(clips), sessions_(sessions), limits_(limits) {}

std::size_t RenderStreamer::count(std::uint64_t session_number) const {
  return open_requests::count(renders_, session_number);
}

std::optional<std::string> RenderStreamer::refusal(std::uint64_t session_number) const {
  if (const auto own = count(session_number); own >= limits_.renders_per_client) {
    return "this connection has " + std::to_string(own) +
           " renders in progress (the limit per connection); read them first";
  }
  if (renders_.size() >= limits_.pending_renders) {
    return "too many renders in progress (" + std::to_string(limits_.pending_renders) + "); try again later";
  }
  return std::nullopt;
}

RenderStreamer::BatchDelivery RenderStreamer::delivery(std::uint64_t number) {
  return lifetime_.guard([this, number](std::shared_ptr<RenderStream>& stream, SecretBytes& bytes,
                                        std::optional<std::string>& failure) {
    on_batch(number, std::move(stream), std::move(bytes), std::move(failure));
  });
}

void RenderStreamer::start(Reply reply, RenderFormat format, Secret<Utterance> utterance,
                           const SynthesisSettings& settings, std::chrono::milliseconds word_gap) {
  const std::uint64_t number = next_render_++;
  renders_.emplace(number, ActiveRender{std::move(reply), format});
  renders_.at(number).making = true;
  auto shared = std::make_shared<Secret<Utterance>>(std::move(utterance));
  boost::asio::post(workers_, [this, shared, settings, word_gap, format, deliver = delivery(number)] {
    lower_this_threads_priority();
    std::optional<std::string> failure;
    std::shared_ptr<RenderStream> stream;
    SecretBytes bytes;
    try {  // the clips are fetched (synthesized if need be) here: a failure comes before the header
      stream = std::make_shared<RenderStream>(shared->get(), clips_, settings, word_gap, format);
    } catch (const std::exception& e) {
      failure = e.what();
    }
    shared->clear();
    if (stream) bytes = read_batch(*stream, failure);
    boost::asio::post(io_, [deliver, stream, bytes = std::move(bytes), failure]() mutable {
      deliver(stream, bytes, failure);
    });
  });
}

void RenderStreamer::make_next_batch(ActiveRender& render, std::uint64_t number) {
  if (!render.stream || render.making || render.next_ready || render.made == render.file_bytes) return;
  render.making = true;
  boost::asio::post(workers_, [&io = io_, stream = render.stream, deliver = delivery(number)]() mutable {
    lower_this_threads_priority();
    std::optional<std::string> failure;
    SecretBytes bytes = read_batch(*stream, failure);
    boost::asio::post(io, [deliver, stream = std::move(stream), bytes = std::move(bytes), failure]() mutable {
      deliver(stream, bytes, failure);
    });
  });
}

void RenderStreamer::on_batch(std::uint64_t number, std::shared_ptr<RenderStream> stream, SecretBytes bytes,
                              std::optional<std::string> failure) {
  const auto it = renders_.find(number);
  if (it == renders_.end()) return;  // cancelled, or its client left; the bytes wipe themselves
  auto& render = it->second;
  render.making = false;
  if (failure) {
    // Not the reason: a synthesis error may quote a word, and words come from the text.
    daemon_log::error("render " + describe(render.reply.id()) + " failed");
    render.reply.fail(ErrorCode::internal, "rendering failed: " + *failure);
    renders_.erase(it);
    return;
  }
  if (!render.stream) {
    render.stream = std::move(stream);
    render.file_bytes = render.stream->file_bytes();
    auto header = render.reply.event(EventType::render);
    header["format"] = std::string(to_string(render.format));
    header["sample_rate"] = sample_rate(render.format);
    header["mime_type"] = std::string(mime_type(render.format));
    header["bytes"] = render.file_bytes;
    render.reply.send(header);
  }
  render.made += bytes.size();
  if (render.batch_sent == render.batch.size()) {
    render.batch = std::move(bytes);
    render.batch_sent = 0;
  } else {
    render.next = std::move(bytes);
    render.next_ready = true;
  }
  pump(render.reply.session_number());
}

void RenderStreamer::send_chunk(ActiveRender& render, Session& session) {
  auto& bytes = render.batch.get();
  const std::size_t length = std::min(kAudioChunkBytes, bytes.size() - render.batch_sent);
  std::string line =
      audio_line(render.reply.id(), render.sequence++, {bytes.data() + render.batch_sent, length});
  wipe_bytes(bytes.data() + render.batch_sent, length);
  render.batch_sent += length;
  render.sent += length;
  session.send(std::move(line));
}

bool RenderStreamer::stream(ActiveRender& render, std::uint64_t number, Session& session) {
  // Only as fast as the client reads: the replies queue stays below its high-water mark.
  while (render.sent < render.file_bytes && session.wants_more_output() && session.is_open()) {
    if (render.batch_sent == render.batch.size()) {
      if (!render.next_ready) break;  // resumed when the worker has made it
      render.batch = std::move(render.next);
      render.batch_sent = 0;
      render.next_ready = false;
    }
    send_chunk(render, session);
  }
  if (!session.is_open()) return false;
  make_next_batch(render, number);
  if (render.sent < render.file_bytes) return false;  // resumed once the client reads
  auto done = render.reply.event(EventType::done);
  done["bytes"] = render.file_bytes;
  session.send(to_line(done));
  return true;
}

void RenderStreamer::pump(std::uint64_t session_number) {
  const auto session = sessions_.find(session_number);
  if (!session) return;
  for (auto it = renders_.begin(); it != renders_.end();) {
    auto& render = it->second;
    if (render.reply.session_number() != session_number || !render.stream) {
      ++it;
      continue;
    }
    if (!stream(render, it->first, *session)) return;
    it = renders_.erase(it);
  }
}

std::size_t RenderStreamer::cancel(const RequestId& id, std::uint64_t session_number, bool own) {
  const auto found = open_requests::find(renders_, id, session_number, own);
  for (const auto number : found) {
    renders_.at(number).reply.send(EventType::cancelled);
    renders_.erase(number);
  }
  return found.size();
}

void RenderStreamer::drop(std::uint64_t session_number) {
  std::erase_if(renders_,
                [&](const auto& entry) { return entry.second.reply.session_number() == session_number; });
}

bool RenderStreamer::has_open(std::uint64_t session_number) const {
  return count(session_number) > 0;
}

bool RenderStreamer::id_in_use(std::uint64_t session_number, const RequestId& id) const {
  return open_requests::id_in_use(renders_, session_number, id);
}

void RenderStreamer::cancel_all() {
  open_requests::cancel_all(renders_);
}

}  // namespace alfabravo
