#!/usr/bin/env bash
# The README's PulseAudio recipe on a private PulseAudio server (tests/support/pulse-harness.sh): after
# docs/recipes/pulseaudio-virtual-mic.sh, what alfabravod speaks into alfabravo_out arrives on the virtual
# microphone alfabravo_mic (what a softphone records) and on the headset, and the headset microphone still
# arrives on alfabravo_mic too. Both routes to alfabravo_out are tried: PULSE_SINK and the daemon's device.
# Usage: recipe_pulseaudio_test.sh SOURCE_DIR ALFABRAVOD ALFABRAVO
set -euo pipefail
source_dir=$1 daemon=$2 client=$3
harness=$source_dir/tests/support/pulse-harness.sh
recipe=$source_dir/docs/recipes/pulseaudio-virtual-mic.sh

work=$(mktemp -d /tmp/alfabravo-recipe.XXXXXX)
pulse=$work/pulse
daemon_pid=
cleanup() {
  [[ -n $recorder_pid ]] && kill "$recorder_pid" 2>/dev/null && wait "$recorder_pid" 2>/dev/null
  [[ -n $daemon_pid ]] && kill "$daemon_pid" 2>/dev/null && wait "$daemon_pid" 2>/dev/null
  "$harness" stop "$pulse" || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  [[ -f $work/daemon.log ]] && { echo "--- daemon log"; grep -v '^ALSA lib\|[Jj]ack\|^Cannot connect' "$work/daemon.log"; } >&2
  exit 1
}
source "$(dirname "$0")/recipe_common.sh"

# The headset is the default sink; the headset microphone is played by the test into agent_voice (its monitor
# is the default source, as a real microphone would be).
eval "$("$harness" start "$pulse" headset agent_voice)"
pactl set-default-source agent_voice.monitor

sh "$recipe" >"$work/recipe.log" || fail "the recipe failed: $(cat "$work/recipe.log")"
pactl list short sources | grep -q $'\talfabravo_mic\t' || fail "no alfabravo_mic source"
sh "$recipe" >/dev/null  # twice: it replaces its modules rather than stacking them
[[ $(pactl list short modules | grep -c module-loopback) == 3 ]] || fail "running the recipe twice stacked loopbacks"

# Route 1: the daemon's device (device = "alsa:pulse:alfabravo_out" in alfabravod.toml).
start_daemon --device alsa:pulse:alfabravo_out
# `alfabravo --devices` lists the outputs one per line, name first (the harness has an ALSA device per sink).
devices=$("$client" --socket "$work/socket" --devices) || fail "--devices failed"
grep -q '^headset\b' <<<"$devices" || fail "--devices does not list the headset: $devices"
grep -q '^default .*(default)' <<<"$devices" || fail "--devices does not mark the default: $devices"
expect_voice_on alfabravo_mic "the virtual microphone"
stop_daemon

# Route 2: PULSE_SINK (a systemd drop-in's Environment=), with the default device.
export PULSE_SINK=alfabravo_out
start_daemon
unset PULSE_SINK
expect_voice_on alfabravo_mic "the virtual microphone"
expect_voice_on headset.monitor "the headset"
expect_microphone_on alfabravo_mic agent_voice

sh "$recipe" --remove >/dev/null
! pactl list short modules | grep -q alfabravo_ || fail "--remove left modules behind"
echo "recipe: ok"
