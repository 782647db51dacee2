/* The floor for bench/client_startup.py: the least a client can do for one speak request (connect to the
 * socket after --socket, write one request line, read the reply), in C with nothing but libc. Its time in the
 * same run is what the machine and the bench's stand-in cost by themselves.
 *   client_floor --socket PATH TEXT */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc != 4 || strcmp(argv[1], "--socket") != 0) return 2;
  struct sockaddr_un address = {.sun_family = AF_UNIX};
  strncpy(address.sun_path, argv[2], sizeof address.sun_path - 1);
  const int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0 || connect(fd, (struct sockaddr*)&address, sizeof address) != 0) return 3;
  char line[256];
  const int length = snprintf(line, sizeof line, "{\"op\":\"speak\",\"text\":\"%s\"}\n", argv[3]);
  if (length < 0 || length >= (int)sizeof line || write(fd, line, (size_t)length) != length) return 3;
  char reply[256];
  return read(fd, reply, sizeof reply) > 0 ? 0 : 3;
}
