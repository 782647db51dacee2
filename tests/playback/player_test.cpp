// The player's queue and events, over the null sink at real-time pace (so timing behaves as with a sound
// card) and eSpeak NG's real clips: events in order and exactly once, cancel of queued and playing
// utterances, a full queue, stop_all, the idle close, and the destructor.
#include "playback/player.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "playback/null_sink.hpp"
#include "spoken_voice.hpp"

namespace alfabravo::test {
namespace {

using namespace std::chrono_literals;
using Kind = PlayerEvent::Kind;

class PlayerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { voice_ = new SpokenVoice(); }
  static void TearDownTestSuite() {
    delete voice_;
    voice_ = nullptr;
  }

  // A player over a real-time null sink; sink_ stays valid while the player lives.
  void make_player(PlayerSettings settings = {}) {
    auto sink = std::make_unique<NullSink>(NullSink::Pace::real_time);
    sink_ = sink.get();
    player_ = std::make_unique<Player>(voice_->clips, std::move(sink), settings, log_.listener());
  }
  PlaybackRequest request(PlaybackId id, const std::string& text) {
    return voice_->request(id, voice_->spell_text(text), 120ms);
  }

  static SpokenVoice* voice_;
  EventLog log_;
  NullSink* sink_ = nullptr;
  std::unique_ptr<Player> player_;
};
SpokenVoice* PlayerTest::voice_ = nullptr;

TEST_F(PlayerTest, EventsComeInOrderWithProgressPerWordAsItIsHeard) {
  make_player();
  const auto utterance = voice_->spell_text("Ab3-x");
  std::vector<std::size_t> expected_indexes;
  for (const auto& token : utterance) {
    if (!token.is_pause()) expected_indexes.push_back(token.source_index);
  }
  const auto audio = compose(utterance, voice_->clips, voice_->voice.synthesis, 120ms);
  ASSERT_TRUE(player_->enqueue(voice_->request(7, utterance, 120ms)));
  ASSERT_TRUE(log_.wait_finished(7));
  std::this_thread::sleep_for(100ms);  // nothing may follow finished

  const auto events = log_.events_of(7);
  ASSERT_GE(events.size(), 2u);
  EXPECT_EQ(events.front().kind, Kind::started);
  EXPECT_EQ(events.back().kind, Kind::finished);
  EXPECT_EQ(events.back().outcome, PlaybackOutcome::done);
  std::vector<std::size_t> indexes;
  for (std::size_t i = 1; i + 1 < events.size(); ++i) {
    ASSERT_EQ(events[i].kind, Kind::progress);
    indexes.push_back(events[i].source_index);
  }
  EXPECT_EQ(indexes, expected_indexes);

  // Each word is reported as it is reached, not all at once: never much before its place in the audio.
  std::size_t word = 0;
  for (const auto& mark : audio.marks) {
    if (utterance[mark.token_index].is_pause()) continue;
    const auto due =
        events.front().at + std::chrono::microseconds(mark.sample_offset * 1'000'000 / kClipSampleRate);
    EXPECT_GE(events[1 + word].at, due - 60ms) << "word " << word << " reported too early";
    ++word;
  }
  const auto length = std::chrono::microseconds(audio.samples.size() * 1'000'000 / kClipSampleRate);
  EXPECT_GE(events.back().at - events.front().at, length - 60ms) << "finished before the audio was heard";
}

TEST_F(PlayerTest, CancelPlayingEndsItCancelledAndTheNextOnePlays) {
  make_player();
  ASSERT_TRUE(player_->enqueue(request(1, "abcdefghijklmnop")));
  ASSERT_TRUE(player_->enqueue(request(2, "ab")));
  ASSERT_TRUE(log_.wait_for(1, Kind::progress, 10s));
  EXPECT_EQ(player_->status().playing, PlaybackId{1});
  EXPECT_EQ(player_->status().queued, 1u);
  const auto cancelled_at = std::chrono::steady_clock::now();
  EXPECT_TRUE(player_->cancel(1));
  ASSERT_TRUE(log_.wait_finished(1, 5s));
  EXPECT_LT(log_.finished(1)->at - cancelled_at, 200ms);
  EXPECT_EQ(log_.finished(1)->outcome, PlaybackOutcome::cancelled);
  EXPECT_FALSE(player_->cancel(1)) << "already finished";
  ASSERT_TRUE(log_.wait_finished(2));
  EXPECT_EQ(log_.finished(2)->outcome, PlaybackOutcome::done);
  const auto events = log_.events_of(1);
  EXPECT_EQ(
      std::count_if(events.begin(), events.end(), [](const auto& e) { return e.kind == Kind::finished; }), 1);
}

TEST_F(PlayerTest, CancelQueuedNeverStartsIt) {
  make_player();
  ASSERT_TRUE(player_->enqueue(request(1, "abcd")));
  ASSERT_TRUE(player_->enqueue(request(2, "efgh")));
  ASSERT_TRUE(player_->enqueue(request(3, "ij")));
  EXPECT_TRUE(player_->cancel(2));
  ASSERT_TRUE(log_.wait_finished(3));
  const auto two = log_.events_of(2);
  ASSERT_EQ(two.size(), 1u) << "a cancelled queued utterance gets finished only";
  EXPECT_EQ(two[0].outcome, PlaybackOutcome::cancelled);
  EXPECT_EQ(log_.finished(1)->outcome, PlaybackOutcome::done);
  EXPECT_EQ(log_.finished(3)->outcome, PlaybackOutcome::done);
  EXPECT_FALSE(player_->cancel(42));
}

TEST_F(PlayerTest, FullQueueIsRefusedAndStopAllCancelsEverything) {
  make_player({.max_queued = 2});
  ASSERT_TRUE(player_->enqueue(request(1, "abcdefghij")));
  ASSERT_TRUE(log_.wait_for(1, Kind::started, 10s));
  const auto second = player_->enqueue(request(2, "ab"));
  const auto third = player_->enqueue(request(3, "cd"));
  ASSERT_TRUE(second && third);
  EXPECT_EQ(*second, 0u);
  EXPECT_EQ(*third, 1u);
  const auto fourth = player_->enqueue(request(4, "ef"));
  ASSERT_FALSE(fourth);
  EXPECT_EQ(fourth.error().limit, 2u);
  player_->stop_all();
  for (PlaybackId id : {1, 2, 3}) {
    ASSERT_TRUE(log_.wait_finished(id, 5s)) << id;
    EXPECT_EQ(log_.finished(id)->outcome, PlaybackOutcome::cancelled) << id;
  }
  EXPECT_TRUE(log_.events_of(4).empty());
  EXPECT_FALSE(log_.wait_for(2, Kind::started, 300ms));
  const auto status = player_->status();
  EXPECT_FALSE(status.playing);
  EXPECT_EQ(status.queued, 0u);
}

TEST_F(PlayerTest, OutputIsClosedAfterIdleCloseAndReopenedForTheNext) {
  make_player({.idle_close = 500ms});
  EXPECT_FALSE(sink_->is_open()) << "lazy: not opened before the first utterance";
  ASSERT_TRUE(player_->enqueue(request(1, "a")));
  ASSERT_TRUE(log_.wait_finished(1));
  EXPECT_TRUE(sink_->is_open()) << "kept open a while for the next utterance";
  ASSERT_TRUE(player_->enqueue(request(2, "b")));  // reuses the open output
  ASSERT_TRUE(log_.wait_finished(2));
  EXPECT_EQ(sink_->open_count(), 1);
  std::this_thread::sleep_for(1500ms);
  EXPECT_FALSE(sink_->is_open());
  ASSERT_TRUE(player_->enqueue(request(3, "c")));
  ASSERT_TRUE(log_.wait_finished(3));
  EXPECT_EQ(log_.finished(3)->outcome, PlaybackOutcome::done);
  EXPECT_EQ(sink_->open_count(), 2);
}

TEST_F(PlayerTest, DestructorCancelsAllAndEachIsFinishedOnce) {
  make_player();
  for (PlaybackId id = 1; id <= 4; ++id)
    ASSERT_TRUE(player_->enqueue(request(id, "abcdef")));
  ASSERT_TRUE(log_.wait_for(1, Kind::started, 10s));
  player_.reset();
  for (PlaybackId id = 1; id <= 4; ++id) {
    const auto events = log_.events_of(id);
    ASSERT_EQ(
        std::count_if(events.begin(), events.end(), [](const auto& e) { return e.kind == Kind::finished; }),
        1)
        << id;
    EXPECT_EQ(log_.finished(id)->outcome, PlaybackOutcome::cancelled) << id;
  }
}

// Keeps every sample the player plays, taking them as fast as they come (an instant null sink otherwise).
class RecordingSink final : public AudioSink {
 public:
  explicit RecordingSink(std::vector<Sample>& played) : played_(played) {}
  void open(const SinkFormat& format) override { null_.open(format); }
  std::size_t play(std::span<const Sample> samples) override {
    const std::size_t n = null_.play(samples);
    played_.insert(played_.end(), samples.begin(), samples.begin() + static_cast<std::ptrdiff_t>(n));
    return n;
  }
  void drain() override { null_.drain(); }
  bool drain_for(std::chrono::milliseconds timeout) override { return null_.drain_for(timeout); }
  void cancel() noexcept override { null_.cancel(); }
  void close() noexcept override { null_.close(); }
  std::size_t samples_heard() const override { return null_.samples_heard(); }
  bool is_open() const override { return null_.is_open(); }

 private:
  NullSink null_{NullSink::Pace::instant};
  std::vector<Sample>& played_;
};

TEST_F(PlayerTest, AnUtteranceStartsWithItsFirstSoundNotTheSilenceBeforeIt) {
  // A clip keeps ~10 ms of digital silence before its onset; at the start of an utterance that would only
  // delay the first word. Everything from the first sound on is played as composed.
  std::vector<Sample> played;
  Player player(voice_->clips, std::make_unique<RecordingSink>(played), {}, log_.listener());
  const auto utterance = voice_->spell_text("Ab3");
  const auto audio = compose(utterance, voice_->clips, voice_->voice.synthesis, 120ms);
  const auto first_sound =
      std::find_if(audio.samples.begin(), audio.samples.end(), [](Sample s) { return s != 0; });
  ASSERT_NE(first_sound, audio.samples.begin()) << "the test needs a clip that starts with silence";
  ASSERT_TRUE(player.enqueue(voice_->request(1, utterance, 120ms)));
  ASSERT_TRUE(log_.wait_finished(1, 10s));
  EXPECT_EQ(log_.finished(1)->outcome, PlaybackOutcome::done);
  EXPECT_TRUE(std::equal(played.begin(), played.end(), first_sound, audio.samples.end()) &&
              played.size() == static_cast<std::size_t>(audio.samples.end() - first_sound))
      << "played " << played.size() << " samples of " << audio.samples.size();
  std::size_t progress = 0;
  for (const auto& e : log_.events_of(1))
    progress += e.kind == Kind::progress;
  EXPECT_EQ(progress, static_cast<std::size_t>(std::count_if(utterance.begin(), utterance.end(),
                                                             [](const Token& t) { return !t.is_pause(); })))
      << "every word is still reported";
}

TEST_F(PlayerTest, APauseAtTheStartIsPlayedAsAsked) {
  // Silence on purpose (a pause token) is not skipped.
  std::vector<Sample> played;
  Player player(voice_->clips, std::make_unique<RecordingSink>(played), {}, log_.listener());
  auto utterance = voice_->spell_text("Ab");
  Token pause;
  pause.kind = TokenKind::pause;
  pause.pause = 200ms;
  utterance.insert(utterance.begin(), pause);
  const auto audio = compose(utterance, voice_->clips, voice_->voice.synthesis, 120ms);
  ASSERT_TRUE(player.enqueue(voice_->request(1, utterance, 120ms)));
  ASSERT_TRUE(log_.wait_finished(1, 10s));
  EXPECT_EQ(played.size(), audio.samples.size());
}

TEST_F(PlayerTest, ListenersMayCallThePlayer) {
  // The daemon's listeners post to its loop, but a listener that asks for the status must not deadlock.
  auto sink = std::make_unique<NullSink>(NullSink::Pace::instant);
  Player* self = nullptr;
  std::atomic<int> statuses{0};
  PlaybackListener listener = log_.listener();
  auto finished = listener.finished;
  listener.finished = [&, finished](PlaybackId id, PlaybackOutcome outcome, const std::string& message) {
    self->status();
    ++statuses;
    finished(id, outcome, message);
  };
  Player player(voice_->clips, std::move(sink), {}, listener);
  self = &player;
  ASSERT_TRUE(player.enqueue(request(1, "ab")));
  ASSERT_TRUE(log_.wait_finished(1, 10s));
  EXPECT_EQ(statuses.load(), 1);
}

}  // namespace
}  // namespace alfabravo::test
