// repeat and forget: the held utterance (held_utterance.hpp) spoken again, whole or from a group or a
// character, optionally slower; or wiped at once.
#include <algorithm>
#include <cmath>

#include "core/limits.hpp"
#include "ops/ops.hpp"
#include "ops/spelled.hpp"
#include "spelling/utterance_groups.hpp"

namespace alfabravo::ops {

namespace {

// "slower": the caller asked to hear it again more slowly.
constexpr double kSlowerFactor = 0.8;

// The token to start from, or the reason there is none.
Expected<std::size_t, std::string> first_token(const Utterance& utterance, const Request& request) {
  if (request.from_group) {
    const UtteranceGroups groups(utterance);
    if (auto first = groups.first_token_of(*request.from_group)) return *first;
    return Unexpected("the utterance has " + std::to_string(groups.count()) + " groups");
  }
  std::size_t first = 0;
  if (request.from_index) {
    const auto it = std::find_if(utterance.begin(), utterance.end(), [&](const Token& token) {
      return !token.is_pause() && token.source_index >= *request.from_index;
    });
    if (it == utterance.end()) return Unexpected(std::string("the utterance is shorter than that"));
    first = static_cast<std::size_t>(it - utterance.begin());
  }
  while (first < utterance.size() && utterance[first].is_pause())
    ++first;
  return first;
}

}  // namespace

void repeat(OpContext& context, Request& request, const Reply& reply) {
  const HeldContent* held = context.held.get();
  if (!held) {
    reply.fail(ErrorCode::not_found, "no utterance is held to repeat (none spoken lately, or forgotten)");
    return;
  }
  const Utterance& utterance = held->utterance.get();
  const auto first = first_token(utterance, request);
  if (!first) {
    reply.fail(ErrorCode::bad_option, "cannot repeat from there: " + first.error());
    return;
  }
  PlaybackRequest playback;
  playback.id = context.speaks.next_playback_id();
  playback.synthesis = held->synthesis;
  if (request.rate) playback.synthesis.rate_wpm = *request.rate;
  if (request.slower) {
    const int slower = static_cast<int>(std::lround(playback.synthesis.rate_wpm * kSlowerFactor));
    playback.synthesis.rate_wpm = std::max(kMinRateWpm, slower);
  }
  playback.word_gap = held->word_gap;
  playback.device = request.device.value_or(held->device);
  playback.utterance.get().assign(utterance.begin() + static_cast<std::ptrdiff_t>(*first), utterance.end());
  playback.first_group = UtteranceGroups(utterance).group_of_token(*first);  // groups keep their numbers
  if (queue_playback(context, std::move(playback), reply, request.detach)) context.held.touch();
}

void forget(OpContext& context, Request&, const Reply& reply) {
  auto answer = reply.event(EventType::ok);
  answer["op"] = "forget";
  answer["forgot"] = context.held.forget();
  reply.send(answer);
}

}  // namespace alfabravo::ops
