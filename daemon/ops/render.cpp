// render: spells the text and hands it to the RenderStreamer, which encodes it off the io thread and streams
// the file back.
#include "ops/ops.hpp"
#include "ops/spelled.hpp"

namespace alfabravo::ops {

void render(OpContext& context, Request& request, const Reply& reply) {
  if (auto busy = context.renders.refusal(reply.session_number())) {
    reply.fail(ErrorCode::busy, *busy);
    return;
  }
  const std::string format_name = request.format.value_or(std::string(kDefaultRenderFormat));
  const auto format = parse_render_format(format_name);
  if (!format) {
    reply.fail(ErrorCode::bad_option, "the render format " + format_name + " is not available");
    return;
  }
  auto spelled = spell_request(context, request, reply);
  if (!spelled) return;
  context.renders.start(reply, *format, std::move(spelled->utterance),
                        synthesis_settings(context, request, *spelled->voice), spelled->voice->pauses.word);
}

}  // namespace alfabravo::ops
