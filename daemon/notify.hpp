#pragma once
// Tells the service manager about the daemon's state (sd_notify): READY=1, STATUS=..., RELOADING=1,
// STOPPING=1. Does nothing when not started by systemd (no $NOTIFY_SOCKET).
#include <string_view>

namespace alfabravo {

void notify_service_manager(std::string_view state);

}  // namespace alfabravo
