#pragma once
// alfabravod's life: start-up (socket, voices, clips, audio), serving, SIGHUP reload, SIGTERM shutdown.
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/thread_pool.hpp>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>

#include "command_line.hpp"
#include "config.hpp"
#include "listening_socket.hpp"
#include "log_rate_limit.hpp"
#include "peer_credentials.hpp"
#include "voice_registry.hpp"

namespace alfabravo {

class Synthesizer;
class ClipLibrary;
class Player;
class RequestDispatcher;
class SpeakTracker;

class Server {
 public:
  // Reads the config (file + command line). Throws ConfigError / std::runtime_error: the daemon cannot start.
  explicit Server(CommandLine command_line);
  ~Server();

  // Binds, loads, serves until SIGTERM/SIGINT. Returns the exit code. Throws on start-up failures.
  int run();

 private:
  DaemonConfig load_config() const;
  void accept_next();
  // Takes every connection waiting in the backlog; false when accepting failed (and resumes later).
  bool accept_backlog();
  void pause_accepting(const boost::system::error_code& error);
  void take_client(boost::asio::local::stream_protocol::socket socket);
  void wait_for_signal();
  void log_foreign_peer(std::uint64_t number, const std::optional<PeerCredentials>& peer);
  void reload();
  void prepare_default_voice(const Voice& voice);
  void prepare_in_background(std::shared_ptr<const Voice> voice);
  void shut_down();
  void run_event_loop();
  std::string status_line() const;

  CommandLine command_line_;
  DaemonConfig config_;
  // Destroyed in reverse: the workers are joined and the player stopped before the clips, voices and
  // io_context they use go away.
  boost::asio::io_context io_;
  std::optional<ListeningSocket> listening_;
  boost::asio::local::stream_protocol::acceptor acceptor_;
  boost::asio::signal_set signals_;
  std::unique_ptr<Synthesizer> synthesizer_;
  std::unique_ptr<ClipLibrary> clips_;
  std::unique_ptr<VoiceRegistry> voices_;
  std::unique_ptr<SpeakTracker> speaks_;  // the player's events are posted to it
  std::unique_ptr<RequestDispatcher> dispatcher_;
  boost::asio::thread_pool workers_{2};  // renders and device listings; their jobs use the dispatcher
  std::unique_ptr<Player> player_;
  std::uint64_t next_session_ = 1;
  const uid_t own_uid_ = ::geteuid();  // the only user served; asked once, not for every connection
  LogRateLimit foreign_peer_log_{5, std::chrono::seconds(60)};
  bool stopping_ = false;
};

}  // namespace alfabravo
