#!/usr/bin/env bash
# The file bridge for baresip (docs/integrations/alfabravo-baresip-bridge) in a real call: two baresip
# softphones on 127.0.0.1 (PCMU), the agent's microphone carrying a 600 Hz tone. The bridge, given the text on
# standard input, has alfabravod (no sound output at all: --audio none) render it at 8 kHz and baresip play it
# into the call, then gives the call the microphone back. The caller's recording must hold the words of both
# readouts in order, the microphone's tone must be back after them, the call must still be up, and the bridge
# must leave no file behind.
# Usage: call_bridge_test.sh SOURCE_DIR ALFABRAVOD ALFABRAVO CALL_TRANSCRIPT_CHECK
set -euo pipefail
source_dir=$1 daemon=$2 client=$3 checker=$4
here=$(dirname "$0")
bridge=$source_dir/docs/integrations/alfabravo-baresip-bridge
source "$source_dir/tests/support/skip_or_fail.sh"
source "$here/private_network.sh"
for tool in baresip pulseaudio pactl paplay sox ss ip unshare python3; do
  command -v "$tool" >/dev/null || skip_or_fail "$tool is missing (scripts/deps installs it)"
done
for module in sndfile aufile ctrl_tcp; do
  [[ -f /usr/lib/baresip/modules/$module.so ]] || skip_or_fail "baresip's $module module is missing"
done
enter_private_network "$@"

work=$(mktemp -d /tmp/alfabravo-bridge.XXXXXX)
daemon_pid= tone_pid= recorder_pid=
cleanup() {
  [[ -n $tone_pid ]] && kill "$tone_pid" 2>/dev/null
  stop_user_agents
  [[ -n $daemon_pid ]] && kill "$daemon_pid" 2>/dev/null && wait "$daemon_pid" 2>/dev/null
  "$source_dir/tests/support/pulse-harness.sh" stop "$work/pulse" || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  for log in "$work"/*/baresip.log "$work/daemon.log" "$work/bridge.log"; do
    [[ -f $log ]] && { echo "--- $log"; tr '\r' '\n' <"$log" | grep -av '^\[\|^ALSA lib\|[Jj]ack' | tail -15; } >&2
  done
  exit 1
}
source "$source_dir/tests/client/recipe_common.sh"
source "$here/baresip_agents.sh"
source "$here/call_common.sh"

readonly url='https://Ab3' password='Zq7&Kx'

eval "$("$source_dir/tests/support/pulse-harness.sh" start "$work/pulse" headset agent_voice caller_ear caller_room)"
alsa_pulse_devices agent_voice.monitor headset caller_room.monitor caller_ear
start_daemon --audio none

start_user_agent caller alsa,caller_room_monitor alsa,caller_ear sndfile
start_user_agent agent alsa,agent_voice_monitor alsa,headset
start_tone agent_voice
connect_call agent caller
expect_only_loopback_ports

# The bridge as a user runs it: the text on standard input, its temporary files in TMPDIR.
read_into_call() {
  mkdir -p "$work/bridge-tmp"
  printf '%s\n' "$1" | HOME=$work TMPDIR=$work/bridge-tmp python3 "$bridge" --socket "$work/socket" \
    --baresip "127.0.0.1:${ua_ctrl_port[agent]}" --mic alsa,agent_voice_monitor >>"$work/bridge.log" 2>&1 ||
    fail "the bridge failed"
  [[ -z $(ls -A "$work/bridge-tmp") ]] || fail "the bridge left files behind: $(ls -A "$work/bridge-tmp")"
}
sleep 1
read_into_call "$url"
sleep 1
read_into_call "$password"
sleep 1.5  # the microphone again
grep -aq 'terminated' "$work/caller/baresip.log" && fail "the call ended during the bridge's readout"
hang_up agent caller
keep_recording "$work/caller.raw" call-bridge-caller-8k.raw

echo "the caller heard (PCMU, 8 kHz):"
printf '%s\n%s\n' "$url" "$password" | "$checker" 8000 "$work/caller.raw" ||
  fail "the caller's recording does not hold the bridge's readouts in order"
echo "and then the microphone again:"
sox -t raw -r 8000 -e signed -b 16 -c 1 "$work/caller.raw" -t raw "$work/after.raw" trim -1.0
"$checker" 8000 "$work/after.raw" --tone 600 800 </dev/null || fail "the microphone is not back after the readout"
echo "the baresip bridge: ok"
