#include "playback/watchdog_runner.hpp"

#include <condition_variable>
#include <deque>
#include <exception>
#include <future>
#include <mutex>
#include <thread>

#include "playback/audio_sink.hpp"

namespace alfabravo {

namespace {

std::string what_unknown() {
  return "unknown error";
}

}  // namespace

struct WatchdogRunner::Worker {
  std::mutex mutex;
  std::condition_variable wake;
  std::deque<std::packaged_task<void()>> tasks;
  bool quit = false;

  // The thread keeps its Worker alive through its own shared_ptr, so an abandoned worker stays valid.
  static void loop(std::shared_ptr<Worker> self) {
    for (;;) {
      std::packaged_task<void()> task;
      {
        std::unique_lock lock(self->mutex);
        self->wake.wait(lock, [&] { return self->quit || !self->tasks.empty(); });
        if (self->tasks.empty()) return;
        task = std::move(self->tasks.front());
        self->tasks.pop_front();
      }
      task();
    }
  }
};

WatchdogRunner::WatchdogRunner() = default;

WatchdogRunner::~WatchdogRunner() {
  if (!worker_) return;
  {
    std::lock_guard lock(worker_->mutex);
    worker_->quit = true;
  }
  // The detached thread finishes what is queued and exits; it owns its Worker, so nothing dangles.
  worker_->wake.notify_all();
}

void WatchdogRunner::run(const std::string& what, std::function<void()> call,
                         std::chrono::milliseconds timeout) {
  if (!worker_) {
    worker_ = std::make_shared<Worker>();
    std::thread(&Worker::loop, worker_).detach();
  }
  // A failure comes back as its message, not as the exception object: that one would be shared by two
  // threads, one of which may still be tearing the task down.
  auto failure = std::make_shared<std::string>();
  std::packaged_task<void()> task([call = std::move(call), failure] {
    try {
      call();
    } catch (const std::exception& e) {
      *failure = e.what();
      if (failure->empty()) *failure = what_unknown();
    } catch (...) {
      *failure = what_unknown();
    }
  });
  auto done = task.get_future();
  {
    std::lock_guard lock(worker_->mutex);
    worker_->tasks.push_back(std::move(task));
  }
  worker_->wake.notify_one();
  if (done.wait_for(timeout) != std::future_status::ready) {
    // Abandon the hung worker: tell it to quit once (if ever) the call returns, and use a new one next time.
    {
      std::lock_guard lock(worker_->mutex);
      worker_->quit = true;
    }
    worker_->wake.notify_all();
    worker_.reset();
    ++abandoned_;
    throw AudioUnavailable(what + " did not return within " + std::to_string(timeout.count()) + " ms");
  }
  done.get();
  if (!failure->empty()) throw AudioUnavailable(*failure);
}

}  // namespace alfabravo
