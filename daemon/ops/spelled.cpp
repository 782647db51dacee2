#include "ops/spelled.hpp"

#include "failure_codes.hpp"
#include "spelling/speller.hpp"

namespace alfabravo::ops {

std::optional<Spelled> spell_request(OpContext& context, Request& request, const Reply& reply) {
  const std::string voice_name = request.voice.value_or(context.config.voice);
  auto voice = context.voices.get(voice_name);
  if (!voice) {
    reply.fail(ErrorCode::not_found, "voice " + voice_name + " cannot be used: " + voice.error());
    return std::nullopt;
  }
  SpellingOptions options = request.spelling_options(context.config.spelling);
  options.max_characters = context.config.limits.text_characters;
  auto utterance = spell(request.text.str(), **voice, options);
  request.text.clear();
  if (!utterance) {
    reply.fail(protocol_code(utterance.error().code), utterance.error().message);
    return std::nullopt;
  }
  return Spelled{*voice, Secret<Utterance>(std::move(utterance).value())};
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
