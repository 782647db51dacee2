#!/usr/bin/env bash
# The README's PulseAudio recipe on a private PulseAudio server (tests/support/pulse-harness.sh): after
# docs/recipes/pulseaudio-virtual-mic.sh, what alfabravod speaks into alfabravo_out arrives on the virtual
# microphone alfabravo_mic (what a softphone records) and on the headset, and the headset microphone still
# arrives on alfabravo_mic too.
# Usage: recipe_pulseaudio_test.sh SOURCE_DIR ALFABRAVOD ALFABRAVO
set -euo pipefail
source_dir=$1 daemon=$2 client=$3
harness=$source_dir/tests/support/pulse-harness.sh
recipe=$source_dir/docs/recipes/pulseaudio-virtual-mic.sh

work=$(mktemp -d /tmp/alfabravo-recipe.XXXXXX)
pulse=$work/pulse
daemon_pid= recorder_pid=
cleanup() {
  [[ -n $recorder_pid ]] && kill "$recorder_pid" 2>/dev/null && wait "$recorder_pid" 2>/dev/null
  [[ -n $daemon_pid ]] && kill "$daemon_pid" 2>/dev/null && wait "$daemon_pid" 2>/dev/null
  "$harness" stop "$pulse" || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  [[ -f $work/daemon.log ]] && { echo "--- daemon log"; cat "$work/daemon.log"; } >&2
  exit 1
}

# Seconds of sound (20 ms windows above about -50 dBFS) in a raw s16le 22050 Hz mono recording.
seconds_of_sound() {
  python3 - "$1" <<'EOF'
import array, math, sys
samples = array.array("h", open(sys.argv[1], "rb").read())
window = 441
loud = sum(1 for i in range(0, len(samples) - window + 1, window)
           if math.sqrt(sum(s * s for s in samples[i:i + window]) / window) > 100)
print(f"{loud * window / 22050:.2f}")
EOF
}

# Records SOURCE into FILE in the background; returns once samples arrive (an idle monitor takes ~2 s).
record() {
  parec --raw --device="$1" --format=s16le --rate=22050 --channels=1 --latency-msec=10 >"$2" 2>>"$work/parec.log" &
  recorder_pid=$!
  for _ in $(seq 1 300); do
    [[ -s $2 ]] && return 0
    sleep 0.05
  done
  fail "no samples from $1 within 15 s"
}
stop_recording() {
  sleep 0.5  # the loopbacks' latency
  kill "$recorder_pid"
  wait "$recorder_pid" 2>/dev/null || true
  recorder_pid=
}
at_least() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; }

# The headset is the default sink; the headset microphone is played by the test into agent_voice (its monitor
# is the default source, as a real microphone would be).
eval "$("$harness" start "$pulse" headset agent_voice)"
pactl set-default-source agent_voice.monitor

sh "$recipe" >"$work/recipe.log" || fail "the recipe failed: $(cat "$work/recipe.log")"
pactl list short sources | grep -q $'\talfabravo_mic\t' || fail "no alfabravo_mic source"
sh "$recipe" >/dev/null  # twice: it replaces its modules rather than stacking them
[[ $(pactl list short modules | grep -c module-loopback) == 3 ]] || fail "running the recipe twice stacked loopbacks"

# The daemon as the README routes it: PULSE_SINK=alfabravo_out (a systemd drop-in's Environment=).
HOME=$work XDG_CACHE_HOME=$work/cache PULSE_SINK=alfabravo_out \
  "$daemon" --socket "$work/socket" --idle-close 0.5 >"$work/daemon.log" 2>&1 &
daemon_pid=$!
for _ in $(seq 1 600); do
  "$client" --socket "$work/socket" --status >/dev/null 2>&1 && break
  kill -0 "$daemon_pid" 2>/dev/null || fail "alfabravod exited"
  sleep 0.1
done

# How long "hello" lasts, from the daemon's own render.
"$client" --socket "$work/socket" --render "$work/hello.wav" hello || fail "render"
expected=$(soxi -D "$work/hello.wav")

# 1. The voice arrives on the virtual microphone.
record alfabravo_mic "$work/mic-voice.raw"
"$client" --socket "$work/socket" hello || fail "speaking failed"
stop_recording
voice=$(seconds_of_sound "$work/mic-voice.raw")
echo "alfabravo_mic while speaking: ${voice} s of sound (the speech lasts ${expected} s)"
at_least "$voice" "$(awk -v e="$expected" 'BEGIN { print e * 0.5 }')" || fail "the voice does not arrive on alfabravo_mic"
at_least "$(awk -v e="$expected" 'BEGIN { print e + 1.0 }')" "$voice" || fail "more sound than the speech on alfabravo_mic"

# 2. The agent hears it on the headset too.
"$harness" record "$pulse" headset "$work/headset.raw"
for _ in $(seq 1 300); do [[ -s $work/headset.raw ]] && break; sleep 0.05; done
"$client" --socket "$work/socket" hello || fail "speaking failed"
sleep 0.5
kill "$(cat "$pulse/parec-headset.pid")"
headset=$(seconds_of_sound "$work/headset.raw")
echo "headset while speaking: ${headset} s of sound"
at_least "$headset" "$(awk -v e="$expected" 'BEGIN { print e * 0.5 }')" || fail "the voice does not reach the headset"

# 3. The headset microphone still reaches the softphone through alfabravo_mic (1 s of 440 Hz).
sox -n -r 22050 -c 1 -b 16 "$work/tone.wav" synth 1.0 sine 440 vol 0.5
record alfabravo_mic "$work/mic-tone.raw"
paplay --device=agent_voice "$work/tone.wav"
stop_recording
tone=$(seconds_of_sound "$work/mic-tone.raw")
echo "alfabravo_mic while the agent speaks: ${tone} s of sound"
at_least "$tone" 0.7 || fail "the headset microphone does not reach alfabravo_mic"

# 4. --remove takes everything away again.
sh "$recipe" --remove >/dev/null
! pactl list short modules | grep -q alfabravo_ || fail "--remove left modules behind"
echo "recipe: ok"
