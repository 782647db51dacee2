#include "playback/player.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "audio/utterance_audio.hpp"
#include "core/secret.hpp"
#include "playback/audio_sink.hpp"
#include "spelling/utterance_groups.hpp"

namespace alfabravo {
namespace {

using Clock = std::chrono::steady_clock;
// Small enough that progress is reported within ~25 ms of a token being reached while play() blocks.
constexpr std::size_t kChunkSamples = 512;
constexpr std::chrono::milliseconds kDrainSlice{10};
// After a jump, before the group it goes to: without it the fading cut word runs into the group's first word
// ("Bra-Echo") and a listener hears one word that was never said.
constexpr std::chrono::milliseconds kSilenceAfterJump{250};
constexpr std::array<Sample, kChunkSamples> kSilentChunk{};

// What was spoken is often a password: wiped as soon as the request is done with, not only when it goes.
void wipe(PlaybackRequest& request) noexcept {
  request.utterance.clear();
}

}  // namespace

struct Player::Impl {
  Impl(ClipLibrary& clips_in, std::unique_ptr<AudioSink> sink_in, PlayerSettings settings_in,
       PlaybackListener listener_in)
      : clips(clips_in), sink(std::move(sink_in)), settings(settings_in), listener(std::move(listener_in)) {}

  ClipLibrary& clips;
  const std::unique_ptr<AudioSink> sink;
  const PlayerSettings settings;
  const PlaybackListener listener;

  mutable std::mutex mutex;
  std::condition_variable wake;
  std::deque<PlaybackRequest> queue;
  std::vector<PlaybackId> cancelled_queued;  // reported finished(cancelled) by the player's thread
  std::optional<PlaybackId> playing;
  std::atomic<bool> cancel_playing{false};
  // Pausing: pause() sets `interrupt` and cancels the sink; the player's thread sees the interrupted pass,
  // marks the utterance paused and waits for resume_requested (or a cancel). Under the mutex but `interrupt`.
  enum class PauseState { running, pausing, paused } pause_state = PauseState::running;
  bool resume_requested = false;
  std::atomic<bool> interrupt{false};
  // The groups of the utterance playing and the number the first one is known by (set by the player's thread
  // under the mutex), and a jump asked for and not yet made: the group to go on from, past the last to end.
  std::optional<UtteranceGroups> groups;
  std::size_t first_group = 1;
  std::optional<std::size_t> jump_target;
  // The group being heard (of `groups`, 1-based), as the player's thread reports progress.
  std::atomic<std::size_t> heard_group{1};
  std::optional<bool> audio_available;
  bool quit = false;
  std::thread thread;

  // Player thread only.
  bool sink_open = false;

  void run();
  void play(PlaybackRequest& request);
  // Plays the composed audio, reporting progress as it is heard, pausing and resuming when asked; false if
  // it was cancelled.
  bool stream(const PlaybackRequest& request, std::span<const Sample> samples,
              const std::vector<TokenMark>& marks);
  // One pass from the mark `first`, after `silence` samples of silence (or, from_first_sound, from the first
  // sound of that word); returns the samples heard from the start of the audio when it was interrupted by a
  // pause or a jump, nothing when it ended (played to the end, or cancelled).
  std::optional<std::size_t> stream_pass(const PlaybackRequest& request, std::span<const Sample> samples,
                                         const std::vector<TokenMark>& marks, std::size_t first,
                                         std::size_t silence, bool from_first_sound);
  struct GoOn {
    std::size_t mark;  // where the next pass starts
    bool resumed;      // after a pause
    bool cut;          // a jump cut the word being heard
  };
  // After an interrupted pass: makes the jumps asked for and waits while paused. Nothing when the utterance
  // ends here: cancelled meanwhile, or jumped past its last group.
  std::optional<GoOn> go_on_after(const PlaybackRequest& request, const std::vector<TokenMark>& marks,
                                  std::size_t heard);
  // Makes the jump asked for, if any: `mark` becomes its group's first, and jumped is reported. False when
  // it went past the last group. Unlocks the mutex while reporting.
  bool take_jump(std::unique_lock<std::mutex>& lock, const PlaybackRequest& request,
                 const std::vector<TokenMark>& marks, std::size_t& mark);
  void set_audio_available(bool available);
  void fail_unavailable(PlaybackId id, const AudioUnavailable& e);
  void cancel_current_locked() {
    if (playing && !cancel_playing.exchange(true)) sink->cancel();
    wake.notify_all();  // a paused utterance waits on `wake`
  }
  // Everything queued ends as cancelled (reported by the thread), and what is playing fades out.
  void cancel_all_locked() {
    for (auto& request : queue) {
      cancelled_queued.push_back(request.id);
      wipe(request);
    }
    queue.clear();
    cancel_current_locked();
  }

  template <class... Args>
  static void emit(const std::function<void(Args...)>& callback, auto&&... args) noexcept {
    if (!callback) return;
    try {
      callback(args...);
    } catch (...) {
      // A listener's failure must not stop the player; the daemon's listeners do not throw.
    }
  }
  void finish(PlaybackId id, PlaybackOutcome outcome, const std::string& message = {}) {
    emit(listener.finished, id, outcome, message);
  }
};

Player::Player(ClipLibrary& clips, std::unique_ptr<AudioSink> sink, PlayerSettings settings,
               PlaybackListener listener)
    : impl_(std::make_unique<Impl>(clips, std::move(sink), settings, std::move(listener))) {
  if (!impl_->sink) throw std::invalid_argument("Player needs a sink");
  impl_->thread = std::thread([impl = impl_.get()] { impl->run(); });
}

Player::~Player() {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->quit = true;
    impl_->cancel_all_locked();
  }
  impl_->wake.notify_all();
  impl_->thread.join();
}

Expected<std::size_t, QueueFull> Player::enqueue(PlaybackRequest request) {
  std::size_t position = 0;
  {
    std::lock_guard lock(impl_->mutex);
    if (impl_->queue.size() >= impl_->settings.max_queued) {
      wipe(request);
      return Unexpected(QueueFull{impl_->settings.max_queued});
    }
    position = impl_->queue.size();
    impl_->queue.push_back(std::move(request));
  }
  impl_->wake.notify_all();
  return position;
}

bool Player::cancel(PlaybackId id) {
  {
    std::lock_guard lock(impl_->mutex);
    if (impl_->playing == id) {
      if (impl_->cancel_playing.load()) return false;  // already being cancelled
      impl_->cancel_current_locked();
      return true;
    }
    auto& queue = impl_->queue;
    const auto it = std::find_if(queue.begin(), queue.end(), [&](const auto& r) { return r.id == id; });
    if (it == queue.end()) return false;
    wipe(*it);
    queue.erase(it);
    impl_->cancelled_queued.push_back(id);
  }
  impl_->wake.notify_all();
  return true;
}

void Player::stop_all() {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->cancel_all_locked();
  }
  impl_->wake.notify_all();
}

std::optional<PlaybackId> Player::pause() {
  std::lock_guard lock(impl_->mutex);
  if (!impl_->playing || impl_->cancel_playing || impl_->pause_state != Impl::PauseState::running) {
    return std::nullopt;
  }
  impl_->pause_state = Impl::PauseState::pausing;
  impl_->resume_requested = false;
  impl_->interrupt = true;
  impl_->sink->cancel();  // the usual fade-out; the player's thread notices the interrupted pass
  return impl_->playing;
}

std::optional<PlaybackId> Player::resume() {
  std::optional<PlaybackId> resumed;
  {
    std::lock_guard lock(impl_->mutex);
    if (!impl_->playing || impl_->cancel_playing || impl_->pause_state == Impl::PauseState::running ||
        impl_->resume_requested) {
      return std::nullopt;
    }
    impl_->resume_requested = true;  // a pause still taking effect is resumed as soon as it has
    resumed = impl_->playing;        // read now: once woken, it may play to its end at once
  }
  impl_->wake.notify_all();
  return resumed;
}

std::optional<JumpAccepted> Player::jump(std::ptrdiff_t by) {
  auto& impl = *impl_;
  std::lock_guard lock(impl.mutex);
  if (!impl.playing || impl.cancel_playing || !impl.groups) return std::nullopt;
  const std::size_t past_the_end = impl.groups->count() + 1;
  // Jumps asked for in a row add up: the second moves from where the first goes.
  const std::size_t from = std::min(impl.jump_target.value_or(impl.heard_group.load()), past_the_end);
  const std::size_t distance = static_cast<std::size_t>(by < 0 ? -by : by);
  const std::size_t target =
      by < 0 ? (from > distance ? from - distance : 1) : std::min(from + distance, past_the_end);
  impl.jump_target = target;
  if (impl.pause_state == Impl::PauseState::running) {
    impl.interrupt = true;
    impl.sink->cancel();  // the usual fade-out; the player's thread notices the interrupted pass
  }
  impl.wake.notify_all();  // a paused utterance waits on `wake`
  JumpAccepted accepted{*impl.playing, std::nullopt};
  if (target < past_the_end) accepted.group = target + impl.first_group - 1;
  return accepted;
}

PlayerStatus Player::status() const {
  std::lock_guard lock(impl_->mutex);
  return {impl_->playing, impl_->queue.size(), impl_->pause_state != Impl::PauseState::running,
          impl_->audio_available};
}

void Player::Impl::run() {
  std::unique_lock lock(mutex);
  auto last_activity = Clock::now();
  for (;;) {
    if (!cancelled_queued.empty()) {
      const auto ids = std::exchange(cancelled_queued, {});
      lock.unlock();
      for (const auto id : ids)
        finish(id, PlaybackOutcome::cancelled);
      lock.lock();
      continue;
    }
    if (!queue.empty()) {
      PlaybackRequest request = std::move(queue.front());
      queue.pop_front();
      playing = request.id;
      cancel_playing = false;
      groups.emplace(request.utterance.get());
      first_group = request.first_group;
      heard_group = 1;
      lock.unlock();
      play(request);
      wipe(request);
      lock.lock();
      playing.reset();
      cancel_playing = false;
      groups.reset();
      jump_target.reset();
      pause_state = PauseState::running;
      resume_requested = false;
      interrupt = false;
      last_activity = Clock::now();
      continue;
    }
    if (quit) break;
    if (!sink_open) {
      wake.wait(lock);
      continue;
    }
    // Keep the output open a while for the next utterance (closing at once cuts its start on some devices),
    // then close it so an idle daemon does not keep the sound server busy.
    if (wake.wait_until(lock, last_activity + settings.idle_close) == std::cv_status::timeout &&
        queue.empty() && cancelled_queued.empty() && !quit) {
      lock.unlock();
      sink->close();
      sink_open = false;
      lock.lock();
    }
  }
  lock.unlock();
  if (sink_open) sink->close();
}

bool is_failure(PlaybackOutcome outcome) noexcept {
  return outcome != PlaybackOutcome::done && outcome != PlaybackOutcome::cancelled;
}

void Player::Impl::set_audio_available(bool available) {
  std::lock_guard lock(mutex);
  audio_available = available;
}

void Player::Impl::fail_unavailable(PlaybackId id, const AudioUnavailable& e) {
  sink_open = sink->is_open();
  set_audio_available(false);
  finish(id, PlaybackOutcome::audio_unavailable, e.what());
}

void Player::Impl::play(PlaybackRequest& request) {
  const PlaybackId id = request.id;
  UtteranceAudio audio;
  try {
    audio = compose(request.utterance.get(), clips, request.synthesis, request.word_gap);
  } catch (const std::exception& e) {
    finish(id, PlaybackOutcome::synthesis_failed, e.what());
    return;
  }
  const Secret<std::vector<Sample>> samples(std::move(audio.samples));  // it speaks the secret

  try {
    sink->open(SinkFormat{kClipSampleRate, request.device});
    sink_open = true;
    set_audio_available(true);
    if (cancel_playing) return finish(id, PlaybackOutcome::cancelled);
    emit(listener.started, id);
    if (!stream(request, samples.get(), audio.marks)) return finish(id, PlaybackOutcome::cancelled);
  } catch (const AudioUnavailable& e) {
    return fail_unavailable(id, e);
  }
  finish(id, PlaybackOutcome::done);
}

namespace {

// Where a paused utterance starts again: the mark of the token being heard when it was cut (a word is never
// resumed in its middle), or the first one.
std::size_t resume_mark(const std::vector<TokenMark>& marks, std::size_t heard) {
  std::size_t found = 0;
  for (std::size_t i = 0; i < marks.size() && marks[i].sample_offset <= heard; ++i)
    found = i;
  return found;
}

// The mark of a token (a group's first word, where a jump goes on from).
std::size_t mark_of_token(const std::vector<TokenMark>& marks, std::size_t token_index) {
  const auto it = std::find_if(marks.begin(), marks.end(),
                               [&](const TokenMark& mark) { return mark.token_index == token_index; });
  return it == marks.end() ? 0 : static_cast<std::size_t>(it - marks.begin());
}

std::size_t source_index_at(const std::vector<TokenMark>& marks, std::size_t mark) {
  return mark < marks.size() ? marks[mark].source_index : 0;
}

// The digital silence a word's clip starts with (the margin kept before its onset, ~10 ms): playing it would
// only delay the word. Nothing is skipped of a pause, which is silence on purpose, nor past the word's end.
std::size_t leading_silence_of_word(const Utterance& utterance, std::span<const Sample> samples,
                                    const std::vector<TokenMark>& marks, std::size_t mark) {
  if (mark >= marks.size()) return 0;
  const std::size_t token = marks[mark].token_index;
  if (token >= utterance.size() || utterance[token].is_pause()) return 0;
  const std::size_t begin = marks[mark].sample_offset;
  const std::size_t end = mark + 1 < marks.size() ? marks[mark + 1].sample_offset : samples.size();
  std::size_t zeros = 0;
  while (begin + zeros < std::min(end, samples.size()) && samples[begin + zeros] == 0)
    ++zeros;
  return zeros;
}

}  // namespace

bool Player::Impl::stream(const PlaybackRequest& request, std::span<const Sample> samples,
                          const std::vector<TokenMark>& marks) {
  std::size_t first = 0;
  std::size_t silence = 0;
  // The request waits for its first sound; a resumed word keeps its own start, as the listener expects it.
  bool from_first_sound = true;
  for (;;) {
    const auto interrupted_at = stream_pass(request, samples, marks, first, silence, from_first_sound);
    from_first_sound = false;
    if (cancel_playing) return false;
    if (!interrupted_at) return true;
    const auto go_on = go_on_after(request, marks, *interrupted_at);
    if (!go_on) return !cancel_playing;  // cancelled while paused, or skipped past the end: done
    first = go_on->mark;
    silence = go_on->cut ? silence_samples(kSilenceAfterJump) : 0;
    sink->open(SinkFormat{kClipSampleRate, request.device});  // ends the sink's cancel, starts clean
    if (go_on->resumed) emit(listener.resumed, request.id, source_index_at(marks, first));
  }
}

std::optional<Player::Impl::GoOn> Player::Impl::go_on_after(const PlaybackRequest& request,
                                                            const std::vector<TokenMark>& marks,
                                                            std::size_t heard) {
  std::unique_lock lock(mutex);
  std::size_t mark = resume_mark(marks, heard);
  const bool jumped = jump_target.has_value();
  if (!take_jump(lock, request, marks, mark)) return std::nullopt;
  const bool pausing = pause_state != PauseState::running;
  if (pausing) {
    lock.unlock();
    emit(listener.paused, request.id, source_index_at(marks, mark));
    lock.lock();
    pause_state = PauseState::paused;
    for (;;) {
      wake.wait(lock, [&] { return resume_requested || cancel_playing || jump_target; });
      if (cancel_playing) return std::nullopt;
      if (!jump_target) break;
      if (!take_jump(lock, request, marks, mark)) return std::nullopt;  // stays paused at its new place
    }
    pause_state = PauseState::running;
    resume_requested = false;
  }
  // A pause or jump asked for while the mutex was let go is taken at the start of the next pass.
  interrupt = jump_target.has_value() || pause_state != PauseState::running;
  return GoOn{mark, pausing, jumped && !pausing};
}

bool Player::Impl::take_jump(std::unique_lock<std::mutex>& lock, const PlaybackRequest& request,
                             const std::vector<TokenMark>& marks, std::size_t& mark) {
  if (!jump_target) return true;
  const std::size_t target = *std::exchange(jump_target, std::nullopt);
  const auto token = groups->first_token_of(target);
  if (!token) return false;
  mark = mark_of_token(marks, *token);
  heard_group = target;
  const std::size_t group = target + first_group - 1;
  lock.unlock();
  emit(listener.jumped, request.id, group, source_index_at(marks, mark));
  lock.lock();
  return true;
}

std::optional<std::size_t> Player::Impl::stream_pass(const PlaybackRequest& request,
                                                     std::span<const Sample> samples,
                                                     const std::vector<TokenMark>& marks, std::size_t first,
                                                     std::size_t silence, bool from_first_sound) {
  const std::size_t start = marks.empty() ? 0 : marks[first].sample_offset;
  // Straight into the first word: its first sound is heard that much sooner.
  const std::size_t skipped =
      from_first_sound ? leading_silence_of_word(request.utterance.get(), samples, marks, first) : 0;
  const std::size_t heard_before = sink->samples_heard();  // the sink counts from its open, not from us
  auto heard = [&] {
    const std::size_t since = sink->samples_heard() - std::min(heard_before, sink->samples_heard());
    return since > silence ? start + skipped + (since - silence) : start;
  };
  std::size_t next_mark = first;
  auto report_progress = [&](std::size_t heard_so_far) {
    for (; next_mark < marks.size() && marks[next_mark].sample_offset < heard_so_far; ++next_mark) {
      const auto& mark = marks[next_mark];
      const bool is_pause =
          mark.token_index < request.utterance.size() && request.utterance.get()[mark.token_index].is_pause();
      const std::size_t group = groups->group_of_token(mark.token_index);
      heard_group = group;
      if (!is_pause) emit(listener.progress, request.id, mark.source_index, group + first_group - 1);
    }
  };
  auto stopped = [&] { return cancel_playing || interrupt; };
  bool cut = false;
  for (std::size_t played = 0; played < silence && !stopped() && !cut;) {
    const std::size_t wanted = std::min(kChunkSamples, silence - played);
    const std::size_t accepted = sink->play(std::span<const Sample>(kSilentChunk.data(), wanted));
    played += accepted;
    cut = accepted < wanted;
  }
  for (std::size_t position = start + skipped; position < samples.size() && !stopped() && !cut;) {
    const auto chunk = samples.subspan(position, std::min(kChunkSamples, samples.size() - position));
    const std::size_t accepted = sink->play(chunk);
    position += accepted;
    report_progress(heard());
    if (accepted < chunk.size()) {
      cut = true;  // cancelled, or paused
      break;
    }
  }
  while (!stopped() && !sink->drain_for(kDrainSlice))
    report_progress(heard());
  if (cancel_playing) return std::nullopt;
  if (cut || interrupt) return heard();
  report_progress(std::numeric_limits<std::size_t>::max());  // every token has been heard
  return std::nullopt;
}

}  // namespace alfabravo
