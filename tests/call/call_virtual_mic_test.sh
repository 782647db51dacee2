#!/usr/bin/env bash
# Into a real call through the virtual microphone: two baresip softphones on 127.0.0.1 (no registrar, PCMU
# only). The "agent" takes its microphone from alfabravo_mic (docs/recipes/pulseaudio-virtual-mic.sh on a
# private PulseAudio, or on a private PipeWire through pipewire-pulse) while its headset microphone carries a 600 Hz tone; the "caller" answers automatically and
# records what it receives. alfabravod speaks a URL and a password into alfabravo_out: the caller's recording,
# after the G.711 codec, must hold their words in order (cross-correlation with the voice's clips) with the
# tone mixed in, and the agent's headset must hear the readout too.
# Usage: call_virtual_mic_test.sh pulseaudio|pipewire SOURCE_DIR ALFABRAVOD ALFABRAVO CALL_TRANSCRIPT_CHECK
set -euo pipefail
server=$1 source_dir=$2 daemon=$3 client=$4 checker=$5
here=$(dirname "$0")
source "$source_dir/tests/support/skip_or_fail.sh"
source "$here/private_network.sh"
tools=(baresip pactl parec paplay sox ss ip unshare)
[[ $server == pulseaudio ]] && tools+=(pulseaudio) || tools+=(pipewire wireplumber pipewire-pulse dbus-daemon)
for tool in "${tools[@]}"; do
  command -v "$tool" >/dev/null || skip_or_fail "$tool is missing (scripts/deps installs it)"
done
[[ -f /usr/lib/baresip/modules/sndfile.so ]] || skip_or_fail "baresip's sndfile module is missing"
enter_private_network "$@"

work=$(mktemp -d /tmp/alfabravo-call.XXXXXX)
daemon_pid= tone_pid=
cleanup() {
  [[ -n $tone_pid ]] && kill "$tone_pid" 2>/dev/null
  [[ -n $recorder_pid ]] && kill "$recorder_pid" 2>/dev/null
  stop_user_agents
  [[ -n $daemon_pid ]] && kill "$daemon_pid" 2>/dev/null && wait "$daemon_pid" 2>/dev/null
  stop_sound_server
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  for log in "$work"/*/baresip.log "$work/daemon.log" "$work"/pipewire/*.log; do
    [[ -f $log ]] && { echo "--- $log"; tr '\r' '\n' <"$log" | grep -av '^\[\|^ALSA lib\|[Jj]ack' | tail -15; } >&2
  done
  exit 1
}
source "$source_dir/tests/client/recipe_common.sh"
source "$here/baresip_agents.sh"
source "$here/call_common.sh"
source "$here/sound_servers.sh"

readonly url='https://Ab3' password='Zq7&Kx'

# The agent's desk: a headset (default sink) and its microphone (agent_voice's monitor); the caller's room is
# silent, and what the caller hears goes to caller_ear.
start_sound_server "$server" headset agent_voice caller_ear caller_room
pactl set-default-source agent_voice.monitor
# 100 ms loopbacks: the 30 ms default underruns (a gap inside a word) when the machine is loaded.
sh "$source_dir/docs/recipes/pulseaudio-virtual-mic.sh" --latency 100 >"$work/recipe.log" || fail "the recipe failed"
alsa_pulse_devices alfabravo_mic headset caller_room.monitor caller_ear
start_daemon --device alsa:pulse:alfabravo_out

start_user_agent caller alsa,caller_room_monitor alsa,caller_ear sndfile
start_user_agent agent alsa,alfabravo_mic alsa,headset
start_tone agent_voice
connect_call agent caller
expect_only_loopback_ports

# One readout: the URL, a pause, the password. Checks what the caller and the agent's headset heard of it.
read_out() {
  local offset heard=0
  offset=$(recording_size caller)
  record headset.monitor "$work/headset.raw"
  sleep 1  # the tone alone first, as when the agent says "I'll read it to you"
  "$client" --socket "$work/socket" "$url" >/dev/null || fail "speaking the URL failed"
  sleep 1.5  # "and the password is": the daemon closes its idle output (--idle-close 0.5) meanwhile
  printf '%s\n' "$password" | "$client" --socket "$work/socket" - >/dev/null || fail "speaking the password failed"
  sleep 1
  stop_recording
  recording_since caller "$offset" "$work/caller.raw"
  keep_recording "$work/caller.raw" "call-virtual-mic-$server-caller-8k-$1.raw"
  keep_recording "$work/headset.raw" "call-virtual-mic-$server-headset-22k-$1.raw"
  echo "the caller heard (PCMU, 8 kHz):"
  printf '%s\n%s\n' "$url" "$password" | "$checker" 8000 "$work/caller.raw" --tone 600 800 || heard=1
  echo "the agent's headset heard:"
  printf '%s\n%s\n' "$url" "$password" | "$checker" 22050 "$work/headset.raw" || heard=1
  return $heard
}

# A shared 2-core machine drops real-time audio now and then (a 20 ms underrun cuts a word): up to three
# readouts in the same call, one of which must arrive whole. What the test guards fails every time: with the
# virtual microphone not routed, no word arrives at all; with the words out of order, none matches in place.
for attempt in 1 2 3; do
  echo "== readout $attempt"
  read_out "$attempt" && break
  ((attempt < 3)) || fail "no readout arrived whole at the caller and on the headset in three tries"
done
hang_up agent caller
echo "call through the virtual microphone ($server): ok (readout $attempt)"
