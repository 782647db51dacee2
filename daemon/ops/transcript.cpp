// transcript: the words the text would be spoken as, without speaking them.
#include "ops/ops.hpp"
#include "ops/spelled.hpp"

namespace alfabravo::ops {

void transcript(OpContext& context, Request& request, const Reply& reply) {
  auto spelled = spell_request(context, request, reply);
  if (!spelled) return;
  const auto& utterance = spelled->utterance.get();
  auto answer = reply.event(EventType::transcript);
  answer["transcript"] = alfabravo::transcript(utterance);
  auto words = nlohmann::json::array();
  for (const auto& token : utterance) {
    if (token.is_pause()) continue;
    words.push_back(
        {{"word", token.display}, {"index", token.source_index}, {"kind", to_string(token.kind)}});
  }
  answer["words"] = std::move(words);
  std::string line = to_line(answer);
  // The answer's DOM held the words: wipe its strings as well as the line once it is sent.
  for (auto& word : answer["words"])
    wipe(word["word"].get_ref<std::string&>());
  wipe(answer["transcript"].get_ref<std::string&>());
  reply.send_line(std::move(line));
}

}  // namespace alfabravo::ops
