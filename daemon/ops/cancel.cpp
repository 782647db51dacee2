// cancel and stop: end open requests early; each ends with its own cancelled event.
#include "ops/ops.hpp"

namespace alfabravo::ops {

void cancel(OpContext& context, Request& request, const Reply& reply) {
  const RequestId target = *request.target;
  const auto session = reply.session_number();
  std::size_t cancelled = 0;
  // This connection's requests first; another connection's (a detached utterance) only if none matches.
  for (const bool own : {true, false}) {
    for (const auto playback : context.speaks.find(target, session, own)) {
      if (context.player.cancel(playback)) ++cancelled;  // its cancelled event comes from the player
    }
    cancelled += context.renders.cancel(target, session, own);
    if (cancelled > 0) break;
  }
  if (cancelled == 0) {
    reply.fail(ErrorCode::not_found, "no open request has the id " + describe(target));
    return;
  }
  // The shorthand {"op":"cancel","id":X}: X's own final event (cancelled) is the answer.
  if (request.id && *request.id == target) return;
  auto answer = reply.event(EventType::ok);
  answer["op"] = "cancel";
  answer["cancelled"] = cancelled;
  reply.send(answer);
}

void stop(OpContext& context, Request&, const Reply& reply) {
  const std::size_t open = context.speaks.size();
  context.player.stop_all();
  auto answer = reply.event(EventType::ok);
  answer["op"] = "stop";
  answer["cancelled"] = open;
  reply.send(answer);
}

}  // namespace alfabravo::ops
