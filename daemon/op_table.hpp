#pragma once
// The daemon's side of each op: one handler per entry of the protocol's op table (protocol/request.hpp's
// op_specs(), which says the op's name and the fields it accepts), in the same order. Adding an op: an
// OpSpec entry there, a handler entry in op_table.cpp, the handler in ops/. Handlers run on the io thread;
// they answer through the Reply and never build error lines.
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <functional>

#include "config.hpp"
#include "device_listing.hpp"
#include "held_utterance.hpp"
#include "playback/player.hpp"
#include "protocol/request.hpp"
#include "render_streamer.hpp"
#include "reply.hpp"
#include "session_registry.hpp"
#include "speak_tracker.hpp"
#include "voice_registry.hpp"

namespace alfabravo {

// What the handlers work with; owned by the RequestDispatcher (and the Server, for the player).
struct OpContext {
  const DaemonConfig& config;
  VoiceRegistry& voices;
  Player& player;
  SessionRegistry& sessions;
  SpeakTracker& speaks;
  RenderStreamer& renders;
  DeviceListing& devices;
  HeldUtterance& held;                   // the last utterance spoken, for repeat and compare
  std::function<RequestId()> assign_id;  // an id for an answer the daemon starts itself (a spoken result)
};

using OpHandler = void (*)(OpContext& context, Request& request, const Reply& reply);

// The handler of an op.
OpHandler op_handler(Op op) noexcept;

}  // namespace alfabravo
