#include "ops/spelled.hpp"

#include "failure_codes.hpp"
#include "log.hpp"
#include "spelling/speller.hpp"

namespace alfabravo::ops {

namespace {

struct SpellingInput {
  std::shared_ptr<const Voice> voice;
  SpellingOptions options;
};

// The request's voice and spelling options; on failure the error has been sent.
std::optional<SpellingInput> spelling_input(OpContext& context, const Request& request, const Reply& reply) {
  const std::string voice_name = request.voice.value_or(context.config.voice);
  auto voice = context.voices.get(voice_name);
  if (!voice) {
    reply.fail(ErrorCode::not_found, "voice " + voice_name + " cannot be used: " + voice.error());
    return std::nullopt;
  }
  SpellingOptions options = request.spelling_options(context.config.spelling);
  options.max_characters = context.config.limits.text_characters;
  return SpellingInput{*std::move(voice), options};
}

// Wipes the request's text (from here on only the words exist) and sends the error, if spelling failed.
template <class Words>
std::optional<Words> spelled_or_failed(Expected<Words, SpellError> words, Request& request,
                                       const Reply& reply) {
  request.text.clear();
  if (!words) {
    reply.fail(protocol_code(words.error().code), words.error().message);
    return std::nullopt;
  }
  return std::move(words).value();
}

}  // namespace

std::optional<Spelled> spell_request(OpContext& context, Request& request, const Reply& reply) {
  auto input = spelling_input(context, request, reply);
  if (!input) return std::nullopt;
  auto utterance =
      spelled_or_failed(spell(request.text.str(), *input->voice, input->options), request, reply);
  if (!utterance) return std::nullopt;
  return Spelled{std::move(input->voice), Secret<Utterance>(std::move(*utterance))};
}

std::optional<SpelledViews> spell_request_words(OpContext& context, Request& request, const Reply& reply) {
  auto input = spelling_input(context, request, reply);
  if (!input) return std::nullopt;
  auto words =
      spelled_or_failed(spell_words(request.text.str(), *input->voice, input->options), request, reply);
  if (!words) return std::nullopt;
  return SpelledViews{std::move(input->voice), std::move(*words)};
}

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

bool queue_playback(OpContext& context, PlaybackRequest playback, const Reply& reply, bool detach) {
  auto words = words_by_index(playback.utterance.get());
  const std::size_t characters = words.size();
  const PlaybackId playback_id = playback.id;
  auto position = context.player.enqueue(std::move(playback));
  if (!position) {
    reply.fail(ErrorCode::busy, "the queue is full (" + std::to_string(position.error().limit) +
                                    " utterances waiting); try again later");
    return false;
  }
  context.speaks.track(playback_id, reply, detach, std::move(words));
  reply.send_line(queued_line(reply.id(), *position));
  daemon_log::debug("client " + std::to_string(reply.session_number()) + ": " + describe(reply.id()) +
                    " queued at position " + std::to_string(*position) + " (" + std::to_string(characters) +
                    " characters)");
  return true;
}

SynthesisSettings synthesis_settings(const OpContext& context, const Request& request, const Voice& voice) {
  SynthesisSettings settings = voice.synthesis;
  if (request.rate) {
    settings.rate_wpm = *request.rate;
  } else if (context.config.rate) {
    settings.rate_wpm = *context.config.rate;
  }
  return settings;
}

}  // namespace alfabravo::ops
