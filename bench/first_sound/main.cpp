// Time from Player::enqueue to the first non-silent sample at a private PulseAudio null sink's monitor,
// through the real PortAudioSink (ALSA pulse plugin). See README.md for how it is measured and what it
// includes.
#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "audio/clip_library.hpp"
#include "audio/synthesizer.hpp"
#include "audio_analysis.hpp"
#include "playback/player.hpp"
#include "playback/portaudio_sink.hpp"
#include "pulse_harness.hpp"
#include "spelling/speller.hpp"
#include "voice/voice_loader.hpp"

using namespace alfabravo;
using namespace alfabravo::test;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

constexpr auto kIdleClose = 1000ms;

class Finished {
 public:
  PlaybackListener listener() {
    PlaybackListener l;
    l.finished = [this](PlaybackId id, PlaybackOutcome outcome, const std::string& message) {
      std::lock_guard lock(mutex_);
      done_.push_back({id, outcome});
      if (outcome != PlaybackOutcome::done)
        std::fprintf(stderr, "request %llu: %s\n", (unsigned long long)id, message.c_str());
      cv_.notify_all();
    };
    return l;
  }
  PlaybackOutcome wait(PlaybackId id) {
    std::unique_lock lock(mutex_);
    PlaybackOutcome outcome = PlaybackOutcome::audio_unavailable;  // if it never finishes
    cv_.wait_for(lock, 30s, [&] {
      for (auto& [i, o] : done_) {
        if (i == id) {
          outcome = o;
          return true;
        }
      }
      return false;
    });
    return outcome;
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<std::pair<PlaybackId, PlaybackOutcome>> done_;
};

// Waits until the sink has been silent for 250 ms.
void wait_for_silence(Recording& recording) {
  const std::size_t window = kRecordSampleRate / 4;
  for (const auto deadline = Clock::now() + 10s; Clock::now() < deadline;) {
    const auto samples = recording.samples();
    if (samples.size() >= window && !first_non_silent(std::span(samples).subspan(samples.size() - window)))
      return;
    std::this_thread::sleep_for(20ms);
  }
}

// One request; milliseconds from enqueue to its first sound at the sink, or a negative number on failure.
double measure(Player& player, Finished& finished, Recording& recording, PlaybackRequest request) {
  wait_for_silence(recording);
  const PlaybackId id = request.id;
  const auto t0 = Clock::now();
  if (!player.enqueue(std::move(request))) return -1;
  if (finished.wait(id) != PlaybackOutcome::done) return -1;
  std::this_thread::sleep_for(100ms);
  const auto samples = recording.samples();
  const std::size_t from = recording.sample_at(t0);
  if (from >= samples.size()) return -1;
  const auto first = first_non_silent(std::span(samples).subspan(from), 32);
  if (!first) return -1;
  return std::chrono::duration<double, std::milli>(recording.time_of_sample(from + *first) - t0).count();
}

struct Stats {
  std::vector<double> values;
  void add(double v) {
    if (v >= 0) values.push_back(v);
  }
  void print(const char* name, int failures) {
    std::sort(values.begin(), values.end());
    if (values.empty()) {
      std::printf("| %-34s | %3d | – | – | – | – |\n", name, failures);
      return;
    }
    auto q = [&](double p) {
      return values[std::min(values.size() - 1, std::size_t(p * double(values.size() - 1) + 0.5))];
    };
    std::printf("| %-34s | %3zu | %7.1f | %7.1f | %7.1f | %7.1f |\n", name, values.size(), q(0.5), q(0.9),
                values.front(), values.back());
  }
};

}  // namespace

int main(int argc, char** argv) {
  int runs = 20;
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--runs" && i + 1 < argc) runs = std::max(1, std::atoi(argv[++i]));
  }
  try {
    PulseHarness pulse;
    pulse.export_client_environment();
    pulse.start_server();
    auto recording = pulse.record("alfabravo_test");

    auto voice = find_voice("en", voice_search_path());
    if (!voice) throw std::runtime_error(voice.error().message);
    Synthesizer synthesizer;
    ClipLibrary clips(synthesizer, ClipLibraryOptions{std::nullopt});
    clips.prepare(*voice);
    auto utterance = spell("Ab3", *voice, {});
    if (!utterance) throw std::runtime_error(utterance.error().message);
    PlaybackId next_id = 1;
    auto request = [&] {
      PlaybackRequest r;
      r.id = next_id++;
      r.utterance = Secret(Utterance(*utterance));
      r.synthesis = voice->synthesis;
      r.word_gap = voice->pauses.word;
      return r;
    };

    Stats cold, prepared, open, idle;
    int failures = 0;
    auto count = [&](Stats& s, double v) {
      if (v < 0) ++failures;
      s.add(v);
    };
    const int cold_runs = std::max(1, runs / 5);
    for (int i = 0; i < cold_runs; ++i) {  // a new sink each time: Pa_Initialize in the first open()
      Finished finished;
      Player player(clips, std::make_unique<PortAudioSink>(), {.idle_close = kIdleClose},
                    finished.listener());
      count(cold, measure(player, finished, *recording, request()));
    }
    for (int i = 0; i < cold_runs; ++i) {  // PortAudio initialised at start-up: the stream still opens lazily
      Finished finished;
      auto sink = std::make_unique<PortAudioSink>();
      sink->prepare();
      Player player(clips, std::move(sink), {.idle_close = kIdleClose}, finished.listener());
      count(prepared, measure(player, finished, *recording, request()));
    }
    Finished finished;
    Player player(clips, std::make_unique<PortAudioSink>(), {.idle_close = kIdleClose}, finished.listener());
    measure(player, finished, *recording, request());  // warm up
    for (int i = 0; i < runs; ++i) {
      count(open, measure(player, finished, *recording, request()));  // the stream is still open
      std::this_thread::sleep_for(kIdleClose + 500ms);                // closed by the idle timeout
      count(idle, measure(player, finished, *recording, request()));
    }
    std::printf(
        "Time from Player::enqueue(\"Ab3\") to the first sample > 32 at the null sink's monitor (ms)\n\n");
    std::printf("| %-34s | %3s | %7s | %7s | %7s | %7s |\n", "condition", "n", "median", "p90", "min", "max");
    std::printf("|%s|-----|---------|---------|---------|---------|\n", std::string(36, '-').c_str());
    cold.print("first request, PortAudio cold", 0);
    prepared.print("first request after prepare()", 0);
    open.print("stream open (within idle_close)", 0);
    idle.print("after idle close (stream reopened)", 0);
    if (failures) std::printf("\n%d request(s) failed or were not heard\n", failures);
    return failures ? 1 : 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_first_sound: %s\n", e.what());
    return 2;
  }
}
