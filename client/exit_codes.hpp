#pragma once
// The client's documented exit codes (alfabravo(1)); scripts rely on them, so they never change meaning.
namespace alfabravo::client {

inline constexpr int kExitDone = 0;
inline constexpr int kExitDaemonError = 1;    // the daemon (or, for --print, the engine) reported an error
inline constexpr int kExitUsage = 2;          // bad options, or no text could be read
inline constexpr int kExitUnreachable = 3;    // no daemon answers on the socket
inline constexpr int kExitMismatch = 4;       // --check: the read-back differs from what was spoken
inline constexpr int kExitInterrupted = 130;  // Ctrl-C (128 + SIGINT)

}  // namespace alfabravo::client
