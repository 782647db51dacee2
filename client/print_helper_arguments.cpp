#include "client/print_helper_arguments.hpp"

#include <charconv>
#include <optional>
#include <string_view>

namespace alfabravo::client {
namespace {

constexpr const char* kProgram = "--client-program";
constexpr const char* kMode = "--mode";
constexpr const char* kCase = "--case";
constexpr const char* kDigits = "--digits";
constexpr const char* kGroup = "--group";
constexpr const char* kVoice = "--voice";

bool is_option(std::string_view name) {
  for (const char* option : {kProgram, kMode, kCase, kDigits, kGroup, kVoice}) {
    if (name == option) return true;
  }
  return false;
}

void add(std::vector<std::string>& arguments, const char* name, const std::optional<std::string>& value) {
  if (!value) return;
  arguments.emplace_back(name);
  arguments.push_back(*value);
}

std::optional<std::size_t> parse_size(const std::string& text) {
  std::size_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

}  // namespace

std::vector<std::string> print_helper_arguments(const PrintHelperRequest& request) {
  std::vector<std::string> arguments{kProgram, request.client_program.string()};
  const RequestOptions& options = request.request;
  add(arguments, kMode, options.mode);
  add(arguments, kCase, options.case_policy);
  add(arguments, kDigits, options.digits);
  if (options.group) add(arguments, kGroup, std::to_string(*options.group));
  add(arguments, kVoice, options.voice);
  return arguments;
}

Expected<PrintHelperRequest, std::string> parse_print_helper_arguments(
    const std::vector<std::string>& arguments) {
  PrintHelperRequest parsed;
  RequestOptions& options = parsed.request;
  for (std::size_t i = 0; i < arguments.size(); i += 2) {
    const std::string& name = arguments[i];
    // Only the names this program knows are repeated in a message: anything else might be text.
    if (!is_option(name))
      return Unexpected{"argument " + std::to_string(i + 1) + " is not one of its options"};
    if (i + 1 >= arguments.size()) return Unexpected{name + " needs a value"};
    const std::string& value = arguments[i + 1];
    if (name == kProgram) {
      parsed.client_program = value;
    } else if (name == kMode) {
      options.mode = value;
    } else if (name == kCase) {
      options.case_policy = value;
    } else if (name == kDigits) {
      options.digits = value;
    } else if (name == kVoice) {
      options.voice = value;
    } else if (name == kGroup) {
      options.group = parse_size(value);
      if (!options.group) return Unexpected{name + " needs a number"};
    }
  }
  return parsed;
}

}  // namespace alfabravo::client
