#include "client/interactive_session.hpp"

#include <fcntl.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <map>
#include <string_view>

#include "client/display_style.hpp"
#include "client/error_report.hpp"
#include "client/exit_codes.hpp"
#include "client/interactive_display.hpp"
#include "client/interrupt_signal.hpp"
#include "client/key_reader.hpp"
#include "client/read_back_prompt.hpp"
#include "client/terminal_raw_mode.hpp"
#include "protocol/json_wipe.hpp"
#include "protocol/request.hpp"

namespace alfabravo::client {
namespace {

// After Ctrl-C or q: how long to wait for the daemon to confirm the cancel before leaving anyway.
constexpr int kCancelTimeoutMs = 5'000;
// The rate -/+ start from when --rate was not given: every shipped voice speaks at 175 wpm (the daemon does
// not say which rate its configuration chose).
constexpr int kVoiceRateWpm = 175;
constexpr double kSlowerFactor = 0.8;
constexpr double kFasterFactor = 1.25;

constexpr std::string_view kKeyHelp =
    "space pause  r group again  R all again  \u2190/\u2192 groups  -/+ slower/faster  c check  q stop";

bool escapes_understood() {
  return ::isatty(STDOUT_FILENO) != 0 && !dumb_terminal();
}

std::string json_text(const nlohmann::json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

int step_rate(int rate, double factor) {
  return std::clamp(static_cast<int>(std::lround(rate * factor)), kMinRateWpm, kMaxRateWpm);
}

class InteractiveSession {
 public:
  InteractiveSession(const ClientOptions& options, Connection& connection, std::size_t characters, int tty)
      : options_(options),
        connection_(connection),
        tty_(tty),
        raw_mode_(tty, escapes_understood()),
        keys_(tty),
        rate_(options.request.rate.value_or(kVoiceRateWpm)) {
    display_.emplace(std::cout, display_style(options, escapes_understood()), characters);
    show_status();
  }

  int run() {
    while (true) {
      if (const auto exit_code = finished()) return *exit_code;
      const int fds[2] = {interrupt_.fd(), tty_};
      const bool keys = raw_mode_.active() && !keys_.end_of_input() && !interrupted_;
      const int timeout = keys_.decoder().pending_escape() ? kEscapeWaitMs
                          : waiting_for_cancel()           ? kCancelTimeoutMs
                                                           : -1;
      auto received = connection_.next(std::span<const int>(fds, keys ? 2 : 1), timeout);
      if (received.what == Connection::Wait::interrupted) {
        if (received.woken_by == 0) {
          on_interrupt();
        } else {
          auto read = keys_.read_available();
          on_keys(read);
        }
        continue;
      }
      if (received.what == Connection::Wait::event) {
        on_event(received);
        continue;
      }
      if (received.what == Connection::Wait::timed_out && keys_.decoder().pending_escape()) {
        if (auto escape = keys_.decoder().escape_timed_out()) on_key(*escape);
        continue;
      }
      on_connection_lost(received);
    }
  }

 private:
  // --- the end ---------------------------------------------------------------------------------------------

  bool waiting_for_cancel() const { return interrupted_ || quitting_; }
  int stop_exit_code() const { return interrupted_ ? kExitInterrupted : kExitDone; }

  // The exit code once the readout has ended and nothing the agent started (a read-back) is still open.
  std::optional<int> finished() const {
    if (!exit_code_ || prompt_ || comparing_) return std::nullopt;
    return exit_code_;
  }

  void end(std::string_view outcome, int exit_code, bool keep_keys) {
    if (exit_code_) return;
    exit_code_ = exit_code;
    readout_id_.reset();
    if (!keep_keys) {
      prompt_.reset();
      comparing_ = false;
    }
    if (keep_keys && (prompt_ || comparing_)) {
      display_->status("Finished speaking. " + (prompt_ ? prompt_->status() : std::string("Checking...")));
      ended_outcome_ = outcome;
      return;
    }
    close_display(outcome);
  }

  void on_connection_lost(const Connection::Received& received) {
    if (exit_code_) {  // the readout had ended; a read-back was still being typed or checked
      prompt_.reset();
      comparing_ = false;
      close_display(ended_outcome_);
      return;
    }
    if (waiting_for_cancel()) {
      end("stopped", stop_exit_code(), false);
      return;
    }
    end("failed", kExitDaemonError, false);
    report_lost_connection(received);  // after the screen is closed, so that the message stays on it
  }

  // An error reply ends the readout: the screen first, then the message below it.
  void fail(const Event& event) {
    end("failed", kExitDaemonError, false);
    report_error(event);
  }

  void close_display(std::string_view outcome) {
    std::cout << std::flush;
    raw_mode_.show_cursor();
    display_->finish(outcome);
  }

  // --- events ----------------------------------------------------------------------------------------------

  void on_event(Connection::Received& received) {
    Event& event = *received.event;
    if (options_.events) std::cout << received.line << "\n" << std::flush;
    wipe(received.line);
    if (!event.id) {
      if (event.type == EventType::error) fail(event);
      return;
    }
    const std::string id = describe(*event.id);
    const auto control = controls_.find(id);
    if (readout_id_ && *event.id == *readout_id_) {
      on_readout_event(event);
    } else if (control != controls_.end()) {
      // A restart's repeat that was itself replaced is past: its end is expected, not shown.
      if (control->second != Op::repeat) on_control_reply(event, control->second);
    } else if (!adopted_ && !exit_code_) {  // the speak request, its id assigned by the daemon
      readout_id_ = event.id;
      adopted_ = true;
      on_readout_event(event);
    }
    if (is_final(event.type)) controls_.erase(id);
  }

  void on_readout_event(Event& event) {
    switch (event.type) {
      case EventType::queued:
        if (waiting_for_cancel() && !cancel_sent_) send_cancel();
        return;
      case EventType::progress:
        on_progress(event);
        return;
      case EventType::paused:
        paused_ = true;
        show_status();
        return;
      case EventType::resumed:
        paused_ = false;
        show_status();
        return;
      case EventType::jumped:
        group_ = event.body.value("group", group_);
        show_status();
        return;
      case EventType::done:
        end(waiting_for_cancel() ? "stopped" : "", stop_exit_code(), true);
        return;
      case EventType::cancelled:
        on_cancelled();
        return;
      case EventType::error:
        fail(event);
        return;
      default:
        return;
    }
  }

  // The words spell the text out: shown in place, then wiped.
  void on_progress(Event& event) {
    group_ = event.body.value("group", group_);
    const auto words = event.body.find("words");
    if (words == event.body.end() || !words->is_string()) return;
    show_status();
    display_->progress(event.body.value("index", std::size_t{0}), words->get_ref<const std::string&>());
    wipe(words->get_ref<std::string&>());
  }

  void on_cancelled() {
    if (waiting_for_cancel()) {
      end("stopped", stop_exit_code(), !interrupted_);
      return;
    }
    end("stopped", kExitDaemonError, false);
    std::cerr << "alfabravo: the readout was cancelled (by alfabravo --stop or --cancel)\n";
  }

  // A refusal (nothing to pause, no such group) is said, and the readout goes on.
  void on_control_reply(Event& event, Op op) {
    if (event.type == EventType::error) {
      display_->message("alfabravo: " + std::string(to_string(op)) + ": " + event.error_message());
      if (op == Op::compare) finish_comparing();
      return;
    }
    if (event.type == EventType::comparison) show_comparison(event);
  }

  void finish_comparing() {
    comparing_ = false;
    if (exit_code_) close_display(ended_outcome_);
  }

  void show_comparison(Event& event) {
    if (event.body.value("match", false)) display_->message("The read-back matches.");
    for (auto& difference : event.body["differences"]) {
      if (difference.contains("message")) display_->message(json_text(difference["message"]));
    }
    const auto count = event.body.value("count", std::size_t{0});
    const auto listed = event.body["differences"].size();
    if (count > listed) display_->message("(" + std::to_string(count - listed) + " more differences)");
    wipe_strings(event.body);  // the words of the text and of the read-back
    finish_comparing();
  }

  // --- keys ------------------------------------------------------------------------------------------------

  void on_interrupt() {
    interrupt_.acknowledge();
    interrupted_ = true;
    prompt_.reset();
    comparing_ = false;
    if (exit_code_) {
      close_display("");
      exit_code_ = kExitInterrupted;
      return;
    }
    if (readout_id_) send_cancel();  // else: sent as soon as "queued" tells the id
  }

  void on_keys(std::vector<Key>& keys) {
    for (const Key& key : keys)
      on_key(key);
    wipe(keys);  // a read-back's characters
  }

  void on_key(const Key& key) {
    if (prompt_) {
      on_prompt_key(key);
      return;
    }
    if (exit_code_ || waiting_for_cancel()) return;
    if (key.is(' ')) {
      control(paused_ ? Op::resume : Op::pause);
    } else if (key.is('r')) {
      navigate(Op::back, 0);
    } else if (key.kind == KeyKind::left) {
      navigate(Op::back, 1);
    } else if (key.kind == KeyKind::right) {
      navigate(Op::skip, 1);
    } else if (key.is('R')) {
      restart(std::nullopt);
    } else if (key.is('-') || key.is('+') || key.is('=')) {
      rate_ = step_rate(rate_, key.is('-') ? kSlowerFactor : kFasterFactor);
      restart(group_ > 0 ? std::optional(group_) : std::nullopt);
    } else if (key.is('c')) {
      ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);  // the read-back is a secret: out of core dumps and ptrace
      prompt_.emplace();
      display_->status(prompt_->status());
    } else if (key.is('q') || key.kind == KeyKind::escape) {
      quitting_ = true;
      send_cancel();
    }
  }

  void on_prompt_key(const Key& key) {
    switch (prompt_->take(key)) {
      case ReadBackPrompt::State::typing:
        display_->status(prompt_->status());
        return;
      case ReadBackPrompt::State::cancelled:
        prompt_.reset();
        break;
      case ReadBackPrompt::State::submitted:
        send_compare();
        break;
    }
    if (exit_code_ && !comparing_) {
      close_display(ended_outcome_);
      return;
    }
    show_status();
  }

  // --- requests --------------------------------------------------------------------------------------------

  Request new_control(Op op) {
    Request request;
    request.op = op;
    request.id = RequestId{"key-" + std::to_string(++controls_sent_)};
    controls_[describe(*request.id)] = op;
    return request;
  }

  void send(const Request& request) {
    if (!connection_.send(serialize_request(request).str()))
      display_->message("alfabravo: the daemon is gone");
  }

  void control(Op op) { send(new_control(op)); }

  void navigate(Op op, std::size_t groups) {
    Request request = new_control(op);
    request.groups = groups;
    send(request);
  }

  void send_cancel() {
    if (!readout_id_) return;
    Request cancel = new_control(Op::cancel);
    cancel.target = readout_id_;
    send(cancel);
    cancel_sent_ = true;
  }

  // Speaks the held text again, from a group or whole, at the session's rate: the readout now playing is
  // cancelled and the new one takes its place on the screen.
  void restart(std::optional<std::size_t> from_group) {
    send_cancel();
    cancel_sent_ = false;
    Request repeat = new_control(Op::repeat);
    repeat.from_group = from_group;
    repeat.rate = rate_;
    repeat.device = options_.request.device;
    readout_id_ = repeat.id;
    paused_ = false;
    send(repeat);
    show_status();
  }

  void send_compare() {
    Request compare = new_control(Op::compare);
    compare.text = prompt_->take_text();
    prompt_.reset();
    const SecretString line = serialize_request(compare);
    compare.text = SecretString{};
    comparing_ = connection_.send(line.str());
  }

  void show_status() {
    if (prompt_) return;  // the prompt has the status line until it is done
    std::string status;
    if (group_ > 0) status += "group " + std::to_string(group_) + "  ";
    status += paused_ ? "paused  " : "";
    status += std::to_string(rate_) + " wpm | ";
    status += kKeyHelp;
    display_->status(status);
  }

  const ClientOptions& options_;
  Connection& connection_;
  int tty_;
  TerminalRawMode raw_mode_;
  KeyReader keys_;
  InterruptSignal interrupt_;
  std::optional<InteractiveDisplay> display_;
  std::optional<ReadBackPrompt> prompt_;
  std::map<std::string, Op> controls_;  // the requests keys sent, by id, until their final reply
  std::size_t controls_sent_ = 0;
  std::optional<RequestId> readout_id_;
  bool adopted_ = false;  // the first readout's id is known
  std::size_t group_ = 0;
  int rate_;
  bool paused_ = false;
  bool interrupted_ = false;  // Ctrl-C
  bool quitting_ = false;     // q or Esc
  bool cancel_sent_ = false;
  bool comparing_ = false;
  std::optional<int> exit_code_;
  std::string ended_outcome_;
};

bool is_foreground(int tty) {
  return ::tcgetpgrp(tty) == ::getpgrp();
}

}  // namespace

InteractiveTerminal open_interactive_terminal(const ClientOptions& options) {
  if (options.action != Action::speak || !options.wait || options.interactive == false) return {};
  if (!options.interactive && (options.events || ::isatty(STDOUT_FILENO) == 0)) return {};
  const bool forced = options.interactive == true;
  const int tty = ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
  if (tty >= 0 && is_foreground(tty)) return {tty, false};
  if (tty >= 0) ::close(tty);
  if (forced) {
    std::cerr << "alfabravo: --interactive needs a terminal in the foreground to read keys from\n";
    return {-1, true};
  }
  return {};
}

int run_interactive_readout(const ClientOptions& options, Connection& connection, std::size_t characters,
                            int tty) {
  int exit_code;
  {
    InteractiveSession session(options, connection, characters, tty);
    exit_code = session.run();
  }
  ::close(tty);
  return exit_code;
}

}  // namespace alfabravo::client
