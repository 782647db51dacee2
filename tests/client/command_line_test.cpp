// The client's command line: which action, which text source, which options, and the usage errors (exit 2).
#include "client/command_line.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <vector>

namespace alfabravo::client {
namespace {

struct Parsed {
  CommandLine line;
  std::string out, err;
};

Parsed parse(std::vector<const char*> args, bool stdin_is_terminal = true) {
  args.insert(args.begin(), "alfabravo");
  std::ostringstream out, err;
  Parsed parsed{parse_command_line(static_cast<int>(args.size()), args.data(), stdin_is_terminal, out, err),
                "", ""};
  parsed.out = out.str();
  parsed.err = err.str();
  return parsed;
}

TEST(CommandLine, TextFromArgumentsWaitsByDefault) {
  const auto parsed = parse({"Ab3", "x"});
  ASSERT_TRUE(parsed.line.options) << parsed.err;
  const auto& options = *parsed.line.options;
  EXPECT_EQ(options.action, Action::speak);
  EXPECT_EQ(options.source, TextSource::arguments);
  EXPECT_EQ(options.words, (std::vector<std::string>{"Ab3", "x"}));
  EXPECT_TRUE(options.wait);
  EXPECT_FALSE(options.events);
}

TEST(CommandLine, TheCallOneShotsNeedNoText) {
  EXPECT_EQ(parse({"--pause"}).line.options->action, Action::pause);
  EXPECT_EQ(parse({"--resume"}).line.options->action, Action::resume);
  EXPECT_EQ(parse({"--forget"}).line.options->action, Action::forget);
  const auto repeat = *parse({"--repeat", "--from-group", "2", "--slower"}).line.options;
  EXPECT_EQ(repeat.action, Action::repeat);
  EXPECT_EQ(repeat.from_group, 2u);
  EXPECT_TRUE(repeat.slower);
  EXPECT_EQ(parse({"--repeat"}).line.options->from_group, std::nullopt);
  for (const auto& args : std::vector<std::vector<const char*>>{{"--pause", "text"},
                                                                {"--from-group", "2"},
                                                                {"--slower"},
                                                                {"--repeat", "--from-group", "0"},
                                                                {"--pause", "--resume"},
                                                                {"--repeat", "--clipboard"}}) {
    const auto parsed = parse(args);
    EXPECT_FALSE(parsed.line.options) << args.front();
    EXPECT_EQ(parsed.line.exit_code, 2);
  }
}

TEST(CommandLine, BackAndSkipMoveOneGroupOrAsManyAsGroupsSays) {
  const auto back = *parse({"--back"}).line.options;
  EXPECT_EQ(back.action, Action::back);
  EXPECT_EQ(back.groups, std::nullopt) << "the daemon's default: 1";
  EXPECT_EQ(parse({"--back", "--groups", "0"}).line.options->groups, 0u) << "this group again";
  const auto skip = *parse({"--skip", "--groups", "3"}).line.options;
  EXPECT_EQ(skip.action, Action::skip);
  EXPECT_EQ(skip.groups, 3u);
  for (const auto& args : std::vector<std::vector<const char*>>{{"--skip", "--groups", "0"},
                                                                {"--back", "--groups", "65"},
                                                                {"--groups", "2"},
                                                                {"--repeat", "--groups", "2"},
                                                                {"--back", "--skip"},
                                                                {"--skip", "text"}}) {
    const auto parsed = parse(args);
    EXPECT_FALSE(parsed.line.options) << args.front() << " " << args.back();
    EXPECT_EQ(parsed.line.exit_code, 2);
  }
}

TEST(CommandLine, InteractiveIsLeftToTheTerminalUnlessForcedOrTurnedOff) {
  EXPECT_EQ(parse({"x"}).line.options->interactive, std::nullopt);
  EXPECT_EQ(parse({"-i", "x"}).line.options->interactive, true);
  EXPECT_EQ(parse({"--interactive", "--password"}).line.options->interactive, true);
  EXPECT_EQ(parse({"--no-interactive", "x"}).line.options->interactive, false);
  // Keys steer a readout this process waits for: not with another action, nor with --no-wait.
  for (const auto& args : std::vector<std::vector<const char*>>{{"-i", "--no-interactive", "x"},
                                                                {"-i", "--no-wait", "x"},
                                                                {"-i", "--status"},
                                                                {"-i", "--print", "x"}}) {
    EXPECT_EQ(parse(args).line.exit_code, 2) << args[1];
  }
}

TEST(CommandLine, TogglePauseIsOneHotkeyForPauseAndResume) {
  EXPECT_EQ(parse({"--toggle-pause"}).line.options->action, Action::toggle_pause);
  EXPECT_EQ(parse({"--toggle-pause", "text"}).line.exit_code, 2);
  EXPECT_EQ(parse({"--toggle-pause", "--pause"}).line.exit_code, 2);
}

TEST(CommandLine, CheckAsksForTheReadBackWithEchoOffNeverFromArguments) {
  const auto check = *parse({"--check"}).line.options;
  EXPECT_EQ(check.action, Action::check);
  EXPECT_EQ(check.source, TextSource::password_prompt);
  EXPECT_FALSE(parse({"--check", "Ab3"}).line.options) << "the read-back is as secret as the text";
  EXPECT_FALSE(check.speak_result);
  EXPECT_TRUE(parse({"--check", "--speak-result"}).line.options->speak_result);
  EXPECT_FALSE(parse({"--speak-result"}).line.options) << "only with --check";
}

TEST(CommandLine, StandardInputByDashOrPipe) {
  EXPECT_EQ(parse({"-"}).line.options->source, TextSource::standard_input);
  EXPECT_EQ(parse({}, /*stdin_is_terminal=*/false).line.options->source, TextSource::standard_input);
  const auto on_terminal = parse({});
  EXPECT_FALSE(on_terminal.line.options);
  EXPECT_EQ(on_terminal.line.exit_code, 2);
  EXPECT_NE(on_terminal.err.find("no text"), std::string::npos);
}

TEST(CommandLine, PasswordImpliesPasswordModeUnlessAModeIsGiven) {
  auto options = *parse({"--password"}).line.options;
  EXPECT_EQ(options.source, TextSource::password_prompt);
  EXPECT_EQ(options.request.mode, "password");
  options = *parse({"--password", "--mode", "spell"}).line.options;
  EXPECT_EQ(options.request.mode, "spell");
}

TEST(CommandLine, OptionsMapOneToOneOntoTheRequest) {
  const auto options = *parse({"--mode", "url", "--case", "all", "--digits", "icao", "--group", "3",
                               "--voice", "de", "--device", "alfabravo_out", "--rate", "200", "x"})
                            .line.options;
  EXPECT_EQ(options.request.mode, "url");
  EXPECT_EQ(options.request.case_policy, "all");
  EXPECT_EQ(options.request.digits, "icao");
  EXPECT_EQ(options.request.group, 3u);
  EXPECT_EQ(options.request.voice, "de");
  EXPECT_EQ(options.request.device, "alfabravo_out");
  EXPECT_EQ(options.request.rate, 200);
}

TEST(CommandLine, UnsetOptionsAreLeftToTheDaemon) {
  const auto options = *parse({"x"}).line.options;
  EXPECT_FALSE(options.request.mode);
  EXPECT_FALSE(options.request.case_policy);
  EXPECT_FALSE(options.request.digits);
  EXPECT_FALSE(options.request.group);
  EXPECT_FALSE(options.request.voice);
  EXPECT_FALSE(options.request.rate);
}

TEST(CommandLine, Actions) {
  EXPECT_EQ(parse({"--print", "x"}).line.options->action, Action::print);
  EXPECT_EQ(parse({"--stop"}).line.options->action, Action::stop);
  EXPECT_EQ(parse({"--status"}).line.options->action, Action::status);
  EXPECT_EQ(parse({"--devices"}).line.options->action, Action::devices);
  EXPECT_EQ(parse({"--voices"}).line.options->action, Action::voices);
  const auto cancel = *parse({"--cancel", "d7"}).line.options;
  EXPECT_EQ(cancel.action, Action::cancel);
  EXPECT_EQ(cancel.cancel_id, "d7");
  const auto render = *parse({"--render", "out.wav", "--format", "ulaw", "x"}).line.options;
  EXPECT_EQ(render.action, Action::render);
  EXPECT_EQ(render.render_file, "out.wav");
  EXPECT_EQ(render.render_format, "ulaw");
  EXPECT_EQ(parse({"--render", "-", "x"}).line.options->render_format, "wav");
  EXPECT_FALSE(parse({"--no-wait", "x"}).line.options->wait);
}

TEST(CommandLine, UsageErrorsExit2) {
  const std::vector<std::vector<const char*>> bad{{"--bogus"},
                                                  {"--mode", "loud", "x"},
                                                  {"--case", "upper", "x"},
                                                  {"--digits", "roman", "x"},
                                                  {"--rate", "79", "x"},
                                                  {"--rate", "451", "x"},
                                                  {"--group", "65", "x"},
                                                  {"--format", "wav", "x"},
                                                  {"--stop", "x"},
                                                  {"--status", "--stop"},
                                                  {"--print", "--no-wait", "x"},
                                                  {"--clipboard", "x"},
                                                  {"--password", "x"},
                                                  {"--clipboard", "--password"},
                                                  {"--render", "f", "--format", "mp3", "x"},
                                                  {"--cancel"}};
  for (const auto& args : bad) {
    const auto parsed = parse(args);
    EXPECT_FALSE(parsed.line.options) << args.front();
    EXPECT_EQ(parsed.line.exit_code, 2) << args.front();
    EXPECT_FALSE(parsed.err.empty()) << args.front();
  }
}

TEST(CommandLine, HelpExits0WithExamples) {
  const auto parsed = parse({"--help"});
  EXPECT_FALSE(parsed.line.options);
  EXPECT_EQ(parsed.line.exit_code, 0);
  EXPECT_NE(parsed.out.find("Examples:"), std::string::npos);
  EXPECT_EQ(parsed.out.find("Excludes"), std::string::npos) << "the help lists options, not their relations";
}

TEST(CommandLine, SocketFromOptionOrEnvironment) {
  setenv("ALFABRAVO_SOCKET", "/tmp/from-env", 1);
  EXPECT_EQ(parse({"x"}).line.options->socket_path, "/tmp/from-env");
  EXPECT_EQ(parse({"-s", "/tmp/opt", "x"}).line.options->socket_path, "/tmp/opt");
  unsetenv("ALFABRAVO_SOCKET");
  setenv("XDG_RUNTIME_DIR", "/run/user/4242", 1);
  EXPECT_EQ(default_socket_path(), "/run/user/4242/alfabravo/socket");
}

}  // namespace
}  // namespace alfabravo::client
