# Steps shared by the call tests (sourced after baresip_agents.sh). Needs: $work, fail().

# A steady 600 Hz tone (amplitude 1638 of 32767) played into SINK until the test ends: the agent speaking.
start_tone() {
  sox -n -r 22050 -c 1 -b 16 "$work/tone.wav" synth 120 sine 600 vol 0.05
  paplay --device="$1" "$work/tone.wav" 2>>"$work/paplay.log" &
  tone_pid=$!
}

# FROM dials TO's direct SIP URI; returns once TO receives audio (its recording grows past 0.5 s).
connect_call() {
  local from=$1 to=$2 i file
  ctrl "$from" dial "$(sip_uri "$to")" >/dev/null || fail "$from could not dial $to"
  for ((i = 0; i < 200; i++)); do
    file=$(ls "$work/$to/calls/"*-dec.wav 2>/dev/null | head -1) || true
    [[ -n $file && $(stat -c %s "$file") -gt 8044 ]] && return 0
    sleep 0.05
  done
  fail "the call from $from to $to did not start within 10 s"
}

# The softphones' signalling (SIP) and control (ctrl_tcp) listen on 127.0.0.1; they run in a network namespace
# with nothing but the loopback (private_network.sh), which holds their media sockets too.
expect_only_loopback_ports() {
  local name sockets
  expect_loopback_only
  for name in "${!ua_pid[@]}"; do
    sockets=$(ss -Htlnp | grep "pid=${ua_pid[$name]}," || true)
    [[ -n $sockets ]] || fail "no listening sockets found for $name"
    if awk '{print $4}' <<<"$sockets" | grep -qv '^127\.0\.0\.1:'; then
      fail "$name listens outside 127.0.0.1: $sockets"
    fi
  done
}

# FROM hangs up; TO's recording of the call (what it received, after the codec) is left in $work/TO.raw.
hang_up() {
  local from=$1 to=$2 i
  ctrl "$from" hangup >/dev/null || fail "$from could not hang up"
  for ((i = 0; i < 100; i++)); do
    grep -aq 'terminated' "$work/$to/baresip.log" && break
    sleep 0.05
  done
  grep -aq 'terminated' "$work/$to/baresip.log" || fail "$to did not see the call end"
  sox "$(ls "$work/$to/calls/"*-dec.wav | head -1)" -t raw -e signed -b 16 -c 1 "$work/$to.raw" ||
    fail "cannot read $to's recording"
}

# With $ALFABRAVO_TEST_RECORDINGS (as in the C++ audio tests), keeps a recording there for a person to hear.
keep_recording() {
  [[ -n ${ALFABRAVO_TEST_RECORDINGS:-} ]] && cp "$1" "$ALFABRAVO_TEST_RECORDINGS/$2"
  return 0
}

# The size in bytes of TO's recording of the call so far (baresip's sndfile writes it as the call goes).
recording_size() {
  stat -c %s "$(ls "$work/$1/calls/"*-dec.wav | head -1)"
}

# TO's recording from byte OFFSET (a recording_size) to now, as raw samples in OUT: its 44-byte WAV header is
# behind, and the samples are 16-bit, so an even offset keeps them aligned.
recording_since() {
  tail -c +$(($2 + 1)) "$(ls "$work/$1/calls/"*-dec.wav | head -1)" >"$3"
}
