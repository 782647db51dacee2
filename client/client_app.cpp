#include "client/client_app.hpp"

#include <sys/prctl.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "alfabravo/build_config.hpp"
#include "client/connection.hpp"
#include "client/display_style.hpp"
#include "client/error_report.hpp"
#include "client/exit_codes.hpp"
#include "client/interactive_session.hpp"
#include "client/interrupt_signal.hpp"
#include "client/print_helper.hpp"
#include "client/render_output.hpp"
#include "client/text_source.hpp"
#include "client/transcript_display.hpp"
#include "protocol/base64.hpp"
#include "protocol/json_wipe.hpp"
#include "protocol/line_checks.hpp"
#include "protocol/request.hpp"
#include "voice/voice_search_path.hpp"

namespace alfabravo::client {
namespace {

// Answers to stop/status/... come at once; this only keeps a wedged daemon from hanging a script forever.
constexpr int kReplyTimeoutMs = 30'000;
// After Ctrl-C: how long to wait for the daemon to confirm the cancel before leaving anyway.
constexpr int kCancelTimeoutMs = 5'000;

int print_version() {
  std::cout << "alfabravo " << build::kVersion << "\nvoices are looked for in:\n";
  for (const auto& dir : voice_search_path())
    std::cout << "  " << dir.string() << "\n";
  return kExitDone;
}

bool takes_text(Action action) {
  return action == Action::speak || action == Action::print || action == Action::render ||
         action == Action::check;
}

RequestId parse_request_id(const std::string& text) {
  if (!text.empty() && text.size() <= 18 && text.find_first_not_of("0123456789") == std::string::npos) {
    return RequestId{std::int64_t{std::stoll(text)}};
  }
  return RequestId{text};
}

void apply_options(const RequestOptions& options, Request& request) {
  if (options.mode) request.mode = parse_spell_mode(*options.mode);
  if (options.case_policy) request.case_policy = parse_case_policy(*options.case_policy);
  if (options.digits) request.digits = parse_digit_style(*options.digits);
  request.group = options.group;
  request.voice = options.voice;
  request.rate = options.rate;
}

// The connection, opened or explained. Exit code 3 when nothing answers.
std::optional<Connection> connect_or_explain(const ClientOptions& options) {
  auto connection = Connection::open(options.socket_path);
  if (!connection) {
    std::cerr << "alfabravo: " << connection.error().message << "\n";
    return std::nullopt;
  }
  return std::move(*connection);
}

// Waits for the one final reply to a request (stop, cancel, status, voices, devices), error or not; unset
// (after saying why) when the connection ends first.
std::optional<Event> final_reply(Connection& connection, const ClientOptions& options) {
  while (true) {
    auto received = connection.next(-1, kReplyTimeoutMs);
    if (received.what == Connection::Wait::event) {
      if (options.events) std::cout << received.line << "\n" << std::flush;
      wipe(received.line);  // a comparison's words spell the secret
      if (is_final(received.event->type)) return std::move(received.event);
      continue;
    }
    std::cerr << "alfabravo: "
              << (received.what == Connection::Wait::closed ? "the daemon closed the connection"
                                                            : received.problem)
              << "\n";
    return std::nullopt;
  }
}

// The final reply when it is not an error; else the error is reported and exit_code set.
std::optional<Event> single_reply(Connection& connection, const ClientOptions& options, int& exit_code) {
  auto reply = final_reply(connection, options);
  if (!reply) {
    exit_code = kExitDaemonError;
    return std::nullopt;
  }
  if (reply->type == EventType::error) {
    exit_code = report_error(*reply);
    return std::nullopt;
  }
  return reply;
}

std::string json_text(const nlohmann::json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

// Human output of the list and status replies: one line per voice or device, "key: value" for the rest.
void print_reply(const Event& event) {
  if (event.type == EventType::voices) {
    // One voice per line, its name first (the shell completions take the first word): name, language,
    // standard, from "details" when the daemon sends them.
    const std::string default_voice = event.body.value("default", std::string{});
    const auto details = event.body.value("details", nlohmann::json::array());
    const auto& voices = details.empty() ? event.body.value("voices", nlohmann::json::array()) : details;
    for (const auto& voice : voices) {
      const std::string name = json_text(voice.is_object() ? voice.value("name", nlohmann::json("")) : voice);
      std::cout << name;
      if (voice.is_object()) {
        for (const char* field : {"language", "standard", "error"}) {
          if (voice.contains(field)) std::cout << "  " << json_text(voice[field]);
        }
      }
      std::cout << (name == default_voice ? "  (default)" : "") << "\n";
    }
    return;
  }
  // Devices: one per line and nothing else, so that scripts (and the shell completions) can use the names.
  const bool devices = event.type == EventType::devices;
  if (devices && event.body.value("devices", nlohmann::json::array()).empty()) {
    std::cerr << "alfabravo: the daemon has no audio output devices (audio: "
              << json_text(event.body.value("audio", nlohmann::json("unknown"))) << ")\n";
  }
  for (const auto& [key, value] : event.body.items()) {
    if (key == "id" || key == "event" || (devices && key != "devices")) continue;
    if (value.is_array()) {
      for (const auto& item : value) {
        if (!item.is_object()) {
          std::cout << json_text(item) << "\n";
          continue;
        }
        std::string line;
        if (auto name = item.find("name"); name != item.end()) line = json_text(*name);
        for (const auto& [field, field_value] : item.items()) {
          if (field == "name") continue;
          if (field_value.is_boolean()) {
            if (field_value.get<bool>()) line += "  (" + field + ")";
          } else {
            line += "  " + json_text(field_value);
          }
        }
        std::cout << line << "\n";
      }
    } else if (key == "audio" && value == "unknown") {
      std::cout << "audio: unknown until first use\n";  // the daemon opens the output on the first speak
    } else {
      std::cout << key << ": " << json_text(value) << "\n";
    }
  }
}

int simple_request(const ClientOptions& options) {
  Request request;
  switch (options.action) {
    case Action::stop:
      request.op = Op::stop;
      break;
    case Action::cancel:
      request.op = Op::cancel;
      request.target = parse_request_id(options.cancel_id);
      break;
    case Action::status:
      request.op = Op::status;
      break;
    case Action::devices:
      request.op = Op::devices;
      break;
    case Action::voices:
      request.op = Op::voices;
      break;
    case Action::pause:
      request.op = Op::pause;
      break;
    case Action::resume:
      request.op = Op::resume;
      break;
    case Action::back:
      request.op = Op::back;
      request.groups = options.groups;
      break;
    case Action::skip:
      request.op = Op::skip;
      request.groups = options.groups;
      break;
    case Action::forget:
      request.op = Op::forget;
      break;
    default:
      return kExitUsage;
  }
  auto connection = connect_or_explain(options);
  if (!connection) return kExitUnreachable;
  if (!connection->send(serialize_request(request).str())) {
    std::cerr << "alfabravo: the daemon closed the connection\n";
    return kExitUnreachable;
  }
  int exit_code = kExitDone;
  const auto reply = single_reply(*connection, options, exit_code);
  if (!reply) return exit_code;
  if (!options.events && (options.action == Action::status || options.action == Action::devices ||
                          options.action == Action::voices)) {
    print_reply(*reply);
  }
  return kExitDone;
}

bool send_op(Connection& connection, Op op) {
  Request request;
  request.op = op;
  if (connection.send(serialize_request(request).str())) return true;
  std::cerr << "alfabravo: the daemon closed the connection\n";
  return false;
}

// One hotkey for both: pause; when there is nothing to pause (nothing playing, or it is paused already),
// resume.
int toggle_pause(const ClientOptions& options) {
  auto connection = connect_or_explain(options);
  if (!connection) return kExitUnreachable;
  if (!send_op(*connection, Op::pause)) return kExitUnreachable;
  auto reply = final_reply(*connection, options);
  if (!reply) return kExitDaemonError;
  if (reply->type != EventType::error) return kExitDone;
  if (reply->error_code() != ErrorCode::not_found) return report_error(*reply);
  if (!send_op(*connection, Op::resume)) return kExitUnreachable;
  int exit_code = kExitDone;
  single_reply(*connection, options, exit_code);
  return exit_code;
}

// Sends a request that carries the text, wiping every copy of it; false (after saying so) if the daemon is
// gone.
bool send_text_request(Connection& connection, Request& request) {
  const SecretString line = serialize_request(request);
  request.text = SecretString{};
  if (connection.send(line.str())) return true;
  std::cerr << "alfabravo: the daemon closed the connection\n";
  return false;
}

// One speak request's events, from queued to its final event, shown on the terminal as they come; Ctrl-C
// cancels it (the cancel is sent once the daemon has told the request's id).
class Readout {
 public:
  Readout(const ClientOptions& options, Connection& connection, std::size_t characters)
      : options_(options), connection_(connection) {
    if (!options.events && options.wait && ::isatty(STDOUT_FILENO)) {
      display_.emplace(std::cout, display_style(options, !dumb_terminal()), characters);
    }
  }

  int run() {
    while (true) {
      auto received =
          connection_.next(interrupted_ ? -1 : interrupt_.fd(), interrupted_ ? kCancelTimeoutMs : -1);
      if (received.what == Connection::Wait::interrupted) {
        interrupt_.acknowledge();
        interrupted_ = true;
        if (id_) send_cancel();  // else: sent as soon as "queued" tells the id
        continue;
      }
      if (received.what != Connection::Wait::event) {
        finish(interrupted_ ? "stopped" : "");
        if (interrupted_) return kExitInterrupted;
        return report_lost_connection(received);
      }
      if (const auto exit_code = on_event(received)) return *exit_code;
    }
  }

 private:
  // The exit code once the request has ended.
  std::optional<int> on_event(Connection::Received& received) {
    const Event& event = *received.event;
    if (options_.events) std::cout << received.line << "\n" << std::flush;
    wipe(received.line);
    if (id_ && event.id && *event.id != *id_)
      return std::nullopt;  // another request's, on a shared connection
    if (!id_ && event.id) id_ = event.id;
    if (!event.id && event.type != EventType::error) return std::nullopt;
    switch (event.type) {
      case EventType::queued:
        return on_queued();
      case EventType::progress:
        show_progress(*received.event);
        return std::nullopt;
      case EventType::done:
        finish("");
        return interrupted_ ? kExitInterrupted : kExitDone;
      case EventType::cancelled:
        finish("stopped");
        if (interrupted_) return kExitInterrupted;
        std::cerr << "alfabravo: the readout was cancelled (by alfabravo --stop or --cancel)\n";
        return kExitDaemonError;
      case EventType::error:
        finish("failed");
        return report_error(event);
      default:
        return std::nullopt;
    }
  }

  std::optional<int> on_queued() {
    if (interrupted_ && !cancel_sent_) send_cancel();
    if (options_.wait) return std::nullopt;
    // Bare, so that scripts can pass it to --cancel.
    if (!options_.events && id_) std::cout << json_text(to_json_id(id_)) << "\n";
    return kExitDone;
  }

  // The words spell the text out: shown in place, then wiped.
  void show_progress(Event& event) {
    const auto words = event.body.find("words");
    if (words == event.body.end() || !words->is_string()) return;
    if (display_)
      display_->progress(event.body.value("index", std::size_t{0}), words->get_ref<const std::string&>());
    wipe(words->get_ref<std::string&>());
  }

  void send_cancel() {
    Request cancel;
    cancel.op = Op::cancel;
    cancel.target = id_;
    cancel_sent_ = connection_.send(serialize_request(cancel).str());
  }

  void finish(std::string_view how) {
    if (display_) display_->finish(how);
  }

  const ClientOptions& options_;
  Connection& connection_;
  std::optional<TranscriptDisplay> display_;
  InterruptSignal interrupt_;
  std::optional<RequestId> id_;
  bool interrupted_ = false;
  bool cancel_sent_ = false;
};

int speak(const ClientOptions& options, SecretString text) {
  const auto interactive = open_interactive_terminal(options);
  if (interactive.usage_error) return kExitUsage;
  auto connection = connect_or_explain(options);
  if (!connection) {
    if (interactive.tty >= 0) ::close(interactive.tty);
    return kExitUnreachable;
  }

  const std::size_t characters = count_code_points(text.str());
  Request request;
  request.op = Op::speak;
  request.text = std::move(text);
  apply_options(options.request, request);
  request.device = options.request.device;
  request.detach = !options.wait;  // otherwise closing the connection stops the readout
  if (!send_text_request(*connection, request)) return kExitUnreachable;
  if (interactive.tty >= 0) return run_interactive_readout(options, *connection, characters, interactive.tty);
  return Readout(options, *connection, characters).run();
}

// The last text again, shown like a readout: the daemon holds it, so this process never sees the text.
int repeat(const ClientOptions& options) {
  auto connection = connect_or_explain(options);
  if (!connection) return kExitUnreachable;
  Request request;
  request.op = Op::repeat;
  request.from_group = options.from_group;
  request.slower = options.slower;
  request.rate = options.request.rate;
  request.device = options.request.device;
  request.detach = !options.wait;
  if (!connection->send(serialize_request(request).str())) {
    std::cerr << "alfabravo: the daemon closed the connection\n";
    return kExitUnreachable;
  }
  return Readout(options, *connection, 0).run();
}

// The read-back compared with the last text: one line per difference, by place and by words.
int check(const ClientOptions& options, SecretString text) {
  auto connection = connect_or_explain(options);
  if (!connection) return kExitUnreachable;
  Request request;
  request.op = Op::compare;
  request.text = std::move(text);
  request.speak = options.speak_result;  // said by the daemon even after this process has gone
  if (!send_text_request(*connection, request)) return kExitUnreachable;
  int exit_code = kExitDone;
  auto reply = single_reply(*connection, options, exit_code);
  if (!reply) return exit_code;
  const bool match = reply->body.value("match", false);
  if (!options.events) {
    if (match) std::cout << "The read-back matches.\n";
    for (auto& difference : reply->body["differences"]) {
      if (difference.contains("message")) std::cout << json_text(difference["message"]) << "\n";
    }
    const auto count = reply->body.value("count", std::size_t{0});
    const auto listed = reply->body["differences"].size();
    if (count > listed) std::cout << "(" << count - listed << " more differences)\n";
  }
  wipe_strings(reply->body);  // the words of the text and of the read-back
  return match ? kExitDone : kExitMismatch;
}

// Writes one audio event's bytes to the output; the exit code if that failed.
std::optional<int> write_audio(const Event& event, RenderOutput& output) {
  const auto data = event.body.find("data");
  const auto bytes = data != event.body.end() && data->is_string()
                         ? base64_decode(data->get_ref<const std::string&>())
                         : std::nullopt;
  if (!bytes) {
    std::cerr << "alfabravo: the daemon sent an audio event without valid base64 \"data\"\n";
    return kExitDaemonError;
  }
  if (auto written = output.write(*bytes); !written) {
    std::cerr << "alfabravo: " << written.error() << "\n";
    return kExitDaemonError;
  }
  return std::nullopt;
}

// The exit code once the render has ended.
std::optional<int> on_render_event(const Event& event, RenderOutput& output) {
  switch (event.type) {
    case EventType::audio:
      return write_audio(event, output);
    case EventType::done:
      if (auto committed = output.commit(); !committed) {
        std::cerr << "alfabravo: " << committed.error() << "\n";
        return kExitDaemonError;
      }
      return kExitDone;
    case EventType::cancelled:
      std::cerr << "alfabravo: the render was cancelled\n";
      return kExitDaemonError;
    case EventType::error:
      return report_error(event);
    default:
      return std::nullopt;
  }
}

int render(const ClientOptions& options, SecretString text) {
  auto output = RenderOutput::create(options.render_file);
  if (!output) {
    std::cerr << "alfabravo: " << output.error() << "\n";
    return kExitUsage;
  }
  auto connection = connect_or_explain(options);
  if (!connection) return kExitUnreachable;

  Request request;
  request.op = Op::render;
  request.text = std::move(text);
  apply_options(options.request, request);
  request.format = options.render_format;
  if (!send_text_request(*connection, request)) return kExitUnreachable;
  InterruptSignal interrupt;
  while (true) {
    auto received = connection->next(interrupt.fd(), -1);
    if (received.what == Connection::Wait::interrupted) return kExitInterrupted;  // output discards the file
    if (received.what != Connection::Wait::event) return report_lost_connection(received);
    if (options.events && options.render_file != "-") std::cout << received.line << "\n" << std::flush;
    if (const auto exit_code = on_render_event(*received.event, *output)) return *exit_code;
  }
}

}  // namespace

int run_client(const ClientOptions& options) {
  if (options.action == Action::version) return print_version();
  if (options.action == Action::repeat) return repeat(options);
  if (options.action == Action::toggle_pause) return toggle_pause(options);
  if (!takes_text(options.action)) return simple_request(options);

  // Keep a typed secret out of core dumps and away from ptrace by other processes of the same user.
  if (is_password_mode(options) || options.action == Action::check) ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);

  auto text = read_text(options);
  if (!text) {
    if (text.error().exit_code != kExitInterrupted)
      std::cerr << "alfabravo: " << text.error().message << "\n";
    return text.error().exit_code;
  }
  // JSON carries only UTF-8: without this check the bad bytes would be replaced, and something else spoken.
  if (options.action != Action::print) {
    if (const auto bad = find_invalid_utf8(text->str())) {
      std::cerr << "alfabravo: the text is not valid UTF-8 (byte offset " << *bad << ")\n";
      return kExitDaemonError;
    }
  }
  switch (options.action) {
    case Action::print:
      return run_print_helper(text->str(), options.request);
    case Action::render:
      return render(options, std::move(*text));
    case Action::check:
      return check(options, std::move(*text));
    default:
      return speak(options, std::move(*text));
  }
}

}  // namespace alfabravo::client
