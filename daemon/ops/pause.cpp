// pause and resume: the player fades the utterance out and keeps its place; the utterance's own connection
// hears paused / resumed (from the SpeakTracker), the asking one an ok naming it.
#include "ops/ops.hpp"

namespace alfabravo::ops {

namespace {

void answer(OpContext& context, const Reply& reply, std::string_view op, PlaybackId playback) {
  auto answer = reply.event(EventType::ok);
  answer["op"] = op;
  answer["target"] = nullptr;
  if (const auto id = context.speaks.request_of(playback)) answer["target"] = to_json_id(*id);
  reply.send(answer);
}

}  // namespace

void pause(OpContext& context, Request&, const Reply& reply) {
  const auto paused = context.player.pause();
  if (!paused) {
    reply.fail(ErrorCode::not_found, context.player.status().paused ? "the utterance is already paused"
                                                                    : "nothing is being spoken");
    return;
  }
  answer(context, reply, "pause", *paused);
}

void resume(OpContext& context, Request&, const Reply& reply) {
  const auto resumed = context.player.resume();
  if (!resumed) {
    reply.fail(ErrorCode::not_found, "nothing is paused");
    return;
  }
  answer(context, reply, "resume", *resumed);
}

}  // namespace alfabravo::ops
