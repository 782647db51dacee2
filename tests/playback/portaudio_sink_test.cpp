// The PortAudio sink through ALSA's pulse plugin into a private PulseAudio: what is played is heard, cancel
// fades out without a click and is silent within 100 ms, a killed server is an error (not a hang) and a
// restarted one plays again, the sink can start before any server exists, devices are chosen by name.
#include "playback/portaudio_sink.hpp"

#include <alsa/asoundlib.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>
#include <future>
#include <set>
#include <thread>

#include "audio_analysis.hpp"
#include "playback/portaudio_devices.hpp"
#include "pulse_harness.hpp"
#include "signals.hpp"

namespace alfabravo::test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// Three 300 ms tones of different pitch separated by 200 ms of silence.
std::vector<std::int16_t> three_tones() {
  std::vector<std::int16_t> pcm;
  append(pcm, tone(0.3, 440));
  append(pcm, silence(0.2));
  append(pcm, tone(0.3, 660));
  append(pcm, silence(0.2));
  append(pcm, tone(0.3, 550));
  return pcm;
}

void play_all(AudioSink& sink, const std::vector<std::int16_t>& pcm) {
  ASSERT_EQ(sink.play(pcm), pcm.size());
  sink.drain();
}

// The recording holds pcm's bursts, each with the same waveform (found by cross-correlation), in order.
void expect_heard(const std::vector<std::int16_t>& recording, const std::vector<std::int16_t>& pcm,
                  int underflows = 0) {
  keep_recording(::testing::UnitTest::GetInstance()->current_test_info()->name(), recording);
  const auto expected = find_bursts(pcm, kRecordSampleRate, 0.1);
  const auto heard = find_bursts(recording, kRecordSampleRate, 0.1);
  ASSERT_EQ(heard.size(), expected.size());
  std::vector<std::vector<std::int16_t>> segments;
  for (std::size_t i = 0; i < heard.size(); ++i) {
    EXPECT_NEAR(double(heard[i].end - heard[i].begin), double(expected[i].end - expected[i].begin),
                0.01 * kRecordSampleRate);
    segments.emplace_back(pcm.begin() + std::ptrdiff_t(expected[i].begin),
                          pcm.begin() + std::ptrdiff_t(expected[i].end));
  }
  const auto check = check_clip_sequence(recording, segments, kRecordSampleRate / 2, 0.95);
  EXPECT_TRUE(check.ok) << "burst " << check.failed_index << " is not what was played (score "
                        << (check.matches.empty() ? 0.0 : check.matches.back().score) << "; the sink saw "
                        << underflows << " underflow(s))";
}

class PortAudioSinkTest : public ::testing::Test {
 protected:
  void start(PulseHarnessOptions options = {}) {
    pulse_ = std::make_unique<PulseHarness>(std::move(options));
    pulse_->export_client_environment();  // before the sink's Pa_Initialize
    pulse_->start_server();
  }
  std::unique_ptr<PulseHarness> pulse_;
};

TEST_F(PortAudioSinkTest, WhatIsPlayedIsHeard) {
  start();
  auto recording = pulse_->record("alfabravo_test");
  PortAudioSink sink;
  sink.open({});
  EXPECT_TRUE(sink.is_open());
  const auto pcm = three_tones();
  play_all(sink, pcm);
  EXPECT_NEAR(double(sink.samples_heard()), double(pcm.size()), 0.02 * kRecordSampleRate);
  std::this_thread::sleep_for(200ms);
  expect_heard(recording->stop(), pcm, sink.underflows());
}

TEST_F(PortAudioSinkTest, ProgressFollowsWhatIsHeard) {
  start();
  auto recording = pulse_->record("alfabravo_test");  // a listener keeps the null sink running in real time
  PortAudioSink sink;
  sink.open({});
  const auto pcm = tone(2.0, 440);
  auto player = std::async(std::launch::async, [&] { return sink.play(pcm); });
  std::this_thread::sleep_for(1000ms);
  const double heard_s = double(sink.samples_heard()) / kRecordSampleRate;
  // About one second in; loose bounds (a busy machine), yet far from "everything queued" or "nothing".
  EXPECT_GT(heard_s, 0.6);
  EXPECT_LT(heard_s, 1.2);
  EXPECT_EQ(player.get(), pcm.size());
  sink.drain();
  EXPECT_NEAR(double(sink.samples_heard()), double(pcm.size()), 0.02 * kRecordSampleRate);
}

// A null sink nobody records from wakes up only ~2 s after a stream starts: that is not a lost device.
TEST_F(PortAudioSinkTest, SlowStartingSinkIsNotMistakenForALostDevice) {
  start();
  PortAudioSink sink;
  sink.open({});
  EXPECT_NO_THROW(play_all(sink, tone(1.0, 440)));
}

TEST_F(PortAudioSinkTest, CancelIsSilentWithin100msAndDoesNotClick) {
  start();
  auto recording = pulse_->record("alfabravo_test");
  PortAudioSink sink;
  sink.open({});
  const double amplitude = 8000;
  const auto pcm = tone(4.0, 440, amplitude);
  auto player = std::async(std::launch::async, [&] { return sink.play(pcm); });
  std::this_thread::sleep_for(1000ms);
  const auto cancelled_at = Clock::now();
  sink.cancel();
  ASSERT_EQ(player.wait_for(2s), std::future_status::ready) << "play() must return once cancelled";
  EXPECT_LT(player.get(), pcm.size());
  EXPECT_TRUE(sink.drain_for(1s));
  std::this_thread::sleep_for(500ms);
  const auto samples = recording->stop();

  const auto first = first_non_silent(samples);
  const auto last = last_non_silent(samples);
  ASSERT_TRUE(first && last);
  const auto after_cancel =
      std::chrono::duration_cast<std::chrono::milliseconds>(recording->time_of_sample(*last) - cancelled_at);
  RecordProperty("sound_after_cancel_ms", int(after_cancel.count()));
  EXPECT_LE(after_cancel.count(), 100) << "sound must stop within 100 ms of cancel";
  EXPECT_GT(*last - *first, std::size_t(kRecordSampleRate / 2)) << "the tone played until the cancel";
  // The fade: no step at the cut bigger than the tone's own steps (a hard cut of a sine at 8000 jumps up to
  // 8000); and the last 5 ms of sound are quieter than the tone.
  const int tone_step = max_jump(samples, *first + 100, *first + 2000);
  const int cut_step = max_jump(samples, *last - std::min<std::size_t>(*last, 400), *last + 400);
  EXPECT_LE(cut_step, tone_step * 1.2) << "a click at the cut";
  const auto tail = std::span(samples).subspan(*last - 60, 60);
  EXPECT_LT(rms_envelope(tail, tail.size()).front(), amplitude / std::sqrt(2) / 2);
}

TEST_F(PortAudioSinkTest, NextOpenAfterCancelPlaysCleanly) {
  start();
  auto recording = pulse_->record("alfabravo_test");
  PortAudioSink sink;
  sink.open({});
  const auto long_tone = tone(3.0, 300);
  auto player = std::async(std::launch::async, [&] { return sink.play(long_tone); });
  std::this_thread::sleep_for(500ms);
  sink.cancel();
  player.get();
  std::this_thread::sleep_for(300ms);  // a gap, so the bursts can be told apart
  sink.open({});                       // the same stream again: the cancel is over
  const auto pcm = three_tones();
  play_all(sink, pcm);
  std::this_thread::sleep_for(200ms);
  auto samples = recording->stop();
  // Drop the cancelled tone; the rest must be the second "utterance", whole and not faded.
  const auto first_burst = find_bursts(samples, kRecordSampleRate, 0.1).at(0);
  samples.erase(samples.begin(), samples.begin() + std::ptrdiff_t(first_burst.end));
  expect_heard(samples, pcm);
}

TEST_F(PortAudioSinkTest, ServerKilledMidPlayIsAnErrorThenARestartedServerPlays) {
  start();
  PortAudioSink sink;
  sink.open({});
  const auto pcm = tone(5.0, 440);
  auto player = std::async(std::launch::async, [&] {
    sink.play(pcm);
    sink.drain();
  });
  std::this_thread::sleep_for(700ms);
  pulse_->kill_server();
  ASSERT_EQ(player.wait_for(20s), std::future_status::ready) << "the sink hangs when the server dies";
  EXPECT_THROW(player.get(), AudioUnavailable);
  EXPECT_FALSE(sink.is_open());

  pulse_->start_server();
  auto recording = pulse_->record("alfabravo_test");
  const auto deadline = Clock::now() + 20s;
  for (;;) {  // back-off may refuse the first attempts
    try {
      sink.open({});
      break;
    } catch (const AudioUnavailable&) {
      ASSERT_LT(Clock::now(), deadline) << "never reopened after the server came back";
      std::this_thread::sleep_for(100ms);
    }
  }
  const auto tones = three_tones();
  play_all(sink, tones);
  std::this_thread::sleep_for(200ms);
  expect_heard(recording->stop(), tones);
}

TEST_F(PortAudioSinkTest, StartsBeforeAnyServerExistsAndPlaysOnceOneAppears) {
  pulse_ = std::make_unique<PulseHarness>();
  pulse_->export_client_environment();
  PortAudioSink sink;
  EXPECT_THROW(sink.open({}), AudioUnavailable);
  EXPECT_FALSE(sink.is_open());
  pulse_->start_server();
  auto recording = pulse_->record("alfabravo_test");
  const auto deadline = Clock::now() + 20s;
  for (;;) {
    try {
      sink.open({});
      break;
    } catch (const AudioUnavailable&) {
      ASSERT_LT(Clock::now(), deadline) << "never opened after the server appeared";
      std::this_thread::sleep_for(100ms);
    }
  }
  const auto pcm = three_tones();
  play_all(sink, pcm);
  std::this_thread::sleep_for(200ms);
  expect_heard(recording->stop(), pcm);
}

class DeviceSelection : public PortAudioSinkTest, public ::testing::WithParamInterface<std::string> {};

// Two null sinks; the utterance must reach sink_b only.
TEST_P(DeviceSelection, ReachesTheChosenSinkOnly) {
  start({.sinks = {"sink_a", "sink_b"}});
  std::string device = GetParam();
  if (device == "PULSE_SINK") {  // the sound server's own routing: the env var picks the sink
    ::setenv("PULSE_SINK", "sink_b", 1);
    device = "pulse";
  }
  auto rec_a = pulse_->record("sink_a");
  auto rec_b = pulse_->record("sink_b");
  PortAudioSink sink;
  sink.open({kClipSampleRate, device});
  const auto pcm = three_tones();
  play_all(sink, pcm);
  sink.close();
  ::unsetenv("PULSE_SINK");
  std::this_thread::sleep_for(200ms);
  EXPECT_FALSE(first_non_silent(rec_a->stop())) << "heard on the wrong sink";
  expect_heard(rec_b->stop(), pcm);
}

INSTANTIATE_TEST_SUITE_P(ByNameIndexPulseSinkAndAlsaPcm, DeviceSelection,
                         ::testing::Values("sink_b", "nk_b", "PULSE_SINK", "alsa:pulse:sink_b"));

TEST_F(PortAudioSinkTest, ListsTheServersDevices) {
  start({.sinks = {"sink_a", "sink_b"}});
  const auto devices = list_output_devices();
  std::vector<std::string> names;
  for (const auto& d : devices)
    names.push_back(d.name);
  EXPECT_NE(std::find(names.begin(), names.end(), "default"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "sink_a"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "sink_b"), names.end());
  EXPECT_EQ(std::count_if(devices.begin(), devices.end(), [](const auto& d) { return d.is_default; }), 1);
  // By index, too.
  const auto b =
      std::find_if(devices.begin(), devices.end(), [](const auto& d) { return d.name == "sink_b"; });
  auto rec_b = pulse_->record("sink_b");
  PortAudioSink sink;
  sink.open({kClipSampleRate, std::to_string(b->index)});
  EXPECT_EQ(sink.device_name(), "sink_b");
  play_all(sink, tone(0.3, 440));
  std::this_thread::sleep_for(200ms);
  EXPECT_TRUE(first_non_silent(rec_b->stop()));
}

TEST_F(PortAudioSinkTest, UnknownDeviceIsAudioUnavailableWithAReason) {
  start();
  PortAudioSink sink;
  try {
    sink.open({kClipSampleRate, "no-such-device"});
    FAIL() << "opened a device that does not exist";
  } catch (const AudioUnavailable& e) {
    EXPECT_NE(std::string(e.what()).find("no-such-device"), std::string::npos) << e.what();
  }
}

TEST_F(PortAudioSinkTest, AnOpenStreamShowsAtTheServerAndCloseRemovesIt) {
  start();
  PortAudioSink sink;
  EXPECT_TRUE(sink.prepare());
  EXPECT_EQ(pulse_->sink_input_count(), 0u) << "lazy: no stream before the first open, even when prepared";
  sink.open({});
  EXPECT_EQ(pulse_->sink_input_count(), 1u);
  sink.close();
  EXPECT_FALSE(sink.is_open());
  EXPECT_EQ(pulse_->sink_input_count(), 0u);
}

TEST_F(PortAudioSinkTest, AProducerLateWithItsSecondChunkLeavesNoGap) {
  // The stream's first callbacks fill the device's whole buffer at once: started as soon as the first chunk
  // is queued, a producer that is late with the next (a busy machine) would be heard with a gap after it.
  start();
  auto recording = pulse_->record("alfabravo_test");
  PortAudioSink sink;
  sink.open({});
  const auto pcm = tone(0.6, 440, 8000);
  const std::span<const Sample> all(pcm);
  ASSERT_EQ(sink.play(all.first(512)), 512u);
  std::this_thread::sleep_for(150ms);
  play_all(sink, std::vector<Sample>(all.begin() + 512, all.end()));
  std::this_thread::sleep_for(200ms);
  const auto samples = recording->stop();
  const auto bursts = find_bursts(samples, kRecordSampleRate, 0.01);
  ASSERT_FALSE(bursts.empty()) << "nothing was heard";
  EXPECT_EQ(bursts.size(), 1u) << "the tone was heard in pieces";
}

// The libraries mapped into this process now whose file name starts with `prefix`.
std::vector<std::string> mapped_libraries(const std::string& prefix) {
  std::ifstream maps("/proc/self/maps");
  std::set<std::string> found;
  for (std::string line; std::getline(maps, line);) {
    if (const auto at = line.find("/" + prefix); at != std::string::npos) found.insert(line.substr(at + 1));
  }
  return {found.begin(), found.end()};
}

// The ALSA plugins mapped into this process now: alsa-lib loads a library for each PCM type it opens.
std::vector<std::string> mapped_alsa_plugins() {
  return mapped_libraries("libasound_module_");
}

bool alsa_defines_pcm(const char* name) {
  snd_config_t* top = nullptr;
  snd_config_update_t* update = nullptr;
  snd_config_t* pcm = nullptr;
  const bool found = snd_config_update_r(&top, &update, nullptr) >= 0 && top != nullptr &&
                     snd_config_search(top, (std::string("pcm.") + name).c_str(), &pcm) == 0;
  if (top != nullptr) snd_config_delete(top);
  if (update != nullptr) snd_config_update_free(update);
  return found;
}

TEST_F(PortAudioSinkTest, AnIdleSinkKeepsNoPluginOfTheDeviceListing) {
  // PortAudio's device listing opens every PCM of the ALSA configuration, loading each one's plugin and its
  // libraries (a52: libavcodec and its codecs, ~10 MiB resident): an idle daemon must not keep them.
  start();
  PortAudioSink sink;
  ASSERT_TRUE(sink.prepare());
  EXPECT_EQ(mapped_alsa_plugins(), std::vector<std::string>{}) << "after PortAudio listed the devices";
  sink.open({});
  const auto streams_own = mapped_alsa_plugins();
  EXPECT_FALSE(streams_own.empty()) << "the open stream's own plugin stays while it is open";
  sink.close();
  // The stream's own plugin may stay (unloading it saves nothing and slows the next open); none of the
  // listing's come back, and opening again loads nothing new.
  EXPECT_EQ(mapped_alsa_plugins(), streams_own) << "after the stream was closed";
  sink.open({});
  sink.close();
  EXPECT_EQ(mapped_alsa_plugins(), streams_own) << "after a second open and close";
}

TEST_F(PortAudioSinkTest, TheListingLeavesNoLibraryOfTheA52EncoderBehind) {
  // libasound2-plugins' a52 PCM loads libavcodec and its codecs, some of which glibc never unloads (~3 MiB
  // resident for the daemon's lifetime): the listing must not open it (opening fails without an S/PDIF
  // output, but only after loading them).
  ASSERT_TRUE(alsa_defines_pcm("a52"))
      << "the ALSA configuration has no a52 PCM: this test would prove nothing";
  start();
  PortAudioSink sink;
  ASSERT_TRUE(sink.prepare());
  EXPECT_FALSE(list_output_devices().empty());
  // libavcodec leaves with the plugin; libx265, one of its codecs' libraries, is NODELETE and would stay.
  EXPECT_EQ(mapped_libraries("libx265"), std::vector<std::string>{});
  sink.open({});
  sink.close();
  EXPECT_EQ(mapped_libraries("libx265"), std::vector<std::string>{})
      << "after a stream on the default device";
}

}  // namespace
}  // namespace alfabravo::test
