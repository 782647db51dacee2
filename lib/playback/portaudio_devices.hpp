#pragma once
// PortAudio's output devices: listing them and choosing one by name or index.
#include <chrono>
#include <mutex>
#include <string>
#include <vector>

#include "core/expected.hpp"

namespace alfabravo {

struct PortAudioDevice {
  int index = -1;
  std::string name;      // e.g. "default", "pulse", "alfabravo_out", "HDA Intel PCH: ALC3246 Analog (hw:0,0)"
  std::string host_api;  // "ALSA", "JACK", "OSS"
  int max_output_channels = 0;
  double default_sample_rate = 0;
  bool is_default = false;  // PortAudio's default output device
};

// The output devices as PortAudio sees them now. Initialises PortAudio for the call (so the list is fresh
// unless a sink holds PortAudio open; then it is the list from that sink's initialisation). Throws
// AudioUnavailable if PortAudio fails or hangs longer than timeout.
std::vector<PortAudioDevice> list_output_devices(std::chrono::milliseconds timeout = std::chrono::seconds(5));

// Chooses a device for a --device spec: "" = the default output device; all digits = that index; otherwise
// an exact name, else the one device whose name contains the spec (case-insensitive). Error: why not.
Expected<int, std::string> choose_output_device(const std::vector<PortAudioDevice>& devices,
                                                const std::string& spec);

namespace detail {
// Serialises PortAudio's non-thread-safe global calls (Pa_Initialize, Pa_Terminate, opening, closing)
// across all sinks and listings of the process.
std::mutex& portaudio_mutex();
// Silences alsa-lib's and libjack's printing (once per process); called before every Pa_Initialize.
void quiet_alsa_errors();
// Throws AudioUnavailable if alsa-lib's configuration cannot be read or defines no PCMs: PortAudio's
// enumeration would abort the process then.
void check_alsa_configuration();
// Removes from alsa-lib's global configuration the PCMs whose plugins load megabytes of libraries glibc never
// unloads (a52), so that PortAudio's listing does not open them. portaudio_mutex() must be held.
void leave_heavy_pcms_out_of_the_listing();
// quiet_alsa_errors(), check_alsa_configuration(), leave_heavy_pcms_out_of_the_listing(), Pa_Initialize(),
// release_unused_alsa_plugins(); throws AudioUnavailable on failure.
// portaudio_mutex() must be held.
void initialise_portaudio();
// Unloads the ALSA plugins no open PCM uses, and alsa-lib's parsed configuration (the next PCM opened reads
// it again). PortAudio's device listing opens every PCM the configuration defines, loading each one's
// plugin and libraries (a52: libavcodec and its codecs; jack; ...): ~10 MiB resident for the life of the
// process otherwise. portaudio_mutex() must be held.
void release_unused_alsa_plugins();
// The output devices; PortAudio must be initialised and portaudio_mutex() held.
std::vector<PortAudioDevice> enumerate_output_devices();
}  // namespace detail

}  // namespace alfabravo
