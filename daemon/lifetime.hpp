#pragma once
// Work posted to the io thread from another thread (the player's, a worker's) may arrive after the object it
// was meant for is gone. An object holds a Lifetime and wraps such work in guard(): it then runs only while
// the object lives. Created, guarded, expired and run on the io thread; guard()'s result may be copied
// anywhere.
#include <memory>
#include <utility>

namespace alfabravo {

class Lifetime {
 public:
  Lifetime() = default;
  Lifetime(const Lifetime&) = delete;
  Lifetime& operator=(const Lifetime&) = delete;
  ~Lifetime() { *alive_ = false; }

  template <class F>
  auto guard(F work) const {
    return [alive = std::weak_ptr<bool>(alive_), work = std::move(work)](auto&&... args) mutable {
      if (const auto a = alive.lock(); a && *a) work(std::forward<decltype(args)>(args)...);
    };
  }

 private:
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace alfabravo
