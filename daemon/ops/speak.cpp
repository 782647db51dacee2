// speak: spells the text, queues it in the player, and leaves its events to the SpeakTracker.
#include "log.hpp"
#include "ops/ops.hpp"
#include "ops/spelled.hpp"

namespace alfabravo::ops {

namespace {

// What is said for each source character, for the progress events.
std::map<std::size_t, SecretString> words_by_index(const Utterance& utterance) {
  std::map<std::size_t, SecretString> words;
  for (const auto& token : utterance) {
    if (token.is_pause()) continue;
    auto& said = words[token.source_index].str();
    if (!said.empty()) said += ' ';
    said += token.display;
  }
  return words;
}

}  // namespace

void speak(OpContext& context, Request& request, const Reply& reply) {
  auto spelled = spell_request(context, request, reply);
  if (!spelled) return;
  auto words = words_by_index(spelled->utterance.get());
  const std::size_t characters = words.size();

  PlaybackRequest playback;
  playback.id = context.speaks.next_playback_id();
  playback.synthesis = synthesis_settings(context, request, *spelled->voice);
  playback.word_gap = spelled->voice->pauses.word;
  playback.device = request.device.value_or(context.config.device);
  playback.utterance = std::move(spelled->utterance.get());
  const PlaybackId playback_id = playback.id;

  auto position = context.player.enqueue(std::move(playback));
  if (!position) {
    reply.fail(ErrorCode::busy, "the queue is full (" + std::to_string(position.error().limit) +
                                    " utterances waiting); try again later");
    return;
  }
  context.speaks.track(playback_id, reply, request.detach, std::move(words));
  reply.send_line(queued_line(reply.id(), *position));
  daemon_log::debug("client " + std::to_string(reply.session_number()) + ": " + describe(reply.id()) +
                    " queued at position " + std::to_string(*position) + " (" + std::to_string(characters) +
                    " characters)");
}

}  // namespace alfabravo::ops
