/* A stand-in server for timing clients alone (bench/harness/client_start.py): listens on a Unix socket, serves
 * one connection at a time, answers like alfabravod (JSON lines: `done` to any request) or speech-dispatcher
 * (SSIP), and prints on stdout the CLOCK_MONOTONIC time (seconds) at which each speak request arrived.
 * In C, and single-threaded, so that the timestamp is taken as soon as the request is read even on a loaded
 * machine (a Python server's thread can be scheduled late, which shows up as client time).
 *   standin_server PATH json|ssip        prints "ready" once it listens */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

enum { kBufferBytes = 65536 };

static void note_arrival(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  printf("%lld.%09ld\n", (long long)now.tv_sec, now.tv_nsec);
  fflush(stdout);
}

static int send_text(int fd, const char* text) {
  const size_t length = strlen(text);
  return write(fd, text, length) == (ssize_t)length ? 0 : -1;
}

/* JSON lines: every complete line is a request; a speak is noted; each gets `done` (the client sends no id, so
 * the daemon's would be its own: docs/protocol.md). */
static size_t answer_json(int fd, char* buffer, size_t filled) {
  char* start = buffer;
  char* end;
  while ((end = memchr(start, '\n', filled - (size_t)(start - buffer))) != NULL) {
    *end = '\0';
    if (strstr(start, "\"op\":\"speak\"") != NULL) note_arrival();
    if (send_text(fd, "{\"event\":\"done\",\"id\":\"d1\"}\n") != 0) return 0;
    start = end + 1;
  }
  const size_t left = filled - (size_t)(start - buffer);
  memmove(buffer, start, left);
  return left;
}

/* SSIP: CRLF command lines; SPEAK is followed by the text, ended by a line holding a lone dot. */
static size_t answer_ssip(int fd, char* buffer, size_t filled, int* receiving) {
  char* start = buffer;
  char* end;
  while ((end = strstr(start, "\r\n")) != NULL && end < buffer + filled) {
    *end = '\0';
    if (*receiving) {
      if (strcmp(start, ".") == 0) {
        *receiving = 0;
        if (send_text(fd, "225-1\r\n225 OK MESSAGE QUEUED\r\n") != 0) return 0;
      }
    } else if (strncasecmp(start, "SPEAK", 5) == 0) {
      note_arrival();
      *receiving = 1;
      if (send_text(fd, "230 OK RECEIVING DATA\r\n") != 0) return 0;
    } else if (strncasecmp(start, "QUIT", 4) == 0) {
      if (send_text(fd, "231 HAPPY HACKING\r\n") != 0) return 0;
    } else if (send_text(fd, "208 OK\r\n") != 0) {
      return 0;
    }
    start = end + 2;
  }
  const size_t left = filled - (size_t)(start - buffer);
  memmove(buffer, start, left);
  return left;
}

static void serve(int fd, int ssip) {
  static char buffer[kBufferBytes + 1];
  size_t filled = 0;
  int receiving = 0;
  for (;;) {
    const ssize_t got = read(fd, buffer + filled, kBufferBytes - filled);
    if (got <= 0) return;
    filled += (size_t)got;
    buffer[filled] = '\0';
    filled = ssip ? answer_ssip(fd, buffer, filled, &receiving) : answer_json(fd, buffer, filled);
    if (filled == kBufferBytes) return; /* a line longer than any client here sends */
  }
}

int main(int argc, char** argv) {
  if (argc != 3 || (strcmp(argv[2], "json") != 0 && strcmp(argv[2], "ssip") != 0)) {
    fprintf(stderr, "usage: standin_server PATH json|ssip\n");
    return 2;
  }
  struct sockaddr_un address = {.sun_family = AF_UNIX};
  strncpy(address.sun_path, argv[1], sizeof address.sun_path - 1);
  const int listener = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listener < 0 || bind(listener, (struct sockaddr*)&address, sizeof address) != 0 || listen(listener, 16) != 0) {
    perror("standin_server");
    return 1;
  }
  printf("ready\n");
  fflush(stdout);
  for (;;) {
    const int fd = accept(listener, NULL, NULL);
    if (fd < 0) continue;
    serve(fd, strcmp(argv[2], "ssip") == 0);
    close(fd);
  }
}
