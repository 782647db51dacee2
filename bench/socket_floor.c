// The floor under alfabravod's load figures: a minimal Unix-socket server in C that does only the socket
// work a transcript request needs (accept every waiting connection, read a line, write a reply line of the
// daemon's size, close at EOF) and nothing else: no parsing, no spelling, no allocation per request.
// bench/loadgen.c against it shows what a burst or a closed loop costs on this machine before any daemon
// code runs.
//
//   socket_floor SOCKET [REPLY_BYTES]     (REPLY_BYTES: default 1512, the reply to the bench's transcript)
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s SOCKET [REPLY_BYTES]\n", argv[0]);
    return 2;
  }
  const size_t reply_bytes = argc > 2 ? (size_t)atoi(argv[2]) : 1512;
  char* reply = malloc(reply_bytes);
  memset(reply, 'x', reply_bytes);
  memcpy(reply, "{\"event\":\"transcript\",\"t\":\"", 27);
  reply[reply_bytes - 2] = '}';
  reply[reply_bytes - 3] = '"';
  reply[reply_bytes - 1] = '\n';

  int listener = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  struct sockaddr_un addr = {.sun_family = AF_UNIX};
  snprintf(addr.sun_path, sizeof addr.sun_path, "%s", argv[1]);
  unlink(argv[1]);
  if (bind(listener, (struct sockaddr*)&addr, sizeof addr) != 0 || listen(listener, SOMAXCONN) != 0) {
    perror("bind/listen");
    return 1;
  }
  int ep = epoll_create1(EPOLL_CLOEXEC);
  struct epoll_event ev = {.events = EPOLLIN, .data.fd = listener};
  epoll_ctl(ep, EPOLL_CTL_ADD, listener, &ev);
  struct epoll_event events[256];
  char buf[16384];
  for (;;) {
    int n = epoll_wait(ep, events, 256, -1);
    for (int i = 0; i < n; i++) {
      int fd = events[i].data.fd;
      if (fd == listener) {
        int client;
        while ((client = accept4(listener, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
          struct epoll_event cev = {.events = EPOLLIN, .data.fd = client};
          epoll_ctl(ep, EPOLL_CTL_ADD, client, &cev);
        }
        continue;
      }
      ssize_t got = read(fd, buf, sizeof buf);
      if (got <= 0) {
        if (got < 0 && errno == EAGAIN) continue;
        close(fd);  // closing removes it from the epoll set
        continue;
      }
      for (ssize_t k = 0; k < got; k++) {
        if (buf[k] == '\n' && send(fd, reply, reply_bytes, MSG_NOSIGNAL) < 0) break;
      }
    }
  }
}
