#include "client/command_line.hpp"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <ostream>

#include "protocol/request.hpp"
#include "protocol/socket_path.hpp"

namespace alfabravo::client {
namespace {

constexpr const char* kDescription =
    "alfabravo speaks text in the NATO/ICAO spelling alphabet through the alfabravod daemon, so you can "
    "spell a\n"
    "URL or a password to someone on the phone: \"Ab3\" is read \"capital Alfa Bravo three\".\n"
    "It waits until the text has been spoken and, on a terminal, shows each word as it is said.";

constexpr const char* kFooter = R"(Examples:
  alfabravo 'https://Example.com/x?k=Ab3'      speak a URL (quote it for the shell)
  alfabravo --mode url --digits icao www.example.org/9
  some-command | alfabravo                      speak standard input (one trailing newline is dropped)
  alfabravo --clipboard                         speak the clipboard: bind this to a hotkey
  alfabravo --password                          type a secret with echo off; shown as positions
  alfabravo --print 'Example123!'               print the words only; needs no daemon
  alfabravo --render hello.wav --format wav8k hello    8 kHz WAV for a PBX
  alfabravo --stop                              stop speaking at once

On a call (the daemon holds the last text for 2 minutes; bind these to hotkeys):
  alfabravo --pause / --resume                  wait for the caller; resume at the word that was cut
  alfabravo --toggle-pause                      either of them: one hotkey for both
  alfabravo --back / --skip                     go back to the previous group / on to the next one
  alfabravo --back --groups 0                   say the group being heard again from its start
  alfabravo --repeat --from-group 2 --slower    say group 2 again, at 0.8x the rate
  alfabravo --check                             type the caller's read-back (not shown): what differs
  alfabravo --check --speak-result              ... and have the daemon say it too ("correct", or where)
  alfabravo --forget                            wipe the last text from the daemon's memory now

Interactive mode (speaking on a terminal; -i forces it, --no-interactive turns it off):
  space pause/resume   r this group again   R all again   Left/Right previous/next group
  -/+ slower/faster (x0.8 / x1.25, from the group being spoken)   c check a read-back   q or Esc stop

Secrets: never put a password on the command line (other users can see it in /proc); use --password or
standard input. Text starting with '-' goes after '--': alfabravo -- -x.

Exit status: 0 done, 1 the daemon reported an error (message printed), 2 usage error or no text,
3 daemon not reachable, 4 --check: the read-back differs, 130 interrupted (Ctrl-C stops the readout).
Start the daemon with: systemctl --user start alfabravod.socket   (or run alfabravod)
More: man alfabravo)";

// CLI11's help lists every "Excludes:" relation, which buries the descriptions: show types and defaults only.
class HelpFormatter : public CLI::Formatter {
 public:
  std::string make_option_opts(const CLI::Option* option) const override {
    std::string opts;
    if (option->get_type_size() != 0) {
      if (!option->get_type_name().empty()) opts += " " + get_label(option->get_type_name());
      if (!option->get_default_str().empty()) opts += " [" + option->get_default_str() + "]";
    }
    return opts;
  }
};

std::string environment(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

}  // namespace

std::string default_socket_path() {
  if (auto socket = environment("ALFABRAVO_SOCKET"); !socket.empty()) return socket;
  if (auto path = runtime_socket_path()) return path->string();
  return "/run/user/" + std::to_string(getuid()) + "/" + std::string(kSocketInRuntimeDir);
}

namespace {

// The parse in steps: the options by group, the relations between them, then what the parsed flags mean.
// Its members are the flags and options CLI11 fills in.
class Parser {
 public:
  Parser() {
    options.socket_path = default_socket_path();
    app.footer(kFooter);
    auto formatter = std::make_shared<HelpFormatter>();
    formatter->column_width(30);
    app.formatter(formatter);
    app.option_defaults()->always_capture_default(false);
    text = app.add_option("text", options.words,
                          "Text to speak (arguments are joined by spaces); '-' or a pipe: standard input");
    add_text_sources();
    add_spelling_options();
    add_behaviour_options();
    add_actions();
    add_call_actions();
    relate_options();
  }

  CommandLine parse(int argc, const char* const* argv, bool stdin_is_terminal, std::ostream& out,
                    std::ostream& err) {
    try {
      app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
      const int code = app.exit(e, out, err);
      return CommandLine{std::nullopt, code == 0 ? 0 : 2};
    }
    choose_action();
    if (!choose_source(stdin_is_terminal, err)) return CommandLine{std::nullopt, 2};
    return CommandLine{std::move(options), 0};
  }

 private:
  void add_text_sources() {
    const std::string sources = "Text sources";
    clipboard_flag =
        app.add_flag("-c,--clipboard", clipboard, "Speak the clipboard (wl-paste, xclip or xsel)")
            ->group(sources);
    password_flag =
        app.add_flag("-p,--password", password,
                     "Prompt for the text on the terminal with echo off (implies --mode password)")
            ->group(sources);
    show_flag =
        app.add_flag("--show", options.show_secret, "Password mode: show the words, not only positions")
            ->group(sources);
    clipboard_flag->excludes(password_flag)->excludes(text);
    password_flag->excludes(text);
  }

  void add_spelling_options() {
    const std::string spelling = "Spelling and playback (unset: the daemon's configuration)";
    app.add_option("-m,--mode", options.request.mode,
                   "spell: every character; url: url words whole; "
                   "password: pauses between groups")
        ->check(CLI::IsMember({"spell", "url", "password"}))
        ->group(spelling);
    app.add_option("--case", options.request.case_policy,
                   "capitals: say \"capital\" before upper case; all: also \"lowercase\"; none")
        ->check(CLI::IsMember({"capitals", "all", "none"}))
        ->group(spelling);
    app.add_option("--digits", options.request.digits, "plain: three, nine; icao: tree, niner")
        ->check(CLI::IsMember({"plain", "icao"}))
        ->group(spelling);
    app.add_option("-g,--group", options.request.group, "A longer pause after every N characters (0: none)")
        ->type_name("N")
        ->check(CLI::Range(std::size_t{0}, kMaxGroup))
        ->group(spelling);
    app.add_option("-v,--voice", options.request.voice, "The alphabet to use (see --voices), e.g. en")
        ->type_name("NAME")
        ->group(spelling);
    app.add_option("-d,--device", options.request.device, "The audio output to play on (see --devices)")
        ->type_name("NAME")
        ->group(spelling);
    app.add_option("-r,--rate", options.request.rate, "Speaking rate in words per minute (80 to 450)")
        ->type_name("WPM")
        ->check(CLI::Range(kMinRateWpm, kMaxRateWpm))
        ->group(spelling);
  }

  void add_behaviour_options() {
    const std::string behaviour = "Waiting and output";
    no_wait_flag =
        app.add_flag("-n,--no-wait", no_wait, "Return as soon as the daemon has queued it")->group(behaviour);
    events_flag =
        app.add_flag("--events", options.events, "Print the daemon's events as JSON lines (for scripts)")
            ->group(behaviour);
    interactive_flag = app.add_flag("-i,--interactive", interactive,
                                    "Keys while speaking: pause, again, groups, speed, check (default: when "
                                    "standard output is a terminal)")
                           ->group(behaviour);
    no_interactive_flag =
        app.add_flag("--no-interactive", no_interactive, "No keys: only show the readout")->group(behaviour);
    interactive_flag->excludes(no_interactive_flag);
    app.add_option("-s,--socket", options.socket_path, "The daemon's socket")
        ->type_name("PATH")
        ->default_str(options.socket_path)
        ->capture_default_str()
        ->group(behaviour);
  }

  void add_actions() {
    const std::string actions = "Other actions (instead of speaking)";
    print_flag = app.add_flag("--print", print, "Print the transcript and exit; works without the daemon")
                     ->group(actions);
    render_option = app.add_option("--render", options.render_file,
                                   "Write the audio to FILE instead of playing it ('-': stdout)")
                        ->type_name("FILE")
                        ->group(actions);
    format_option =
        app.add_option("-f,--format", options.render_format,
                       "For --render: WAV (wav: 22.05 kHz) or 8 kHz raw G.711")
            ->check(CLI::IsMember(std::vector<std::string>(kRenderFormats.begin(), kRenderFormats.end())))
            ->default_str("wav")
            ->capture_default_str()
            ->group(actions);
    stop_flag = app.add_flag("--stop", stop, "Stop what is being spoken and drop the queue")->group(actions);
    cancel_option = app.add_option("--cancel", options.cancel_id, "Cancel one request by its id")
                        ->type_name("ID")
                        ->group(actions);
    status_flag = app.add_flag("--status", status, "Show what the daemon is doing")->group(actions);
    devices_flag = app.add_flag("--devices", devices, "List the audio output devices")->group(actions);
    voices_flag = app.add_flag("--voices", voices, "List the voices (alphabets)")->group(actions);
    version_flag =
        app.add_flag("-V,--version", version, "Print the version and the voice search path")->group(actions);
    format_option->needs(render_option);
  }

  void add_call_actions() {
    const std::string call = "On a call (the daemon holds the last text spoken for a while)";
    pause_flag =
        app.add_flag("--pause", pause, "Pause what is being spoken; it keeps its place")->group(call);
    resume_flag =
        app.add_flag("--resume", resume, "Resume it, from the start of the word that was cut")->group(call);
    toggle_pause_flag =
        app.add_flag("--toggle-pause", toggle_pause, "Pause, or resume what is paused (one hotkey for both)")
            ->group(call);
    back_flag =
        app.add_flag("--back", back, "Go back to the start of the previous group of what is being spoken")
            ->group(call);
    skip_flag = app.add_flag("--skip", skip, "Go on to the start of its next group (past the last: end)")
                    ->group(call);
    groups_option =
        app.add_option("--groups", options.groups,
                       "With --back or --skip: move N groups (--back --groups 0: the start of the "
                       "group being heard)")
            ->type_name("N")
            ->check(CLI::Range(std::size_t{0}, kMaxNavigateGroups))
            ->group(call);
    repeat_flag = app.add_flag("--repeat", repeat, "Say the last text again")->group(call);
    from_group_option = app.add_option("--from-group", options.from_group, "With --repeat: from group N")
                            ->type_name("N")
                            ->check(CLI::Range(std::size_t{1}, kDefaultMaxCharacters))
                            ->group(call);
    slower_flag =
        app.add_flag("--slower", options.slower, "With --repeat: at 0.8 times the rate")->group(call);
    check_flag = app.add_flag("--check", check,
                              "Type the caller's read-back (not shown) and say where it differs from the "
                              "last text")
                     ->group(call);
    speak_result_flag =
        app.add_flag("--speak-result", options.speak_result,
                     "With --check: the daemon also says the result (\"correct\", or where it differs)")
            ->group(call);
    forget_flag =
        app.add_flag("--forget", forget, "Wipe the last text from the daemon's memory now")->group(call);
    from_group_option->needs(repeat_flag);
    slower_flag->needs(repeat_flag);
    speak_result_flag->needs(check_flag);
  }

  void relate_options() {
    // The actions exclude each other; the ones that take no text exclude every text source too.
    const std::vector<CLI::Option*> action_options{
        print_flag,        render_option, stop_flag,  cancel_option, status_flag, devices_flag,
        voices_flag,       version_flag,  pause_flag, resume_flag,   back_flag,   skip_flag,
        toggle_pause_flag, repeat_flag,   check_flag, forget_flag};
    for (std::size_t i = 0; i < action_options.size(); ++i) {
      for (std::size_t j = i + 1; j < action_options.size(); ++j)
        action_options[i]->excludes(action_options[j]);
    }
    for (auto* no_text :
         {stop_flag, cancel_option, status_flag, devices_flag, voices_flag, version_flag, pause_flag,
          resume_flag, back_flag, skip_flag, toggle_pause_flag, repeat_flag, check_flag, forget_flag}) {
      no_text->excludes(text)->excludes(clipboard_flag)->excludes(password_flag)->excludes(show_flag);
      if (no_text != repeat_flag) no_text->excludes(no_wait_flag);
    }
    for (auto* local : {print_flag, version_flag})
      local->excludes(no_wait_flag)->excludes(events_flag);
    render_option->excludes(no_wait_flag);
    // Keys steer a readout this process waits for: only speaking has one.
    for (auto* other : action_options)
      other->excludes(interactive_flag);
    interactive_flag->excludes(no_wait_flag);
  }

  void choose_action() {
    options.wait = !no_wait;
    if (interactive || no_interactive) options.interactive = interactive;
    if (print) options.action = Action::print;
    if (!options.render_file.empty() || render_option->count() > 0) options.action = Action::render;
    if (stop) options.action = Action::stop;
    if (cancel_option->count() > 0) options.action = Action::cancel;
    if (status) options.action = Action::status;
    if (devices) options.action = Action::devices;
    if (voices) options.action = Action::voices;
    if (version) options.action = Action::version;
    if (pause) options.action = Action::pause;
    if (resume) options.action = Action::resume;
    if (back) options.action = Action::back;
    if (skip) options.action = Action::skip;
    if (toggle_pause) options.action = Action::toggle_pause;
    if (repeat) options.action = Action::repeat;
    if (check) options.action = Action::check;
    if (forget) options.action = Action::forget;
  }

  // The text source, and the usage errors of the parsed whole (printed to err): false after one.
  bool choose_source(bool stdin_is_terminal, std::ostream& err) {
    const bool takes_text = options.action == Action::speak || options.action == Action::print ||
                            options.action == Action::render;
    if (takes_text) {
      if (clipboard) {
        options.source = TextSource::clipboard;
      } else if (password) {
        options.source = TextSource::password_prompt;
        if (!options.request.mode) options.request.mode = "password";
      } else if (options.words.size() == 1 && options.words.front() == "-") {
        options.source = TextSource::standard_input;
        options.words.clear();
      } else if (options.words.empty()) {
        if (stdin_is_terminal) {
          err << "alfabravo: no text: give it as an argument, pipe it on standard input, or use --clipboard "
                 "or "
                 "--password\nRun with --help for more information.\n";
          return false;
        }
        options.source = TextSource::standard_input;
      }
    }
    // The read-back is as secret as the text: typed with echo off, never in argv.
    if (options.action == Action::check) options.source = TextSource::password_prompt;
    if (options.groups && options.action != Action::back && options.action != Action::skip) {
      err << "alfabravo: --groups goes with --back or --skip\n";
      return false;
    }
    if (options.action == Action::skip && options.groups == 0u) {
      err << "alfabravo: --skip moves at least 1 group (--back --groups 0 says this group again)\n";
      return false;
    }
    if (options.action == Action::cancel && options.cancel_id.empty()) {
      err << "alfabravo: --cancel needs the id of a request\n";
      return false;
    }
    if (options.render_file.empty() && options.action == Action::render) {
      err << "alfabravo: --render needs a file name, or '-' for standard output\n";
      return false;
    }
    if (options.socket_path.empty()) {
      err << "alfabravo: --socket needs a path\n";
      return false;
    }
    return true;
  }

  ClientOptions options;
  CLI::App app{kDescription, "alfabravo"};
  bool clipboard = false;
  bool password = false;
  bool no_wait = false;
  bool interactive = false, no_interactive = false;
  bool print = false, stop = false, status = false, devices = false, voices = false, version = false;
  bool pause = false, resume = false, back = false, skip = false, repeat = false, check = false,
       forget = false, toggle_pause = false;
  CLI::Option* text = nullptr;
  CLI::Option *clipboard_flag = nullptr, *password_flag = nullptr, *show_flag = nullptr;
  CLI::Option *no_wait_flag = nullptr, *events_flag = nullptr, *interactive_flag = nullptr,
              *no_interactive_flag = nullptr;
  CLI::Option *print_flag = nullptr, *render_option = nullptr, *format_option = nullptr, *stop_flag = nullptr,
              *cancel_option = nullptr, *status_flag = nullptr, *devices_flag = nullptr,
              *voices_flag = nullptr, *version_flag = nullptr;
  CLI::Option *pause_flag = nullptr, *resume_flag = nullptr, *repeat_flag = nullptr,
              *from_group_option = nullptr, *slower_flag = nullptr, *check_flag = nullptr,
              *forget_flag = nullptr, *back_flag = nullptr, *skip_flag = nullptr, *groups_option = nullptr,
              *toggle_pause_flag = nullptr, *speak_result_flag = nullptr;
};

}  // namespace

CommandLine parse_command_line(int argc, const char* const* argv, bool stdin_is_terminal, std::ostream& out,
                               std::ostream& err) {
  return Parser().parse(argc, argv, stdin_is_terminal, out, err);
}

}  // namespace alfabravo::client
