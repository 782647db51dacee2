#pragma once
// How the client tells the user that the daemon refused a request or went away (on stderr), and the exit
// code that goes with it. Shared by the plain readout and the interactive session.
#include "client/connection.hpp"
#include "protocol/events.hpp"

namespace alfabravo::client {

// The daemon's error event: its code and message, and a hint for the common case of no sound server.
int report_error(const Event& event);

// The connection ended, or failed, before the request's final event.
int report_lost_connection(const Connection::Received& received);

}  // namespace alfabravo::client
