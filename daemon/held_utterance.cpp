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
  used_ = std::chrono::steady_clock::now();
  expire_at(used_ + window_);
}

void HeldUtterance::expire_at(std::chrono::steady_clock::time_point deadline) {
  until_ = std::chrono::time_point_cast<std::chrono::system_clock::duration>(
      std::chrono::system_clock::now() + (deadline - std::chrono::steady_clock::now()));
  timer_.expires_at(deadline);
  timer_.async_wait([this](const boost::system::error_code& error) {
    if (!error) forget();  // operation_aborted: re-armed or forgotten meanwhile
  });
}

void HeldUtterance::set_window(std::chrono::milliseconds window) {
  window_ = window;
  if (!content_) return;
  const auto deadline = used_ + window_;
  if (window_.count() <= 0 || deadline <= std::chrono::steady_clock::now()) {
    forget();
    return;
  }
  expire_at(deadline);
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
