// Load generator for alfabravod's socket: opens N connections at once, then each sends the same JSON request
// K times, one in flight per connection, and times every request from its send to its final event. In C with
// epoll so that the generator's own latency stays far below the daemon's (a Python client adds milliseconds).
//
//   loadgen SOCKET CONNECTIONS REQUESTS_PER_CONNECTION RATE 'JSON-REQUEST-WITHOUT-ID' [FINAL-EVENTS]
//
// RATE 0: closed loop (a connection sends its next request as soon as the previous one ended);
// RATE > 0: the whole set sends RATE requests per second in total, spread evenly over the connections.
// FINAL-EVENTS: comma-separated events that end a request (default: every final event of the protocol), e.g.
// "queued,error" to time how fast speak requests are accepted rather than how long they take to play.
// LOADGEN_TIMEOUT (seconds, default 120) bounds the run. The first requests of every connection are sent back
// to back (a burst of N). Prints one JSON object.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

enum { kMaxLine = 1 << 20 };

struct conn {
  int fd;
  int sent, done;
  double sent_at, first_reply_at;
  double next_due;
  char* buf;
  size_t len;
  int waiting;  // a request is in flight
};

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp_double(const void* a, const void* b) {
  double x = *(const double*)a, y = *(const double*)b;
  return x < y ? -1 : x > y;
}

static double pct(double* v, long n, double p) {
  if (n == 0) return 0;
  long rank = (long)(p / 100.0 * n + 0.999999);
  if (rank < 1) rank = 1;
  return v[rank - 1];
}

static const char* kFinal[] = {"done",   "cancelled", "error",   "ok",         "pong", "version",
                               "status", "voices",    "devices", "transcript", NULL};

// The value of "event" in a reply line, copied into out.
static int event_name(const char* line, char* out, size_t size) {
  const char* p = strstr(line, "\"event\"");
  if (!p) return 0;
  p = strchr(p + 7, '"');
  if (!p) return 0;
  const char* q = strchr(p + 1, '"');
  if (!q || (size_t)(q - p - 1) >= size) return 0;
  memcpy(out, p + 1, q - p - 1);
  out[q - p - 1] = 0;
  return 1;
}

int main(int argc, char** argv) {
  if (argc != 6 && argc != 7) {
    fprintf(stderr, "usage: %s SOCKET CONNECTIONS REQUESTS RATE JSON [FINAL-EVENTS]\n", argv[0]);
    return 2;
  }
  const char* path = argv[1];
  int n = atoi(argv[2]), k = atoi(argv[3]);
  double rate = atof(argv[4]);
  const char* json = argv[5];  // e.g. {"op":"transcript","text":"Ab3"} — an id is added per request
  if (n <= 0 || k <= 0 || json[0] != '{') return 2;
  char* final_events = NULL;  // ",queued,error," for a quick substring match
  if (argc == 7) {
    final_events = malloc(strlen(argv[6]) + 3);
    sprintf(final_events, ",%s,", argv[6]);
  }

  struct rlimit rl;
  getrlimit(RLIMIT_NOFILE, &rl);
  if (rl.rlim_cur < (rlim_t)n + 64) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
  }

  struct conn* c = calloc(n, sizeof *c);
  double* latency = malloc(sizeof(double) * (size_t)n * k);
  // Every request but a connection's first: those first ones also wait for the daemon to accept() them.
  double* later = malloc(sizeof(double) * (size_t)n * k);
  long nlater = 0;
  long nlat = 0, errors = 0, connect_errors = 0, disconnects = 0;
  char first_error[256] = "";
  int ep = epoll_create1(0);

  struct sockaddr_un addr = {.sun_family = AF_UNIX};
  snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path);
  double t_connect = now();
  for (int i = 0; i < n; i++) {
    c[i].fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (c[i].fd < 0 || connect(c[i].fd, (struct sockaddr*)&addr, sizeof addr) != 0) {
      if (!connect_errors) snprintf(first_error, sizeof first_error, "connect: %s", strerror(errno));
      connect_errors++;
      if (c[i].fd >= 0) close(c[i].fd);
      c[i].fd = -1;
      continue;
    }
    fcntl(c[i].fd, F_SETFL, O_NONBLOCK);
    c[i].buf = malloc(kMaxLine);
    struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (unsigned)i};
    epoll_ctl(ep, EPOLL_CTL_ADD, c[i].fd, &ev);
  }
  double connected = now() - t_connect;

  // Send one request on connection i.
  char line[65536];
  double t_start = now();
  long active = 0;
  for (int i = 0; i < n; i++) {
    if (c[i].fd < 0) continue;
    active++;
    c[i].next_due = rate > 0 ? t_start + (double)i / rate : t_start;
  }
  long in_flight = 0, finished_conns = 0;
  struct epoll_event events[256];
  const char* timeout_env = getenv("LOADGEN_TIMEOUT");
  double deadline = now() + (timeout_env ? atof(timeout_env) : 120.0);
  long timeouts = 0;
  while (finished_conns < active) {
    double t = now();
    if (t > deadline) {  // bounded in time whatever the daemon does: what is still in flight is an error
      timeouts = in_flight;
      errors += in_flight;
      if (!first_error[0]) snprintf(first_error, sizeof first_error, "timed out waiting for replies");
      break;
    }
    double soonest = 1e300;
    for (int i = 0; i < n; i++) {
      if (c[i].fd < 0 || c[i].waiting || c[i].sent >= k) continue;
      if (c[i].next_due <= t) {
        int len = snprintf(line, sizeof line, "{\"id\":\"c%d-%d\",%s\n", i, c[i].sent, json + 1);
        c[i].sent_at = now();
        c[i].first_reply_at = 0;
        ssize_t w = send(c[i].fd, line, len, MSG_NOSIGNAL);
        if (w != len) {  // a request line is far smaller than the socket buffer
          errors++;
          if (!first_error[0]) snprintf(first_error, sizeof first_error, "send: %s", strerror(errno));
          close(c[i].fd);
          c[i].fd = -1;
          finished_conns++;
          continue;
        }
        c[i].sent++;
        c[i].waiting = 1;
        in_flight++;
      } else if (c[i].next_due < soonest) {
        soonest = c[i].next_due;
      }
    }
    int timeout_ms = soonest < 1e300 ? (int)((soonest - now()) * 1000) : 100;
    if (timeout_ms < 0) timeout_ms = 0;
    if (in_flight == 0 && soonest >= 1e300) break;
    int got = epoll_wait(ep, events, 256, in_flight ? (timeout_ms < 100 ? timeout_ms : 100) : timeout_ms);
    double t_read = now();
    for (int e = 0; e < got; e++) {
      int i = (int)events[e].data.u32;
      if (c[i].fd < 0) continue;
      ssize_t r = read(c[i].fd, c[i].buf + c[i].len, kMaxLine - 1 - c[i].len);
      if (r <= 0) {
        if (r < 0 && errno == EAGAIN) continue;
        disconnects++;
        if (c[i].waiting) {
          errors++;
          in_flight--;
        }
        if (!first_error[0]) snprintf(first_error, sizeof first_error, "connection closed by the daemon");
        close(c[i].fd);
        c[i].fd = -1;
        finished_conns++;
        continue;
      }
      c[i].len += (size_t)r;
      c[i].buf[c[i].len] = 0;
      char *start = c[i].buf, *nl;
      while ((nl = strchr(start, '\n'))) {
        *nl = 0;
        char name[32];
        if (c[i].waiting && !c[i].first_reply_at) c[i].first_reply_at = t_read;
        if (event_name(start, name, sizeof name)) {
          int final = 0;
          if (final_events) {
            char wanted[64];
            snprintf(wanted, sizeof wanted, ",%s,", name);
            final = strstr(final_events, wanted) != NULL;
          } else {
            for (const char** f = kFinal; *f; f++)
              final |= strcmp(*f, name) == 0;
          }
          if (strcmp(name, "error") == 0 || strcmp(name, "cancelled") == 0) {
            errors++;
            if (!first_error[0]) snprintf(first_error, sizeof first_error, "%.200s", start);
          }
          if (final && c[i].waiting) {
            latency[nlat] = t_read - c[i].sent_at;
            if (c[i].done > 0) later[nlater++] = latency[nlat];
            nlat++;
            c[i].waiting = 0;
            in_flight--;
            c[i].done++;
            c[i].next_due = rate > 0 ? c[i].next_due + active / rate : t_read;
            if (c[i].done >= k) finished_conns++;
          }
        }
        start = nl + 1;
      }
      c[i].len = strlen(start);
      memmove(c[i].buf, start, c[i].len);
    }
  }
  double elapsed = now() - t_start;
  qsort(latency, nlat, sizeof(double), cmp_double);
  qsort(later, nlater, sizeof(double), cmp_double);
  printf(
      "{\"connections\":%ld,\"connect_errors\":%ld,\"connect_s\":%.4f,\"requests\":%ld,\"errors\":%ld,"
      "\"disconnects\":%ld,\"timeouts\":%ld,\"elapsed_s\":%.4f,\"rps\":%.1f,\"p50_ms\":%.3f,\"p90_ms\":%.3f,"
      "\"p99_ms\":%.3f,"
      "\"max_ms\":%.3f,\"later_n\":%ld,\"later_p50_ms\":%.3f,\"later_p99_ms\":%.3f,\"first_error\":\"",
      active, connect_errors, connected, nlat, errors, disconnects, timeouts, elapsed, nlat / elapsed,
      pct(latency, nlat, 50) * 1e3, pct(latency, nlat, 90) * 1e3, pct(latency, nlat, 99) * 1e3,
      nlat ? latency[nlat - 1] * 1e3 : 0, nlater, pct(later, nlater, 50) * 1e3, pct(later, nlater, 99) * 1e3);
  for (const char* p = first_error; *p; p++) {
    if (*p == '"' || *p == '\\') putchar('\\');
    if ((unsigned char)*p >= 0x20) putchar(*p);
  }
  printf("\"}\n");
  for (int i = 0; i < n; i++)
    if (c[i].fd >= 0) close(c[i].fd);
  return 0;
}
