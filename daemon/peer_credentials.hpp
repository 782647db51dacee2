#pragma once
// Who is at the other end of a Unix socket connection (SO_PEERCRED: fixed at connect time by the kernel).
#include <sys/types.h>

#include <optional>

namespace alfabravo {

struct PeerCredentials {
  pid_t pid = 0;
  uid_t uid = 0;
  gid_t gid = 0;
};

std::optional<PeerCredentials> peer_credentials(int socket_fd) noexcept;

}  // namespace alfabravo
