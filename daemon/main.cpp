// alfabravod: speaks text sent over a Unix socket in the NATO/ICAO spelling alphabet. Everything but main()
// lives in the alfabravo_daemon library (see server.hpp).
#include <exception>
#include <string>
#include <variant>

#include "command_line.hpp"
#include "heap_trimmer.hpp"
#include "log.hpp"
#include "server.hpp"

int main(int argc, char** argv) {
  alfabravo::configure_allocator();
  auto parsed = alfabravo::parse_command_line(argc, argv);
  if (const int* exit_code = std::get_if<int>(&parsed)) return *exit_code;
  try {
    alfabravo::Server server(std::get<alfabravo::CommandLine>(std::move(parsed)));
    return server.run();
  } catch (const std::exception& e) {
    alfabravo::daemon_log::error(std::string("alfabravod cannot start: ") + e.what());
    return 1;
  }
}
