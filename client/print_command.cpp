#include "client/print_command.hpp"

#include <ostream>
#include <string>

#include "client/exit_codes.hpp"
#include "protocol/secret.hpp"
#include "spelling/speller.hpp"
#include "voice/voice_loader.hpp"
#include "voice/voice_locale.hpp"

namespace alfabravo::client {

SpellingOptions spelling_options(const RequestOptions& request) {
  SpellingOptions options;
  if (request.mode) options.mode = parse_spell_mode(*request.mode).value_or(options.mode);
  if (request.case_policy)
    options.case_policy = parse_case_policy(*request.case_policy).value_or(options.case_policy);
  if (request.digits) options.digits = parse_digit_style(*request.digits).value_or(options.digits);
  if (request.group) options.group = *request.group;
  return options;
}

int print_transcript(std::string_view text, const RequestOptions& request,
                     const std::vector<std::filesystem::path>& path, std::ostream& out, std::ostream& err) {
  // Without --voice, the daemon's default for an unset `voice`: the user's language if it is shipped.
  const auto voice = find_voice(request.voice.value_or(default_voice_name(available_voices(path))), path);
  if (!voice) {
    err << "alfabravo: " << voice.error().message << "\n";
    return kExitDaemonError;
  }
  auto utterance = spell(text, *voice, spelling_options(request));
  if (!utterance) {
    err << "alfabravo: " << utterance.error().message << "\n";
    return kExitDaemonError;
  }
  std::string words = transcript(*utterance);
  out << words << "\n";
  out.flush();
  // The words spell the text out: they are as secret as the text.
  wipe(words);
  for (auto& token : *utterance) {
    wipe(token.display);
    wipe(token.clip);
  }
  return out ? kExitDone : kExitDaemonError;
}

}  // namespace alfabravo::client
