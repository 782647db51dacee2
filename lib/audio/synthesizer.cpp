#include "audio/synthesizer.hpp"

#include <espeak-ng/speak_lib.h>
#include <strings.h>

#include <algorithm>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

#include "audio/clip_text.hpp"
#include "audio/silence_trim.hpp"
#include "core/limits.hpp"

namespace alfabravo {
namespace {

// Longest audio one word may produce; eSpeak NG is stopped there (a vocabulary word is about a second).
constexpr std::size_t kMaxWordSamples = 20 * kClipSampleRate;

// eSpeak NG keeps all of its state in globals, so even two Synthesizers must never call it at the same time.
// Each one's thread takes this lock around every eSpeak NG call; the state below mirrors what was last set.
struct EspeakEngine {
  std::mutex mutex;
  bool initialized = false;
  std::optional<SynthesisSettings> applied;  // what eSpeak NG is currently set to
};

EspeakEngine& engine() {
  static EspeakEngine instance;
  return instance;
}

// Where the synth callback appends; only ever set by the thread holding the engine lock, for one
// espeak_Synth.
struct Collector {
  std::vector<Sample> samples;
  struct WordStart {
    int text_position;   // 1-based, in characters of the synthesized text
    std::size_t sample;  // where eSpeak NG starts saying it
  };
  std::vector<WordStart> words;
  bool overflowed = false;
};
thread_local Collector* t_collector = nullptr;

// Where a word event says its word starts. speak_lib.h calls `sample` internal; in synchronous mode it is
// the sample count so far (1.51), more precise than `audio_position` (ms). Trust it only while the two agree.
std::size_t word_start_sample(const espeak_EVENT& event) {
  const long from_ms = static_cast<long>(event.audio_position) * kClipSampleRate / 1000;
  const long tolerance = kClipSampleRate / 50;  // 20 ms
  if (event.sample >= 0 && std::labs(event.sample - from_ms) <= tolerance) return event.sample;
  return static_cast<std::size_t>(std::max(from_ms, 0L));
}

void collect_word_events(Collector& collector, const espeak_EVENT* events) {
  for (const espeak_EVENT* event = events; event != nullptr && event->type != espeakEVENT_LIST_TERMINATED;
       ++event) {
    if (event->type == espeakEVENT_WORD) {
      collector.words.push_back({event->text_position, word_start_sample(*event)});
    }
  }
}

int collect_samples(short* wav, int count, espeak_EVENT* events) {
  Collector* collector = t_collector;
  if (collector == nullptr) return 1;  // not ours: abort
  collect_word_events(*collector, events);
  if (wav == nullptr || count <= 0) return 0;  // end of synthesis, or an empty buffer
  if (collector->samples.size() + static_cast<std::size_t>(count) > kMaxWordSamples) {
    collector->overflowed = true;
    return 1;  // abort synthesis
  }
  collector->samples.insert(collector->samples.end(), wav, wav + count);
  return 0;
}

// Called with the engine lock held.
void initialize_espeak(EspeakEngine& state) {
  if (state.initialized) return;
  // DONT_EXIT: a missing espeak-ng-data must be an error we report, not exit() inside the library.
  const int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nullptr, espeakINITIALIZE_DONT_EXIT);
  if (rate == EE_INTERNAL_ERROR) throw std::runtime_error("eSpeak NG could not be initialised");
  if (rate != kClipSampleRate) {
    throw std::runtime_error("eSpeak NG produces " + std::to_string(rate) + " Hz, alfabravo expects " +
                             std::to_string(kClipSampleRate) + " Hz");
  }
  espeak_SetSynthCallback(collect_samples);
  state.initialized = true;
}

void set_parameter(espeak_PARAMETER parameter, int value, const char* name) {
  if (espeak_SetParameter(parameter, value, 0) != EE_OK) {
    throw std::runtime_error(std::string("eSpeak NG refused ") + name + " " + std::to_string(value));
  }
}

// True if the current voice lists `language` among its languages (a list of priority byte + name, each
// NUL-terminated, ending with an empty name).
bool current_voice_speaks(const std::string& language) {
  const espeak_VOICE* voice = espeak_GetCurrentVoice();
  if (voice == nullptr || voice->languages == nullptr) return false;
  for (const char* entry = voice->languages; *entry != '\0';) {
    const char* name = entry + 1;  // skip the priority byte
    if (strcasecmp(name, language.c_str()) == 0) return true;
    entry = name + std::strlen(name) + 1;
  }
  return false;
}

// Called with the engine lock held. Accepts what `espeak-ng -v NAME` accepts: a voice name or file ("en",
// "gmw/en", "en-us+f3"), else a language ("en-gb": its voice file is gmw/en, so only the language finds it).
void select_voice(const std::string& name) {
  const espeak_ERROR by_name = espeak_SetVoiceByName(name.c_str());
  if (by_name == EE_OK) return;
  if (by_name == EE_NOT_FOUND) {
    espeak_VOICE wanted{};
    wanted.languages = name.c_str();
    // By language eSpeak NG picks the closest voice ("no-such" gives Norwegian): accept an exact match only.
    if (espeak_SetVoiceByProperties(&wanted) == EE_OK && current_voice_speaks(name)) return;
    throw std::invalid_argument("eSpeak NG has no voice or language named \"" + name + "\"");
  }
  throw std::runtime_error("eSpeak NG could not load voice " + name);
}

// Called with the engine lock held. Sets only what differs from what eSpeak NG already has.
void apply_settings(EspeakEngine& state, const SynthesisSettings& wanted) {
  const bool voice_changes = !state.applied || state.applied->espeak_voice != wanted.espeak_voice;
  if (voice_changes) {
    state.applied.reset();  // if it fails, eSpeak NG's state is unknown
    select_voice(wanted.espeak_voice);
  }
  // After a voice change, set everything again: a voice variant may bring its own defaults.
  if (voice_changes || state.applied->rate_wpm != wanted.rate_wpm) {
    set_parameter(espeakRATE, wanted.rate_wpm, "rate");
  }
  if (voice_changes || state.applied->pitch != wanted.pitch)
    set_parameter(espeakPITCH, wanted.pitch, "pitch");
  if (voice_changes || state.applied->volume != wanted.volume) {
    set_parameter(espeakVOLUME, wanted.volume, "volume");
  }
  state.applied = wanted;
}

// Called with the engine lock held.
Collector synthesize_text(const std::string& text) {
  Collector collector;
  collector.samples.reserve(2 * kClipSampleRate);
  t_collector = &collector;
  // Plain UTF-8 text: no SSML, no phoneme input, no end-of-sentence pause (the gaps are ours to set).
  // The size includes the terminating NUL, as eSpeak NG copies exactly that many bytes.
  const espeak_ERROR result =
      espeak_Synth(text.c_str(), text.size() + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, nullptr, nullptr);
  t_collector = nullptr;
  if (result != EE_OK) throw std::runtime_error("eSpeak NG failed to synthesize a word");
  if (collector.overflowed) throw std::runtime_error("eSpeak NG produced implausibly long audio for a word");
  return collector;
}

int code_points(const std::string& text) {
  return static_cast<int>(std::count_if(
      text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// The word is said twice as one phrase ("Sierra Sierra") and the first saying is kept, cut where eSpeak NG's
// word event says the second begins. Said alone, a word gets a sentence's final fall and lengthening; in
// the phrase it gets the level, brisker intonation of a word with more to come, as a person reading a list
// aloud says it. Its tail (the decay into the second saying) goes, by a threshold relative to its peak.
// Empty if eSpeak NG reported no word start for the second saying.
std::vector<Sample> first_of_two(const std::string& text) {
  const Collector collector = synthesize_text(text + " " + text);
  const int second_starts_at = code_points(text) + 2;  // 1-based: the word, a space, then the second
  const auto second = std::find_if(collector.words.begin(), collector.words.end(),
                                   [&](const auto& word) { return word.text_position >= second_starts_at; });
  if (second == collector.words.end() || second->sample == 0) return {};
  const std::size_t cut = std::min(second->sample, collector.samples.size());
  TrimSettings trim;
  trim.tail_below_peak_db = -40;
  return trim_silence(std::span(collector.samples.data(), cut), trim);
}

Clip render_word(const std::string& text, const SynthesisSettings& settings) {
  EspeakEngine& state = engine();
  std::lock_guard lock(state.mutex);
  initialize_espeak(state);
  apply_settings(state, settings);

  Clip clip{first_of_two(text)};
  if (clip.samples.empty()) clip.samples = trim_silence(synthesize_text(text).samples);  // said alone
  if (clip.samples.empty()) throw std::runtime_error("eSpeak NG produced only silence for a word");
  return clip;
}

bool is_plain_voice_name(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (const char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '_' || c == '+' || c == '/';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

void validate_synthesis_settings(const SynthesisSettings& settings) {
  if (!is_plain_voice_name(settings.espeak_voice)) {
    throw std::invalid_argument("eSpeak NG voice name must be 1-64 letters, digits, '-', '_', '+' or '/'");
  }
  if (settings.rate_wpm < kMinRateWpm || settings.rate_wpm > kMaxRateWpm) {
    throw std::invalid_argument("rate must be 80-450 words per minute, not " +
                                std::to_string(settings.rate_wpm));
  }
  if (settings.pitch < 0 || settings.pitch > 100) {
    throw std::invalid_argument("pitch must be 0-100, not " + std::to_string(settings.pitch));
  }
  if (settings.volume < 0 || settings.volume > 200) {
    throw std::invalid_argument("volume must be 0-200, not " + std::to_string(settings.volume));
  }
}

struct Synthesizer::Impl {
  std::mutex mutex;
  std::condition_variable wake;
  std::deque<std::function<void()>> jobs;
  bool stopping = false;
  std::thread thread;

  void run() {
    for (;;) {
      std::function<void()> job;
      {
        std::unique_lock lock(mutex);
        wake.wait(lock, [&] { return stopping || !jobs.empty(); });
        if (stopping) return;
        job = std::move(jobs.front());
        jobs.pop_front();
      }
      job();  // a packaged_task: exceptions go to its future
    }
  }

  template <class Function>
  auto submit(Function function) {
    using Result = decltype(function());
    auto task = std::make_shared<std::packaged_task<Result()>>(std::move(function));
    auto future = task->get_future();
    {
      std::lock_guard lock(mutex);
      jobs.emplace_back([task] { (*task)(); });
    }
    wake.notify_one();
    return future;
  }
};

Synthesizer::Synthesizer() : impl_(std::make_unique<Impl>()) {
  impl_->thread = std::thread([impl = impl_.get()] { impl->run(); });
  // Initialise on the thread now, so a broken installation fails here and not on the first word.
  auto initialized = impl_->submit([] {
    EspeakEngine& state = engine();
    std::lock_guard lock(state.mutex);
    initialize_espeak(state);
  });
  try {
    initialized.get();
  } catch (...) {
    {
      std::lock_guard lock(impl_->mutex);
      impl_->stopping = true;
    }
    impl_->wake.notify_one();
    impl_->thread.join();
    throw;
  }
}

Synthesizer::~Synthesizer() {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->stopping = true;
    impl_->jobs.clear();  // their futures report broken_promise
  }
  impl_->wake.notify_one();
  impl_->thread.join();
  // eSpeak NG stays initialised for the rest of the process: initialising it again after espeak_Terminate
  // is not something its 1.51 release is known to survive, and another Synthesizer may come.
}

std::future<Clip> Synthesizer::synthesize(std::string text, const SynthesisSettings& settings) {
  if (!is_safe_clip_text(text)) {
    // The message must not quote the text: a caller's secret could have got here by mistake.
    throw std::invalid_argument("refusing to give eSpeak NG text that is not a vocabulary word");
  }
  validate_synthesis_settings(settings);
  return impl_->submit([text = std::move(text), settings] { return render_word(text, settings); });
}

std::string Synthesizer::espeak_version() {
  // espeak_Info only reads static strings; it is safe before initialisation and on any thread.
  const char* version = espeak_Info(nullptr);
  return version != nullptr ? version : "unknown";
}

}  // namespace alfabravo
