// back and skip: the utterance playing (or paused) moves to the start of an earlier or a later group, as the
// listener asks "again, from the slash" or "got that, go on". The player fades out and goes on from the start
// of that group's first word; the utterance's own connection hears jumped (from the SpeakTracker), the asking
// one an ok naming the utterance and the group it goes on from.
#include "ops/ops.hpp"

namespace alfabravo::ops {

namespace {

void move(OpContext& context, Request& request, const Reply& reply, std::ptrdiff_t direction) {
  const auto groups = static_cast<std::ptrdiff_t>(request.groups.value_or(1));
  const auto jumped = context.player.jump(direction * groups);
  if (!jumped) {
    reply.fail(ErrorCode::not_found, "nothing is being spoken");
    return;
  }
  auto answer = reply.event(EventType::ok);
  answer["op"] = to_string(request.op);
  answer["target"] = nullptr;
  if (const auto id = context.speaks.request_of(jumped->playback)) answer["target"] = to_json_id(*id);
  answer["group"] = nullptr;  // past the last group: the utterance ends (done)
  if (jumped->group) answer["group"] = *jumped->group;
  reply.send(answer);
}

}  // namespace

void back(OpContext& context, Request& request, const Reply& reply) {
  move(context, request, reply, -1);
}

void skip(OpContext& context, Request& request, const Reply& reply) {
  move(context, request, reply, +1);
}

}  // namespace alfabravo::ops
