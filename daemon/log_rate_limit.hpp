#pragma once
// Lets a kind of log message through a few times per period, then counts what it holds back and says so
// once the period is over. Another user can connect to the socket as often as they like, and each refusal
// was a warning: without a limit they could flood the journal and bury what matters.
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

namespace alfabravo {

class LogRateLimit {
 public:
  using Clock = std::chrono::steady_clock;
  LogRateLimit(std::size_t per_period, std::chrono::seconds period)
      : per_period_(per_period), period_(period) {}

  struct Decision {
    bool log = false;                // log this occurrence
    bool last_before_quiet = false;  // it is the last one logged this period: say that more are held back
    std::optional<std::size_t> held_back;  // the previous period held this many back: say so first
  };

  Decision next(Clock::time_point now = Clock::now()) {
    Decision decision;
    if (now - period_start_ >= period_) {
      if (suppressed_ > 0) decision.held_back = suppressed_;
      period_start_ = now;
      logged_ = 0;
      suppressed_ = 0;
    }
    if (logged_ < per_period_) {
      ++logged_;
      decision.log = true;
      decision.last_before_quiet = logged_ == per_period_;
    } else {
      ++suppressed_;
    }
    return decision;
  }

 private:
  const std::size_t per_period_;
  const std::chrono::seconds period_;
  Clock::time_point period_start_{};
  std::size_t logged_ = 0;
  std::size_t suppressed_ = 0;
};

}  // namespace alfabravo
