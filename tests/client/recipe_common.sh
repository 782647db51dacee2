# Helpers shared by the recipe tests (sourced). Needs: $work (a temporary directory), fail().

# Seconds of sound (20 ms windows above about -50 dBFS) in a raw s16le 22050 Hz mono recording.
seconds_of_sound() {
  python3 - "$1" <<'PY'
import array, math, sys
samples = array.array("h", open(sys.argv[1], "rb").read())
window = 441
loud = sum(1 for i in range(0, len(samples) - window + 1, window)
           if math.sqrt(sum(s * s for s in samples[i:i + window]) / window) > 100)
print(f"{loud * window / 22050:.2f}")
PY
}

recorder_pid=
# Records SOURCE into FILE in the background; returns once samples arrive (an idle monitor takes ~2 s).
# Records SOURCE into FILE from now on: returns once the recording stream is connected. Not once samples
# arrive: the monitor of a sink that went idle (PipeWire suspends it after a few seconds) sends none until
# something plays into it again, which is what the caller of record() does next.
record() {
  parec --raw --device="$1" --format=s16le --rate=22050 --channels=1 --latency-msec=10 >"$2" 2>>"$work/parec.log" &
  recorder_pid=$!
  for _ in $(seq 1 300); do
    [[ -s $2 ]] && return 0
    pactl list source-outputs 2>/dev/null | grep -q "application.process.id = \"$recorder_pid\"" && return 0
    sleep 0.05
  done
  fail "the recording of $1 did not start within 15 s"
}
stop_recording() {
  sleep 0.5  # the loopbacks' latency
  kill "$recorder_pid"
  wait "$recorder_pid" 2>/dev/null || true
  recorder_pid=
}
at_least() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; }

# Starts alfabravod (extra arguments are passed on) and waits until it answers.
start_daemon() {
  HOME=$work XDG_CACHE_HOME=$work/cache "$daemon" --socket "$work/socket" --idle-close 0.5 "$@" \
    >"$work/daemon.log" 2>&1 &
  daemon_pid=$!
  for _ in $(seq 1 600); do
    "$client" --socket "$work/socket" --status >/dev/null 2>&1 && return 0
    kill -0 "$daemon_pid" 2>/dev/null || fail "alfabravod exited"
    sleep 0.1
  done
  fail "alfabravod did not answer"
}
stop_daemon() {
  kill "$daemon_pid" 2>/dev/null && wait "$daemon_pid" 2>/dev/null
  daemon_pid=
}

# Records SOURCE while alfabravod speaks "hello"; checks that the voice arrives there: sound for at least half
# of the speech's length (the render's), and not more than the speech and a second.
expect_voice_on() {
  local source=$1 what=$2 expected heard
  "$client" --socket "$work/socket" --render "$work/hello.wav" hello || fail "render"
  expected=$(soxi -D "$work/hello.wav")
  record "$source" "$work/voice-$source.raw"
  "$client" --socket "$work/socket" hello || fail "speaking failed"
  stop_recording
  heard=$(seconds_of_sound "$work/voice-$source.raw")
  echo "$source while speaking: ${heard} s of sound (the speech lasts ${expected} s)"
  at_least "$heard" "$(awk -v e="$expected" 'BEGIN { print e * 0.5 }')" || fail "the voice does not arrive on $what"
  at_least "$(awk -v e="$expected" 'BEGIN { print e + 1.0 }')" "$heard" || fail "more sound than the speech on $what"
}

# Records SOURCE while 1 s of 440 Hz plays into SINK (the stand-in for the headset microphone).
expect_microphone_on() {
  local source=$1 sink=$2 heard
  sox -n -r 22050 -c 1 -b 16 "$work/tone.wav" synth 1.0 sine 440 vol 0.5
  record "$source" "$work/tone-$source.raw"
  paplay --device="$sink" "$work/tone.wav"
  stop_recording
  heard=$(seconds_of_sound "$work/tone-$source.raw")
  echo "$source while the agent speaks: ${heard} s of sound"
  at_least "$heard" 0.7 || fail "the headset microphone does not reach $source"
}
