#include "server.hpp"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <boost/asio/post.hpp>
#include <chrono>
#include <csignal>
#include <functional>
#include <typeinfo>

#include "audio/clip_cache.hpp"
#include "audio/clip_library.hpp"
#include "audio/synthesizer.hpp"
#include "log.hpp"
#include "notify.hpp"
#include "page_allocator.hpp"
#include "peer_credentials.hpp"
#include "playback/null_sink.hpp"
#include "playback/player.hpp"
#include "playback/portaudio_devices.hpp"
#include "playback/portaudio_sink.hpp"
#include "protocol/events.hpp"
#include "request_dispatcher.hpp"
#include "session.hpp"
#include "speak_tracker.hpp"
#include "voice/voice_loader.hpp"
#include "voice/voice_locale.hpp"

namespace alfabravo {

namespace {

// Enough descriptors for every client plus the daemon's own files; the soft limit is often 1024.
void raise_open_file_limit(std::size_t clients) {
  const rlim_t wanted = static_cast<rlim_t>(clients) + 64;
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= wanted) return;
  const rlim_t previous = limit.rlim_cur;
  limit.rlim_cur = limit.rlim_max == RLIM_INFINITY ? wanted : std::min(wanted, limit.rlim_max);
  if (setrlimit(RLIMIT_NOFILE, &limit) == 0) {
    daemon_log::debug("open file limit raised from " + std::to_string(previous) + " to " +
                      std::to_string(limit.rlim_cur));
  }
  if (limit.rlim_cur < wanted) {
    daemon_log::warning("the open file limit (" + std::to_string(limit.rlim_cur) + ") is below what " +
                        std::to_string(clients) + " clients need");
  }
}

// The kernel grows a process's descriptor table by doubling, and in a process with threads each growth waits
// for an RCU grace period: a fresh daemon's first crowd of a thousand clients sat through five of them while
// it accepted (twice the latency of every later crowd, at the same CPU). Grown once, when the daemon is
// ready, to what the clients need; the table never shrinks, and costs the kernel 8 bytes a descriptor.
void reserve_descriptor_table(std::size_t clients) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  const rlim_t highest = std::min<rlim_t>(static_cast<rlim_t>(clients) + 64, limit.rlim_cur) - 1;
  const int any = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (any < 0) return;
  const int high = ::fcntl(any, F_DUPFD_CLOEXEC, static_cast<int>(highest));
  if (high >= 0) ::close(high);
  ::close(any);
}

std::unique_ptr<AudioSink> make_sink(AudioBackend backend) {
  if (backend == AudioBackend::none) return std::make_unique<NullSink>(NullSink::Pace::real_time);
  return std::make_unique<PortAudioSink>();
}

// Says plainly, once started, whether sound can be heard; never fatal (transcript and render work without).
void report_audio(const DaemonConfig& config) {
  if (config.audio == AudioBackend::none) {
    daemon_log::info("audio output: none (--audio none): speech is timed but not heard");
    return;
  }
  try {
    const auto devices = list_output_devices();
    if (devices.empty()) {
      daemon_log::notice(
          "no audio output device is available: speak requests will end with audio_unavailable "
          "until one appears; transcript and render work");
      return;
    }
    std::string names;
    for (const auto& device : devices)
      names += (names.empty() ? "" : ", ") + device.name;
    daemon_log::info("audio output devices: " + names);
    if (!config.device.empty()) {
      if (auto chosen = choose_output_device(devices, config.device);
          !chosen && config.device.rfind("alsa:", 0) != 0) {
        daemon_log::warning("device " + config.device + ": " + chosen.error());
      }
    }
  } catch (const std::exception& e) {
    daemon_log::notice(std::string("no audio output device is available (") + e.what() +
                       "): speak requests will end with audio_unavailable; transcript and render work");
  }
}

}  // namespace

Server::Server(CommandLine command_line)
    : command_line_(std::move(command_line)),
      config_(load_config()),
      acceptor_(io_),
      signals_(io_, SIGTERM, SIGINT, SIGHUP) {
  daemon_log::set_verbose(config_.verbose);
}

Server::~Server() {
  // Stop producers before what they use: the player's thread, then the workers, then the dispatcher and the
  // tracker the player's events were posted to.
  player_.reset();
  workers_.join();
  dispatcher_.reset();
  speaks_.reset();
}

DaemonConfig Server::load_config() const {
  DaemonConfig config;
  // Unless the file names one: the user's language if a voice of that name is shipped.
  config.voice = default_voice_name(available_voices(voice_search_path()));
  const auto file = command_line_.config_file ? command_line_.config_file : find_config_file();
  if (file) apply_config_file(config, *file);
  command_line_.apply_to(config);
  return config;
}

namespace {
// A refused cache directory costs every start-up its synthesis: say why, once.
void warn_about_the_cache_directory() {
  const auto directory = ClipCache::default_directory();
  std::error_code ignored;
  if (!directory || !std::filesystem::exists(std::filesystem::symlink_status(*directory, ignored))) return;
  if (auto problem = ClipCache(*directory).directory_problem(false)) {
    daemon_log::warning("the clip cache is not used: " + *problem);
  }
}
}  // namespace

int Server::run() {
  // No core dumps or ptrace by other processes of the user: memory may hold a password being spoken.
  prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
  raise_open_file_limit(config_.limits.clients);

  // The socket first: a second daemon fails here, before spending seconds on voices.
  listening_.emplace(ListeningSocket::open(config_.socket));
  if (listening_->activated()) {
    daemon_log::info("listening on the socket passed by systemd" +
                     (listening_->path().empty() ? std::string() : " (" + listening_->path().string() + ")"));
  } else {
    daemon_log::info("listening on " + listening_->path().string());
  }

  // A voice other than the default is prepared in the background when a request first uses it; until then
  // that request renders the words it needs on demand.
  voices_ =
      std::make_unique<VoiceRegistry>(voice_search_path(), [this](const std::shared_ptr<const Voice>& voice) {
        if (clips_) prepare_in_background(voice);
      });
  auto voice = voices_->get(config_.voice);
  if (!voice) throw std::runtime_error("voice " + config_.voice + ": " + voice.error());
  synthesizer_ = std::make_unique<Synthesizer>();
  clips_ = std::make_unique<ClipLibrary>(*synthesizer_);
  warn_about_the_cache_directory();
  // Its clips are loaded or rendered on a worker while the daemon already serves: a request needing one
  // waits for it (start_preparing claimed them all), so it is never refused or given other audio.
  prepare_default_voice(**voice);
  speaks_ = std::make_unique<SpeakTracker>(io_);
  PlayerSettings player_settings;
  player_settings.max_queued = config_.limits.queued;
  player_settings.idle_close = config_.idle_close;
  player_ = std::make_unique<Player>(*clips_, make_sink(config_.audio), player_settings, speaks_->listener());
  dispatcher_ =
      std::make_unique<RequestDispatcher>(io_, workers_, config_, *voices_, *clips_, *player_, *speaks_);

  acceptor_.assign(boost::asio::local::stream_protocol(), listening_->release());
  acceptor_.non_blocking(true);  // accept_backlog() empties the backlog without waiting
  accept_next();
  wait_for_signal();

  notify_service_manager("READY=1\n" + status_line());
  daemon_log::info("ready");
  // Listing the devices initialises PortAudio (~0.1 s: every ALSA PCM and JACK probed). It only tells the log
  // whether sound can be heard, so neither READY nor a request waits for it; a speak that comes meanwhile
  // opens its output once the listing is done (PortAudio calls are serialised).
  boost::asio::post(workers_, [config = config_] { report_audio(config); });
  // Off the io thread and after READY: the growth waits a grace period (~9 ms here) that start-up need not.
  boost::asio::post(workers_, [clients = config_.limits.clients] { reserve_descriptor_table(clients); });
  run_event_loop();

  listening_.reset();  // removes the socket file if this process created it
  daemon_log::info("stopped");
  return 0;
}

// A handler that throws must not take every other client down with it: log and keep serving. what() is not
// logged, since a library's message may quote the request (and so a secret); the type says where to look.
void Server::run_event_loop() {
  for (;;) {
    try {
      io_.run();
      return;
    } catch (const std::exception& e) {
      daemon_log::error(std::string("internal error in a request handler (") + typeid(e).name() +
                        "); still serving");
    }
  }
}

std::string Server::status_line() const {
  return "STATUS=Serving with voice " + config_.voice + ", audio " + std::string(to_string(config_.audio));
}

void Server::accept_next() {
  acceptor_.async_accept(
      [this](const boost::system::error_code& error, boost::asio::local::stream_protocol::socket socket) {
        if (stopping_ || error == boost::asio::error::operation_aborted) return;
        if (error) {
          pause_accepting(error);
          return;
        }
        take_client(std::move(socket));
        // A crowd connecting at once waits in the backlog: taken all now, not one per turn of the event
        // loop, where each would queue behind every ready connection's request.
        if (accept_backlog()) accept_next();
      });
}

bool Server::accept_backlog() {
  for (;;) {
    boost::system::error_code error;
    auto socket = acceptor_.accept(error);  // non-blocking: would_block once the backlog is empty
    if (error == boost::asio::error::would_block || error == boost::asio::error::try_again) return true;
    if (error) {
      pause_accepting(error);
      return false;
    }
    take_client(std::move(socket));
  }
}

// EMFILE and friends: log and keep accepting (after a breath, so that a full table does not spin).
void Server::pause_accepting(const boost::system::error_code& error) {
  daemon_log::warning("accept failed: " + error.message());
  auto timer = std::make_shared<boost::asio::steady_timer>(io_, std::chrono::milliseconds(100));
  timer->async_wait([this, timer](const boost::system::error_code&) {
    if (!stopping_) accept_next();
  });
}

void Server::take_client(boost::asio::local::stream_protocol::socket socket) {
  const std::uint64_t number = next_session_++;
  SessionLimits limits;
  limits.line_bytes = config_.limits.line_bytes;
  limits.line_timeout = config_.limits.line_timeout;
  limits.output_bytes = config_.limits.output_bytes;
  limits.write_timeout = config_.limits.line_timeout;
  auto session = std::allocate_shared<Session>(PageAllocator<Session>(), std::move(socket), number,
                                               *dispatcher_, limits);

  const auto peer = peer_credentials(session->native_handle());
  if (!peer || peer->uid != own_uid_) {
    log_foreign_peer(number, peer);
    session->reject(ErrorCode::forbidden, "this daemon serves only its own user");
  } else if (dispatcher_->session_count() >= config_.limits.clients) {
    daemon_log::warning("refused client " + std::to_string(number) + ": " +
                        std::to_string(config_.limits.clients) + " clients are connected already");
    session->reject(ErrorCode::busy,
                    "too many clients (limit " + std::to_string(config_.limits.clients) + ")");
  } else {
    if (daemon_log::verbose()) {
      daemon_log::debug("client " + std::to_string(number) + " connected (pid " + std::to_string(peer->pid) +
                        ")");
    }
    dispatcher_->add_session(std::move(session));
  }
}

void Server::log_foreign_peer(std::uint64_t number, const std::optional<PeerCredentials>& peer) {
  const auto decision = foreign_peer_log_.next();
  if (decision.held_back) {
    daemon_log::warning(std::to_string(*decision.held_back) +
                        " more connections of other users were refused and not logged");
  }
  if (!decision.log) return;
  daemon_log::warning(
      "refused client " + std::to_string(number) + ": " +
      (peer ? "uid " + std::to_string(peer->uid) + " (pid " + std::to_string(peer->pid) + ")"
            : std::string("unknown peer")) +
      " is not the daemon's user" +
      (decision.last_before_quiet ? "; further refusals are counted, not logged, for a minute" : ""));
}

void Server::wait_for_signal() {
  signals_.async_wait([this](const boost::system::error_code& error, int signal_number) {
    if (error) return;
    if (signal_number == SIGHUP) {
      reload();
      wait_for_signal();
      return;
    }
    daemon_log::info(std::string("received ") + (signal_number == SIGINT ? "SIGINT" : "SIGTERM") +
                     ": stopping");
    shut_down();
  });
}

void Server::shut_down() {
  if (stopping_) return;
  stopping_ = true;
  notify_service_manager("STOPPING=1\nSTATUS=Stopping");
  boost::system::error_code ignored;
  acceptor_.close(ignored);
  if (listening_) listening_->remove_file();  // new clients get "connection refused" at once
  signals_.cancel(ignored);
  dispatcher_->shut_down();
  // The loop ends when every connection has flushed its answers and closed (each gives up after 2 s).
}

namespace {
// Runs a voice's preparation and says how it went: "voice NAME ready …" with `ready` given the time it took,
// or why it failed, followed by `if_failed`.
std::string prepare_timed(const std::string& voice_name, const std::function<void()>& prepare,
                          const std::function<std::string(std::chrono::milliseconds)>& ready,
                          const std::string& if_failed) {
  const auto started = std::chrono::steady_clock::now();
  try {
    prepare();
    return "voice " + voice_name + " ready " +
           ready(std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                       started));
  } catch (const std::exception& e) {
    return "voice " + voice_name + ": preparing its clips failed" + if_failed + ": " + e.what();
  }
}
}  // namespace

void Server::prepare_default_voice(const Voice& voice) {
  auto preparation = std::make_shared<ClipLibrary::Preparation>(clips_->start_preparing(voice));
  boost::asio::post(workers_, [this, preparation, name = voice.name] {
    daemon_log::info(prepare_timed(
        name, [&] { preparation->run(); },
        [this](std::chrono::milliseconds ms) {
          return "(" + std::to_string(clips_->size()) + " clips, " +
                 std::to_string(clips_->clips_loaded_from_cache()) + " from the cache, in " +
                 std::to_string(ms.count()) + " ms)";
        },
        " (its words are rendered on demand)"));
  });
}

void Server::prepare_in_background(std::shared_ptr<const Voice> voice) {
  boost::asio::post(workers_, [this, voice] {
    auto outcome = prepare_timed(
        voice->name, [&] { clips_->prepare(*voice); },
        [](std::chrono::milliseconds ms) {
          return "in the background (" + std::to_string(ms.count()) + " ms)";
        },
        "");
    boost::asio::post(io_, [outcome] { daemon_log::info(outcome); });
  });
}

void Server::reload() {
  notify_service_manager("RELOADING=1\nSTATUS=Reloading");
  daemon_log::info("SIGHUP: reloading the configuration and the voices");
  DaemonConfig next;
  bool config_failed = false;
  try {
    next = load_config();
  } catch (const std::exception& e) {
    daemon_log::error(std::string("reload: keeping the old configuration: ") + e.what());
    next = config_;
    config_failed = true;
  }
  if (next.socket != config_.socket || next.audio != config_.audio || next.idle_close != config_.idle_close ||
      next.limits.queued != config_.limits.queued || next.limits.line_bytes != config_.limits.line_bytes) {
    daemon_log::notice(
        "reload: changes of socket, audio, idle_close, limits.queued and limits.line_bytes take "
        "effect after a restart");
    next.socket = config_.socket;
    next.audio = config_.audio;
    next.idle_close = config_.idle_close;
    next.limits.queued = config_.limits.queued;
    next.limits.line_bytes = config_.limits.line_bytes;
  }
  for (const auto& failure : voices_->reload(voice_search_path()))
    daemon_log::error("reload: " + failure);
  auto voice = voices_->get(next.voice);
  if (!voice) {
    daemon_log::error("reload: voice " + next.voice + " cannot be used (" + voice.error() +
                      "); keeping voice " + config_.voice);
    next.voice = config_.voice;
    voice = voices_->get(next.voice);
  }
  config_ = next;  // the dispatcher reads config_ by reference
  if (dispatcher_) dispatcher_->config_reloaded();
  daemon_log::set_verbose(config_.verbose);

  // Clips for a changed voice are rendered off the io thread; requests meanwhile render missing words on
  // demand.
  std::shared_ptr<const Voice> prepared = voice ? *voice : nullptr;
  boost::asio::post(workers_, [this, prepared, config_failed] {
    std::string failure;
    try {
      if (prepared) clips_->prepare(*prepared);
    } catch (const std::exception& e) {
      failure = e.what();
    }
    boost::asio::post(io_, [this, failure, config_failed] {
      if (!failure.empty()) daemon_log::error("reload: preparing the clips failed: " + failure);
      // The voices were reloaded either way; only a usable configuration file makes it a reload.
      daemon_log::info(config_failed ? "reload done: voices read again, still using the old configuration"
                                     : "reloaded");
      notify_service_manager("READY=1\n" + status_line());
    });
  });
}

}  // namespace alfabravo
