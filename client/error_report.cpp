#include "client/error_report.hpp"

#include <iostream>

#include "client/exit_codes.hpp"

namespace alfabravo::client {

int report_error(const Event& event) {
  std::cerr << "alfabravo: " << to_string(event.error_code()) << ": " << event.error_message() << "\n";
  if (event.error_code() == ErrorCode::audio_unavailable) {
    std::cerr << "alfabravo: is the sound server running? `alfabravo --devices` lists the outputs; "
                 "`alfabravo --render out.wav TEXT` works without one\n";
  }
  return kExitDaemonError;
}

int report_lost_connection(const Connection::Received& received) {
  std::cerr << "alfabravo: "
            << (received.what == Connection::Wait::closed ? "the daemon closed the connection before the end"
                                                          : received.problem)
            << "\n";
  return kExitDaemonError;
}

}  // namespace alfabravo::client
