#include "held_utterance.hpp"

namespace alfabravo {

void HeldUtterance::hold(HeldContent content) {
  forget();
  if (window_.count() <= 0) return;
  content_.emplace(std::move(content));
  arm();
}

void HeldUtterance::touch() {
  if (content_) arm();
}

void HeldUtterance::arm() {
  until_ = std::chrono::system_clock::now() + window_;
  timer_.expires_after(window_);
  timer_.async_wait([this](const boost::system::error_code& error) {
    if (!error) forget();  // operation_aborted: re-armed or forgotten meanwhile
  });
}

bool HeldUtterance::forget() noexcept {
  timer_.cancel();
  if (!content_) return false;
  content_.reset();  // the Secrets wipe their text and words
  return true;
}

std::optional<std::chrono::system_clock::time_point> HeldUtterance::until() const noexcept {
  if (!content_) return std::nullopt;
  return until_;
}

}  // namespace alfabravo
