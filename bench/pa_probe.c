// Where a PortAudio player's milliseconds go: plays a tone through PortAudio's default device (ALSA -> the
// pulse plugin -> PulseAudio here) and prints the CLOCK_MONOTONIC time of each step, so the bench can set
// them against the first sound it records at the sink.
//
//   pa_probe MODE LATENCY_MS
//
// MODE  cold-callback: Pa_Initialize, open, start; the first callback plays the tone (as a fresh player does)
//       cold-blocking: the same with a blocking stream and Pa_WriteStream
//       open-callback: a callback stream already running (silence) for 1 s, then the tone: prints T0 when
//       asked open-blocking: a blocking stream opened and started 1 s before, nothing written since, then the
//       tone
// Output: "name=seconds" lines (CLOCK_MONOTONIC); T0 is what the bench measures the first sound from in the
// open modes.
#include <math.h>
#include <portaudio.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { kRate = 22050, kToneFrames = kRate / 5, kFramesPerBuffer = 256 };

static short tone[kToneFrames];
static atomic_int play_tone;
static atomic_long first_callback_ns, tone_callback_ns;
static int tone_pos;

static long now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

static void mark(const char* name, long ns) {
  printf("%s=%.6f\n", name, ns / 1e9);
}

static int callback(const void* in, void* out, unsigned long frames, const PaStreamCallbackTimeInfo* time,
                    PaStreamCallbackFlags flags, void* user) {
  (void)in, (void)time, (void)flags, (void)user;
  short* o = out;
  long t = now_ns();
  long expected = 0;
  atomic_compare_exchange_strong(&first_callback_ns, &expected, t);
  for (unsigned long i = 0; i < frames; i++) {
    if (atomic_load(&play_tone) && tone_pos < kToneFrames) {
      if (tone_pos == 0) atomic_store(&tone_callback_ns, t);
      o[i] = tone[tone_pos++];
    } else {
      o[i] = 0;
    }
  }
  return paContinue;
}

static void check(PaError e, const char* what) {
  if (e != paNoError) {
    fprintf(stderr, "%s: %s\n", what, Pa_GetErrorText(e));
    exit(1);
  }
}

int main(int argc, char** argv) {
  long t_main = now_ns();
  if (argc != 3) {
    fprintf(stderr,
            "usage: %s "
            "cold-callback|cold-blocking|open-callback|restart-callback|open-blocking|underrun-blocking "
            "LATENCY_MS\n",
            argv[0]);
    return 2;
  }
  const char* mode = argv[1];
  const int use_callback = strstr(mode, "callback") != NULL;
  const int underrun = strncmp(mode, "underrun", 8) == 0;
  const int restart = strncmp(mode, "restart", 7) == 0;
  const int open_first = strncmp(mode, "open", 4) == 0 || underrun || restart;
  for (int i = 0; i < kToneFrames; i++)
    tone[i] = (short)(12000 * cos(2 * M_PI * 440 * i / kRate));
  if (!open_first) atomic_store(&play_tone, 1);

  mark("main", t_main);
  check(Pa_Initialize(), "Pa_Initialize");
  mark("initialised", now_ns());
  PaStreamParameters p = {0};
  p.device = Pa_GetDefaultOutputDevice();
  p.channelCount = 1;
  p.sampleFormat = paInt16;
  p.suggestedLatency = atoi(argv[2]) / 1000.0;
  PaStream* s;
  check(Pa_OpenStream(&s, NULL, &p, kRate, kFramesPerBuffer, paNoFlag, use_callback ? callback : NULL, NULL),
        "Pa_OpenStream");
  mark("opened", now_ns());
  const PaStreamInfo* info = Pa_GetStreamInfo(s);
  printf("output_latency=%.6f\n", info ? info->outputLatency : -1.0);
  check(Pa_StartStream(s), "Pa_StartStream");
  mark("started", now_ns());
  if (underrun) {
    static short silence[kRate / 10];
    check(Pa_WriteStream(s, silence, kRate / 10), "Pa_WriteStream (silence)");
  }
  if (open_first) {
    usleep(1000 * 1000);
    mark("T0", now_ns());
    if (restart) {
      check(Pa_AbortStream(s), "Pa_AbortStream");
      atomic_store(&first_callback_ns, 0);
      atomic_store(&play_tone, 1);
      check(Pa_StartStream(s), "Pa_StartStream (again)");
      mark("restarted", now_ns());
    } else {
      atomic_store(&play_tone, 1);
    }
  }
  if (use_callback) {
    usleep((useconds_t)(1000000L * kToneFrames / kRate) + 300 * 1000);
  } else {
    // After a run-dry, PortAudio reports paOutputUnderflowed once and recovers: not an error here.
    PaError e = Pa_WriteStream(s, tone, kToneFrames);
    if (e != paOutputUnderflowed) check(e, "Pa_WriteStream");
    mark("written", now_ns());
    short silence[kFramesPerBuffer] = {0};
    for (int i = 0; i < 4; i++)
      Pa_WriteStream(s, silence, kFramesPerBuffer);  // let the tone play out
  }
  if (atomic_load(&first_callback_ns)) mark("first_callback", atomic_load(&first_callback_ns));
  if (atomic_load(&tone_callback_ns)) mark("tone_callback", atomic_load(&tone_callback_ns));
  Pa_StopStream(s);
  Pa_CloseStream(s);
  Pa_Terminate();
  return 0;
}
