#pragma once
// The last utterance spoken for this user, so that "say again" works from any client process (a hotkey
// press is a new connection): in memory only, as Secrets, wiped when the window since it was spoken (or last
// repeated) runs out, when it is replaced, or at once on forget. What it says is never logged; status only
// says whether one is held and until when. io thread only.
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "core/secret.hpp"
#include "spelling/spelling_options.hpp"
#include "spelling/token.hpp"
#include "voice/voice.hpp"

namespace alfabravo {

struct HeldContent {
  SecretString text;            // the source text, for compare
  Secret<Utterance> utterance;  // its words, for repeat
  std::shared_ptr<const Voice> voice;
  SpellingOptions options;
  SynthesisSettings synthesis;
  std::chrono::milliseconds word_gap{0};
  std::string device;
};

class HeldUtterance {
 public:
  // window 0: nothing is ever held.
  HeldUtterance(boost::asio::io_context& io, std::chrono::milliseconds window)
      : timer_(io), window_(window) {}

  // Replaces what is held (the old one is wiped) and starts the window.
  void hold(HeldContent content);
  // What is held, or null.
  const HeldContent* get() const noexcept { return content_ ? &*content_ : nullptr; }
  // Starts the window again (the utterance was just used).
  void touch();
  // Wipes it now; false if nothing was held.
  bool forget() noexcept;
  // When it will be wiped, if one is held.
  std::optional<std::chrono::system_clock::time_point> until() const noexcept;
  // Another window (the configuration was reloaded), in effect at once: what is held is kept until its last
  // use plus the new window, and wiped now if that has passed or the window is 0.
  void set_window(std::chrono::milliseconds window);

 private:
  void arm();
  void expire_at(std::chrono::steady_clock::time_point deadline);

  boost::asio::steady_timer timer_;
  std::chrono::milliseconds window_;
  std::chrono::steady_clock::time_point used_;  // held, or last touched
  std::optional<HeldContent> content_;
  std::chrono::system_clock::time_point until_;
};

}  // namespace alfabravo
