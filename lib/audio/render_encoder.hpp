#pragma once
// An utterance's audio as the bytes of a file a PBX can play: WAV (16-bit mono) at the common rates, or raw
// G.711 µ-law / A-law at 8000 Hz (Asterisk's .ulaw/.alaw, FreeSWITCH's .PCMU/.PCMA). libsoxr resamples,
// libsndfile encodes; nothing here is hand-written DSP.
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "audio/pcm.hpp"

namespace alfabravo {

enum class RenderFormat { wav8k, wav16k, wav22k, wav48k, ulaw, alaw };

// Every format, in the order above.
std::span<const RenderFormat> all_render_formats() noexcept;

// Names: "wav8k", "wav16k", "wav22k", "wav48k", "ulaw", "alaw", and "wav", a synonym of "wav22k" (eSpeak NG's
// native 22050 Hz: no resampling). Case-sensitive. to_string gives the canonical name (never "wav").
std::optional<RenderFormat> parse_render_format(std::string_view name) noexcept;
std::string_view to_string(RenderFormat format) noexcept;

int sample_rate(RenderFormat format) noexcept;  // 8000, 16000, 22050 or 48000
// "audio/wav"; "audio/basic" for µ-law (RFC 2046: 8-bit µ-law, 8000 Hz, mono, no header);
// "audio/x-alaw-basic" for A-law (no registered type for headerless A-law files).
std::string_view mime_type(RenderFormat format) noexcept;
std::string_view file_extension(RenderFormat format) noexcept;  // ".wav", ".ulaw", ".alaw" (with the dot)

// Encodes mono kClipSampleRate PCM as the complete bytes of a file in `format`. The duration is kept (to the
// nearest sample at the target rate). Throws std::runtime_error if libsoxr or libsndfile fail.
std::vector<std::uint8_t> encode_audio(std::span<const Sample> pcm, RenderFormat format);

}  // namespace alfabravo
