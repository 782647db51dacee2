// alfabravo: the command-line client of alfabravod. See alfabravo(1) or `alfabravo --help`.
#include <unistd.h>

#include <iostream>

#include "client/client_app.hpp"
#include "client/command_line.hpp"

int main(int argc, char** argv) {
  using namespace alfabravo::client;
  const auto command_line = parse_command_line(argc, argv, ::isatty(STDIN_FILENO) != 0, std::cout, std::cerr);
  if (!command_line.options) return command_line.exit_code;
  return run_client(*command_line.options);
}
