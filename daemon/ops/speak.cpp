// speak: spells the text, queues it in the player, leaves its events to the SpeakTracker, and holds it for
// repeat and compare.
#include "ops/ops.hpp"
#include "ops/spelled.hpp"

namespace alfabravo::ops {

void speak(OpContext& context, Request& request, const Reply& reply) {
  SecretString text(std::string(request.text.str()));  // spell_request wipes the request's copy
  auto spelled = spell_request(context, request, reply);
  if (!spelled) return;

  PlaybackRequest playback;
  playback.id = context.speaks.next_playback_id();
  playback.synthesis = synthesis_settings(context, request, *spelled->voice);
  playback.word_gap = spelled->voice->pauses.word;
  playback.device = request.device.value_or(context.config.device);
  playback.utterance =
      Secret(Utterance(spelled->utterance.get()));  // a copy for the player; the held one below

  HeldContent held{std::move(text),    std::move(spelled->utterance),
                   spelled->voice,     request.spelling_options(context.config.spelling),
                   playback.synthesis, playback.word_gap,
                   playback.device};
  if (queue_playback(context, std::move(playback), reply, request.detach)) context.held.hold(std::move(held));
}

}  // namespace alfabravo::ops
