#include "notify.hpp"

#include <systemd/sd-daemon.h>

#include <string>

namespace alfabravo {

void notify_service_manager(std::string_view state) {
  const std::string text(state);
  sd_notify(0, text.c_str());
}

}  // namespace alfabravo
