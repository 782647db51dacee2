#include "audio/clip_library.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <future>
#include <map>
#include <mutex>
#include <stdexcept>
#include <tuple>
#include <utility>
#include <vector>

#include "audio/clip_text.hpp"
#include "audio/resample.hpp"
#include "audio/synthesizer.hpp"
#include "voice/voice_vocabulary.hpp"

namespace alfabravo {
namespace {

using SettingsKey = std::tuple<std::string, int, int, int>;
using ClipKey = std::pair<SettingsKey, std::string>;

SettingsKey settings_key(const SynthesisSettings& settings) {
  return {settings.espeak_voice, settings.rate_wpm, settings.pitch, settings.volume};
}

}  // namespace

struct ClipLibrary::Impl {
  Synthesizer& synthesizer;
  std::optional<ClipCache> cache;

  mutable std::mutex mutex;
  // A clip being rendered is already here (its future not ready yet), so a second caller waits for it
  // instead of rendering it again.
  struct Entry {
    std::shared_future<ClipPtr> clip;
    bool on_demand = false;  // claimed by clip(), counted in on_demand
  };
  std::map<ClipKey, Entry> clips;
  std::atomic<std::size_t> synthesized{0};
  std::atomic<std::size_t> loaded{0};
  std::atomic<std::size_t> cache_writes{0};

  // Clips converted to other rates, by (clip, rate). An entry outlives its clip only until the next prune
  // (its weak source then fails to lock, and a new clip at the same address is never taken for it).
  struct Resampled {
    std::weak_ptr<const Clip> source;
    ClipPtr clip;
  };
  std::mutex resampled_mutex;
  std::map<std::pair<const Clip*, int>, Resampled> resampled;
  std::size_t resampled_after_prune = 0;

  std::size_t max_on_demand;
  std::size_t on_demand = 0;  // entries of `clips` claimed by clip() rather than prepare(); guarded by mutex

  Impl(Synthesizer& s, ClipLibraryOptions options)
      : synthesizer(s), max_on_demand(options.max_on_demand_clips) {
    if (options.cache_directory) cache.emplace(std::move(*options.cache_directory));
  }

  // Claims the keys not present yet with a promise each; returns those promises (the caller must fulfil or
  // fail every one).
  // For clip() (on_demand), nothing is claimed once max_on_demand entries exist.
  std::vector<std::pair<std::string, std::promise<ClipPtr>>> claim(const std::vector<std::string>& texts,
                                                                   const SettingsKey& key,
                                                                   bool on_demand_claim) {
    std::vector<std::pair<std::string, std::promise<ClipPtr>>> claimed;
    std::lock_guard lock(mutex);
    for (const auto& text : texts) {
      ClipKey clip_key{key, text};
      if (clips.contains(clip_key)) continue;
      if (on_demand_claim) {
        if (on_demand >= max_on_demand) continue;
        ++on_demand;
      }
      std::promise<ClipPtr> promise;
      clips.emplace(std::move(clip_key), Entry{promise.get_future().share(), on_demand_claim});
      claimed.emplace_back(text, std::move(promise));
    }
    return claimed;
  }

  void forget(const SettingsKey& key, const std::string& text) {
    std::lock_guard lock(mutex);
    const auto found = clips.find(ClipKey{key, text});
    if (found == clips.end()) return;
    if (found->second.on_demand) --on_demand;
    clips.erase(found);
  }

  // Fulfils claimed promises by synthesis; all words are queued at once so eSpeak NG's thread never idles.
  // Rethrows the first failure after every claim has been settled.
  void synthesize_claimed(std::vector<std::pair<std::string, std::promise<ClipPtr>>>& claimed,
                          const SynthesisSettings& settings) {
    const SettingsKey key = settings_key(settings);
    std::vector<std::future<Clip>> pending;
    pending.reserve(claimed.size());
    std::exception_ptr first_failure;
    for (auto& [text, promise] : claimed) {
      try {
        pending.push_back(synthesizer.synthesize(text, settings));
      } catch (...) {
        pending.emplace_back();  // no future: failed before queueing
        if (!first_failure) first_failure = std::current_exception();
      }
    }
    for (std::size_t i = 0; i < claimed.size(); ++i) {
      auto& [text, promise] = claimed[i];
      try {
        if (!pending[i].valid()) std::rethrow_exception(first_failure);
        promise.set_value(std::make_shared<const Clip>(pending[i].get()));
        ++synthesized;
      } catch (...) {
        if (!first_failure) first_failure = std::current_exception();
        promise.set_exception(std::current_exception());
        forget(key, text);  // a later request may try again
      }
    }
    if (first_failure) std::rethrow_exception(first_failure);
  }

  bool on_demand_full() const {
    std::lock_guard lock(mutex);
    return on_demand >= max_on_demand;
  }

  std::shared_future<ClipPtr> find(const ClipKey& key) const {
    std::lock_guard lock(mutex);
    const auto found = clips.find(key);
    return found == clips.end() ? std::shared_future<ClipPtr>() : found->second.clip;
  }
};

ClipLibrary::ClipLibrary(Synthesizer& synthesizer) : ClipLibrary(synthesizer, ClipLibraryOptions{}) {}

ClipLibrary::ClipLibrary(Synthesizer& synthesizer, ClipLibraryOptions options)
    : impl_(std::make_unique<Impl>(synthesizer, std::move(options))) {}

ClipLibrary::~ClipLibrary() = default;

void ClipLibrary::prepare(const Voice& voice) {
  prepare(voice, voice.synthesis);
}

// What start_preparing() claimed, for the job that fulfils it.
struct ClipLibrary::Claims {
  Impl* impl;
  SynthesisSettings settings;
  SettingsKey key;
  std::vector<std::string> texts;  // sorted, unique: the cache's key
  std::vector<std::pair<std::string, std::promise<ClipPtr>>> claimed;
  bool done = false;

  void fulfil();
  bool load_from_cache(const std::string& engine);
  void store_in_cache(const std::string& engine);
};

std::shared_ptr<ClipLibrary::Claims> ClipLibrary::claim_vocabulary(const Voice& voice,
                                                                   const SynthesisSettings& settings) {
  validate_synthesis_settings(settings);
  std::vector<std::string> texts = vocabulary(voice);
  admit_clip_texts(texts);                // a voice file's words, validated by its loader
  std::sort(texts.begin(), texts.end());  // the cache key must not depend on the voice file's order
  texts.erase(std::unique(texts.begin(), texts.end()), texts.end());
  auto claims = std::make_shared<Claims>(
      Claims{impl_.get(), settings, settings_key(settings), std::move(texts), {}, false});
  claims->claimed = impl_->claim(claims->texts, claims->key, false);
  return claims;
}

void ClipLibrary::prepare(const Voice& voice, const SynthesisSettings& settings) {
  Preparation(claim_vocabulary(voice, settings)).run();
}

ClipLibrary::Preparation ClipLibrary::start_preparing(const Voice& voice) {
  return Preparation(claim_vocabulary(voice, voice.synthesis));
}

void ClipLibrary::Preparation::run() {
  if (claims_) claims_->fulfil();
}

void ClipLibrary::Claims::fulfil() {
  if (done) return;
  done = true;
  if (claimed.empty()) return;  // everything is here already
  const std::string engine = ClipCache::current_engine();
  if (load_from_cache(engine)) return;
  impl->synthesize_claimed(claimed, settings);  // throws if any word failed: nothing is cached then
  store_in_cache(engine);
}

bool ClipLibrary::Claims::load_from_cache(const std::string& engine) {
  if (!impl->cache) return false;
  auto cached = impl->cache->load(engine, settings, texts);
  if (!cached) return false;
  std::map<std::string, Clip*> by_text;
  for (std::size_t i = 0; i < texts.size(); ++i)
    by_text[texts[i]] = &(*cached)[i];
  for (auto& [text, promise] : claimed) {
    promise.set_value(std::make_shared<const Clip>(std::move(*by_text.at(text))));
    ++impl->loaded;
  }
  return true;
}

void ClipLibrary::Claims::store_in_cache(const std::string& engine) {
  if (!impl->cache) return;
  ClipSet set{engine, settings, texts, {}};
  set.clips.reserve(texts.size());
  for (const auto& text : texts) {
    // Words claimed earlier by clip() may still be rendering (wait for them) or have failed (then the
    // set is incomplete and is not cached: the cache is an optimisation, never a reason to fail).
    auto future = impl->find(ClipKey{key, text});
    if (!future.valid()) return;
    try {
      set.clips.push_back(*future.get());
    } catch (...) {
      return;
    }
  }
  if (impl->cache->store(set)) ++impl->cache_writes;
}

ClipLibrary::ClipPtr ClipLibrary::clip(const std::string& text, const SynthesisSettings& settings) {
  const SettingsKey key = settings_key(settings);
  if (auto known = impl_->find(ClipKey{key, text}); known.valid()) return known.get();

  auto claimed = impl_->claim({text}, key, true);
  if (!claimed.empty()) impl_->synthesize_claimed(claimed, settings);
  // Rendered now, or by another caller who claimed it first (whose failure is rethrown here).
  auto rendered = impl_->find(ClipKey{key, text});
  if (!rendered.valid() && impl_->on_demand_full()) {
    // No room to keep it: render it for this use only.
    auto clip = std::make_shared<const Clip>(impl_->synthesizer.synthesize(text, settings).get());
    ++impl_->synthesized;
    return clip;
  }
  if (!rendered.valid()) {
    // The other caller's rendering failed and was forgotten before we looked: render it ourselves.
    return clip(text, settings);
  }
  return rendered.get();
}

ClipLibrary::ClipPtr ClipLibrary::at_rate(const ClipPtr& clip, int rate) {
  if (rate == kClipSampleRate) return clip;
  std::lock_guard lock(impl_->resampled_mutex);
  auto& entries = impl_->resampled;
  auto& entry = entries[{clip.get(), rate}];
  if (entry.source.lock() != clip) {
    entry.clip = std::make_shared<const Clip>(Clip{resample(clip->samples, kClipSampleRate, rate)});
    entry.source = clip;
  }
  ClipPtr converted = entry.clip;
  // Clips rendered for one use only (past max_on_demand) die young: forget theirs once they pile up.
  if (entries.size() > 2 * impl_->resampled_after_prune + 256) {
    std::erase_if(entries, [](const auto& each) { return each.second.source.expired(); });
    impl_->resampled_after_prune = entries.size();
  }
  return converted;
}

std::size_t ClipLibrary::size() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->clips.size();
}

std::size_t ClipLibrary::clips_synthesized() const {
  return impl_->synthesized;
}
std::size_t ClipLibrary::clips_loaded_from_cache() const {
  return impl_->loaded;
}
std::size_t ClipLibrary::cache_writes() const {
  return impl_->cache_writes;
}

}  // namespace alfabravo
