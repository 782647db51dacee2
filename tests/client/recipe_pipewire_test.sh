#!/usr/bin/env bash
# The README's PipeWire recipes on a private PipeWire (pipewire + wireplumber + pipewire-pulse on a private
# D-Bus session, all in a temporary directory): (1) the PulseAudio script through pipewire-pulse, (2) the native
# configuration fragment docs/recipes/pipewire-alfabravo.conf. Each time, alfabravod speaks into alfabravo_out
# and the voice must arrive on the virtual microphone alfabravo_mic (and the headset microphone too).
# Usage: recipe_pipewire_test.sh SOURCE_DIR ALFABRAVOD ALFABRAVO   (exit 77, skipped, without PipeWire;
# a failure in CI)
set -euo pipefail
source_dir=$1 daemon=$2 client=$3
source "$source_dir/tests/support/skip_or_fail.sh"
for program in pipewire wireplumber pipewire-pulse dbus-daemon pactl parec; do
  command -v $program >/dev/null || skip_or_fail "$program is not installed"
done

work=$(mktemp -d /tmp/alfabravo-pipewire.XXXXXX)
daemon_pid=
cleanup() {
  [[ -n $recorder_pid ]] && kill "$recorder_pid" 2>/dev/null && wait "$recorder_pid" 2>/dev/null
  [[ -n $daemon_pid ]] && kill "$daemon_pid" 2>/dev/null && wait "$daemon_pid" 2>/dev/null
  pipewire_stop
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  { echo "--- links"; pw-link -l; pactl list short sinks; } >&2 2>/dev/null || true
  for log in pipewire wireplumber pipewire-pulse; do
    [[ -f $work/pipewire/$log.log ]] && { echo "--- $log"; grep -v 'libcamera' "$work/pipewire/$log.log" | tail -5; } >&2
  done
  exit 1
}
source "$(dirname "$0")/recipe_common.sh"
source "$source_dir/tests/support/pipewire-harness.sh"

# The headset (default sink) and a sink whose monitor plays the headset microphone (default source).
start_servers() {
  pipewire_start "$work/pipewire" headset agent_voice || fail "PipeWire did not start"
  pactl set-default-source agent_voice.monitor
  for _ in $(seq 1 100); do  # wireplumber links the loopbacks once the default source exists
    [[ $(pactl get-default-source) == agent_voice.monitor ]] && break
    sleep 0.05
  done
  sleep 1
}

echo "== 1. the PulseAudio script through pipewire-pulse"
start_servers
sh "$source_dir/docs/recipes/pulseaudio-virtual-mic.sh" >"$work/recipe.log" || fail "$(cat "$work/recipe.log")"
start_daemon --device alsa:pulse:alfabravo_out
expect_voice_on alfabravo_mic "the virtual microphone"
expect_voice_on headset.monitor "the headset"
expect_microphone_on alfabravo_mic agent_voice
sh "$source_dir/docs/recipes/pulseaudio-virtual-mic.sh" --remove >/dev/null
stop_daemon
pipewire_stop

echo "== 2. the native configuration fragment"
cp "$source_dir/docs/recipes/pipewire-alfabravo.conf" "$XDG_CONFIG_HOME/pipewire/pipewire.conf.d/alfabravo.conf"
start_servers
pactl list short sources | grep -q $'\talfabravo_mic\t' || fail "the fragment made no alfabravo_mic"
# The fragment's headset loopback follows the default sink (the headset) once WirePlumber has linked it.
headset_loopback_on_headset() {
  local headset
  headset=$(pactl list short sinks | awk '$2 == "headset" { print $1 }')
  pactl list sink-inputs | awk -v headset="$headset" '
    /^\tSink: / { sink = $2 }
    /node.name = "alfabravo_monitor_playback"/ { found = found || sink == headset }
    END { exit !found }'
}
for _ in $(seq 1 100); do
  headset_loopback_on_headset && break
  sleep 0.1
done
headset_loopback_on_headset || fail "the fragment's headset loopback is not on the headset: $(pactl list short sink-inputs)"
start_daemon --device alsa:pulse:alfabravo_out
expect_voice_on alfabravo_mic "the virtual microphone"
expect_voice_on headset.monitor "the headset"
expect_microphone_on alfabravo_mic agent_voice
stop_daemon
echo "recipes on PipeWire: ok"
