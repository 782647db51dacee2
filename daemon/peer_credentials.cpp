#include "peer_credentials.hpp"

#include <sys/socket.h>

namespace alfabravo {

std::optional<PeerCredentials> peer_credentials(int socket_fd) noexcept {
  struct ucred credentials {};
  socklen_t length = sizeof credentials;
  if (getsockopt(socket_fd, SOL_SOCKET, SO_PEERCRED, &credentials, &length) != 0 ||
      length != sizeof credentials) {
    return std::nullopt;
  }
  return PeerCredentials{credentials.pid, credentials.uid, credentials.gid};
}

}  // namespace alfabravo
