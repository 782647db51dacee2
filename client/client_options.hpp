#pragma once
// Everything the command line asked for, parsed and checked (but no text read yet: that is text_source's
// job).
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace alfabravo::client {

// What one run of the client does.
enum class Action {
  speak,    // the default: have the daemon speak a text
  print,    // print the transcript locally; no daemon needed
  render,   // have the daemon render the text into an audio file
  stop,     // stop what is playing and flush the queue
  cancel,   // cancel one request by id
  status,   // show the daemon's status
  devices,  // list audio output devices
  voices,   // list voices
  version,  // print the version and where voices are looked for
  // on a call: the daemon holds the last text spoken, so each of these is a one-shot (a hotkey)
  pause,         // pause what is being spoken, keeping its place
  resume,        // resume it from the word that was cut
  toggle_pause,  // pause, or resume if nothing is playing but something is paused: one hotkey for both
  back,          // go back to the start of the previous group (or of the one being heard)
  skip,          // go on to the start of the next group
  repeat,        // say the last text again (whole, from a group, slower)
  forget,        // wipe the last text from the daemon's memory now
  check,         // compare a typed read-back with the last text
};

// Where the text comes from.
enum class TextSource {
  arguments,  // the positional arguments, joined by spaces
  standard_input,
  clipboard,
  password_prompt,  // asked on /dev/tty with echo off
};

// The spelling and playback options, exactly as the protocol names them; unset ones are left to the daemon.
struct RequestOptions {
  std::optional<std::string> mode;
  std::optional<std::string> case_policy;
  std::optional<std::string> digits;
  std::optional<std::size_t> group;
  std::optional<std::string> voice;
  std::optional<std::string> device;
  std::optional<int> rate;
};

struct ClientOptions {
  Action action = Action::speak;
  TextSource source = TextSource::arguments;
  std::vector<std::string> words;  // positional arguments (text source "arguments")
  RequestOptions request;
  std::string socket_path;
  std::string cancel_id;
  std::string render_file;  // "-": standard output
  std::string render_format = "wav";
  bool wait = true;                       // --no-wait clears it
  bool events = false;                    // print the daemon's JSON events on stdout
  bool show_secret = false;               // --show: display the characters in password mode
  std::optional<std::size_t> from_group;  // --repeat --from-group N
  bool slower = false;                    // --repeat --slower
  std::optional<std::size_t> groups;      // --back/--skip --groups N
  std::optional<bool> interactive;        // -i / --no-interactive; unset: when standard output is a terminal
  bool speak_result = false;              // --check --speak-result
};

// The text is a password (read with the hidden prompt, or spelled in password mode): the process stops being
// dumpable, and the transcript shows positions unless --show.
inline bool is_password_mode(const ClientOptions& options) {
  return options.source == TextSource::password_prompt ||
         options.request.mode == std::optional<std::string>("password");
}

}  // namespace alfabravo::client
