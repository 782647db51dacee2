#pragma once
// The command line between `alfabravo --print` and its helper program, alfabravo-print: the spelling choices
// and the client's own path, never the text (that goes through the helper's standard input, as argv is
// visible to every user in /proc).
#include <filesystem>
#include <string>
#include <vector>

#include "client/client_options.hpp"
#include "core/expected.hpp"

namespace alfabravo::client {

struct PrintHelperRequest {
  RequestOptions request;
  // The helper searches voices where the client would (voice_search_path.hpp), so that `alfabravo --version`
  // shows where --print looks.
  std::filesystem::path client_program;
};

// The arguments after the program name.
std::vector<std::string> print_helper_arguments(const PrintHelperRequest& request);
// From the arguments after the program name; the error names the argument that is wrong.
Expected<PrintHelperRequest, std::string> parse_print_helper_arguments(
    const std::vector<std::string>& arguments);

}  // namespace alfabravo::client
