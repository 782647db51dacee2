#include "playback/portaudio_devices.hpp"

#include <alsa/asoundlib.h>
#include <jack/jack.h>
#include <portaudio.h>

#include <algorithm>
#include <cctype>
#include <memory>

#include "playback/audio_sink.hpp"
#include "playback/watchdog_runner.hpp"

namespace alfabravo {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return s;
}

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

}  // namespace

namespace detail {

namespace {
void ignore_alsa_error(const char*, int, const char*, int, const char*, ...) {}
void ignore_jack_message(const char*) {}
}  // namespace

void quiet_alsa_errors() {
  // PortAudio probes every ALSA device it can find; alsa-lib prints an error for each one that cannot open
  // ("Unknown PCM dmix", "Invalid card"), at every (re-)initialisation. In a daemon's log that is noise that
  // hides the one message that matters, which PortAudio's own error (in AudioUnavailable) carries anyway.
  // Likewise libjack, which PortAudio's JACK host API asks for a server that desktops rarely run.
  static std::once_flag once;
  std::call_once(once, [] {
    snd_lib_error_set_handler(&ignore_alsa_error);
    jack_set_error_function(&ignore_jack_message);
    jack_set_info_function(&ignore_jack_message);
  });
}

void check_alsa_configuration() {
  // PortAudio's ALSA device enumeration asserts (and so aborts the whole daemon) when alsa-lib's
  // configuration cannot be read or defines no PCMs: ALSA_CONFIG_PATH pointing nowhere, a file removed or
  // broken while the daemon runs. So the configuration is read first, into a private tree that leaves
  // alsa-lib's global one alone, and its absence is an ordinary "audio unavailable".
  snd_config_t* top = nullptr;
  snd_config_update_t* update = nullptr;
  const int read = snd_config_update_r(&top, &update, nullptr);
  snd_config_t* pcms = nullptr;
  const bool has_pcms = read >= 0 && top != nullptr && snd_config_search(top, "pcm", &pcms) == 0;
  if (top != nullptr) snd_config_delete(top);
  if (update != nullptr) snd_config_update_free(update);
  if (read < 0) {
    throw AudioUnavailable(std::string("the ALSA configuration cannot be read (") + snd_strerror(read) +
                           "; check ALSA_CONFIG_PATH and /usr/share/alsa/alsa.conf)");
  }
  if (!has_pcms) {
    throw AudioUnavailable(
        "the ALSA configuration defines no devices (check ALSA_CONFIG_PATH and /usr/share/alsa/alsa.conf)");
  }
}

namespace {
std::string pcm_type(snd_config_t* pcm) {
  snd_config_t* type = nullptr;
  const char* name = nullptr;
  if (snd_config_search(pcm, "type", &type) < 0 || snd_config_get_string(type, &name) < 0) return {};
  return name;
}
}  // namespace

void leave_heavy_pcms_out_of_the_listing() {
  // PortAudio's listing opens every PCM of alsa-lib's global configuration. libasound2-plugins' a52 (an AC-3
  // encoder for S/PDIF receivers) loads libavcodec with its codecs and librsvg, which glibc never unloads
  // (libx265 and the glib family are NODELETE): ~3 MiB resident for the daemon's lifetime, for a device no
  // call is spelled through. It is removed from the tree the listing reads; that tree is freed after
  // Pa_Initialize and read afresh at the next open, so `--device alsa:a52` still opens it.
  if (snd_config_update() < 0 || snd_config == nullptr) return;  // check_alsa_configuration() said why
  snd_config_t* pcms = nullptr;
  if (snd_config_search(snd_config, "pcm", &pcms) < 0) return;
  snd_config_iterator_t i, next;
  snd_config_for_each(i, next, pcms) {
    snd_config_t* pcm = snd_config_iterator_entry(i);
    if (pcm_type(pcm) == "a52") snd_config_delete(pcm);
  }
}

void initialise_portaudio() {
  quiet_alsa_errors();
  check_alsa_configuration();
  leave_heavy_pcms_out_of_the_listing();
  const PaError error = Pa_Initialize();
  if (error != paNoError) throw AudioUnavailable(std::string("Pa_Initialize: ") + Pa_GetErrorText(error));
  // The device list is read: the probed PCMs are closed, their plugins need not stay.
  release_unused_alsa_plugins();
}

void release_unused_alsa_plugins() {
  // PortAudio keeps no part of the configuration tree (it copies the names it lists), and alsa-lib closes
  // only the plugins whose reference count is zero: those of open PCMs stay. Pa_Terminate does the same.
  snd_config_update_free_global();
}

std::mutex& portaudio_mutex() {
  static std::mutex mutex;
  return mutex;
}

std::vector<PortAudioDevice> enumerate_output_devices() {
  std::vector<PortAudioDevice> devices;
  const PaDeviceIndex count = Pa_GetDeviceCount();
  const PaDeviceIndex default_output = Pa_GetDefaultOutputDevice();
  for (PaDeviceIndex i = 0; i < count; ++i) {
    const PaDeviceInfo* info = Pa_GetDeviceInfo(i);
    if (info == nullptr || info->maxOutputChannels <= 0) continue;
    const PaHostApiInfo* api = Pa_GetHostApiInfo(info->hostApi);
    devices.push_back({i, info->name ? info->name : "", api && api->name ? api->name : "",
                       info->maxOutputChannels, info->defaultSampleRate, i == default_output});
  }
  return devices;
}

}  // namespace detail

std::vector<PortAudioDevice> list_output_devices(std::chrono::milliseconds timeout) {
  auto result = std::make_shared<std::vector<PortAudioDevice>>();
  WatchdogRunner runner;
  runner.run(
      "listing PortAudio devices",
      [result] {
        std::lock_guard lock(detail::portaudio_mutex());
        detail::initialise_portaudio();
        *result = detail::enumerate_output_devices();
        Pa_Terminate();
      },
      timeout);
  return *result;
}

Expected<int, std::string> choose_output_device(const std::vector<PortAudioDevice>& devices,
                                                const std::string& spec) {
  if (devices.empty()) return Unexpected(std::string("no audio output devices"));
  if (spec.empty()) {
    const auto it = std::find_if(devices.begin(), devices.end(), [](const auto& d) { return d.is_default; });
    if (it == devices.end()) return Unexpected(std::string("no default audio output device"));
    return it->index;
  }
  if (all_digits(spec)) {
    const int index = std::stoi(spec);
    const auto it =
        std::find_if(devices.begin(), devices.end(), [&](const auto& d) { return d.index == index; });
    if (it == devices.end()) return Unexpected("no output device with index " + spec);
    return index;
  }
  const auto exact =
      std::find_if(devices.begin(), devices.end(), [&](const auto& d) { return d.name == spec; });
  if (exact != devices.end()) return exact->index;
  const std::string wanted = lower(spec);
  std::vector<const PortAudioDevice*> partial;
  for (const auto& d : devices) {
    if (lower(d.name).find(wanted) != std::string::npos) partial.push_back(&d);
  }
  if (partial.size() == 1) return partial.front()->index;
  if (partial.empty()) return Unexpected("no output device matches \"" + spec + "\"");
  std::string names;
  for (const auto* d : partial)
    names += (names.empty() ? "\"" : ", \"") + d->name + "\"";
  return Unexpected("\"" + spec + "\" matches several output devices: " + names);
}

}  // namespace alfabravo
