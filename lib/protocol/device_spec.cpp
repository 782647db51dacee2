#include "protocol/device_spec.hpp"

#include <algorithm>
#include <array>

namespace alfabravo {
namespace {

constexpr std::string_view kAlsaPrefix = "alsa:";

// PCMs from alsa-lib's own configuration whose arguments only pick a card, a device or a sound-server sink.
// Any other PCM is accepted by name alone, with its configured defaults (file and tee need a file name, so
// they cannot even open without arguments).
constexpr std::array<std::string_view, 18> kPcmsWithSafeArguments{
    "hw",         "plughw",     "sysdefault", "front",      "rear",       "side",
    "center_lfe", "surround21", "surround40", "surround41", "surround50", "surround51",
    "surround71", "iec958",     "hdmi",       "dmix",       "pulse",      "default"};
// PCMs that write files, run commands or reach other processes: not even by name from a request.
constexpr std::array<std::string_view, 4> kRefusedPcms{"file", "tee", "shm", "plug"};

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

// Card numbers, CARD=PCH,DEV=0, a PulseAudio sink name: no quotes, braces, slashes, spaces or shell syntax.
bool is_argument_char(char c) {
  return is_name_char(c) || c == ',' || c == '=' || c == '.';
}

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

std::optional<std::string> request_device_problem(std::string_view device) {
  if (device.substr(0, kAlsaPrefix.size()) != kAlsaPrefix) {
    return std::nullopt;  // a PortAudio device name or index: only ever looked up in the daemon's listing
  }
  const std::string_view pcm = device.substr(kAlsaPrefix.size());
  const auto colon = pcm.find(':');
  const std::string_view name = pcm.substr(0, colon);
  const std::string_view arguments =
      colon == std::string_view::npos ? std::string_view() : pcm.substr(colon + 1);
  const std::string refusal =
      "\"device\": a request may name a device of the devices op or a plain ALSA PCM "
      "(alsa:NAME, alsa:hw:0,0, alsa:pulse:SINK); ALSA definitions and the file, tee, "
      "shm and plug PCMs belong in the daemon's config file";
  if (name.empty() || !std::all_of(name.begin(), name.end(), is_name_char) || contains(kRefusedPcms, name)) {
    return refusal;
  }
  if (colon == std::string_view::npos) return std::nullopt;
  if (!contains(kPcmsWithSafeArguments, name) || arguments.empty() ||
      !std::all_of(arguments.begin(), arguments.end(), is_argument_char) ||
      arguments.find("..") != std::string_view::npos) {
    return refusal;
  }
  return std::nullopt;
}

}  // namespace alfabravo
