#!/bin/sh
# Into the call: a virtual microphone that carries alfabravo's voice mixed with your headset microphone.
#
#   alfabravod ──▶ alfabravo_out (null sink) ──monitor──┬──loopback──▶ alfabravo_mix (null sink)
#   headset mic ───────────────────────────loopback─────┘                   │ monitor
#                                                                           ▼
#   softphone's microphone ◀── alfabravo_mic (remap source of alfabravo_mix.monitor)
#   (optional) alfabravo_out.monitor ──loopback──▶ headset, so you hear what the caller hears
#
# Works with PulseAudio and with PipeWire's pipewire-pulse (both implement these modules); the modules last until
# the sound server restarts (see the README for making them permanent).
#
# Usage: pulseaudio-virtual-mic.sh [--mic SOURCE] [--headset SINK | --no-headset] [--latency MS]
#        pulseaudio-virtual-mic.sh --remove
#   --mic      the real microphone (default: the current default source)
#   --headset  also play alfabravo's voice here (default: the current default sink); --no-headset: don't
#   --latency  loopback latency in milliseconds (default 30)
# Then choose "alfabravo microphone" as the softphone's microphone, and send alfabravo's voice to alfabravo_out:
#   device = "alsa:pulse:alfabravo_out"  in ~/.config/alfabravo/alfabravod.toml (systemctl --user restart alfabravod)
# or per request: alfabravo --device alsa:pulse:alfabravo_out TEXT
set -eu

mic="" headset="" with_headset=yes latency=30 remove=no
while [ $# -gt 0 ]; do
  case $1 in
    --mic) mic=$2; shift 2 ;;
    --headset) headset=$2; shift 2 ;;
    --no-headset) with_headset=no; shift ;;
    --latency) latency=$2; shift 2 ;;
    --remove) remove=yes; shift ;;
    -h | --help) sed -n '2,20p' "$0" | cut -c3-; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done

command -v pactl >/dev/null || { echo "pactl is missing: apt-get install pulseaudio-utils" >&2; exit 1; }
pactl info >/dev/null 2>&1 || { echo "no PulseAudio/PipeWire server answers (pactl info)" >&2; exit 1; }

# Unloads every module this script loaded (their arguments name alfabravo_out, _mix or _mic), newest first.
remove_modules() {
  pactl list short modules | awk -F '\t' '$3 ~ /alfabravo_(out|mix|mic)/ {print $1}' | sort -rn |
    while read -r module; do pactl unload-module "$module"; done
}

if [ $remove = yes ]; then
  remove_modules
  echo "removed the alfabravo sinks, loopbacks and microphone"
  exit 0
fi

[ -n "$mic" ] || mic=$(pactl get-default-source)
[ -n "$headset" ] || headset=$(pactl get-default-sink)
case $mic in
  alfabravo_*) echo "the default source is already alfabravo's; pass --mic with the headset microphone" >&2; exit 1 ;;
esac
remove_modules  # running it twice must not stack a second set of loopbacks

load() {
  pactl load-module "$@" >/dev/null
}
# norewinds: a sink rewinds to mix a stream that starts (or ends an underrun) into audio it has already
# rendered, but what its monitor already passed to the loopbacks cannot be taken back, so the head of each
# utterance was lost on the way to the softphone (up to 400 ms: the first word or two). These sinks have no
# device whose latency a rewind would save, only their monitors.
load module-null-sink sink_name=alfabravo_out norewinds=1 sink_properties=device.description=alfabravo_out
load module-null-sink sink_name=alfabravo_mix norewinds=1 sink_properties=device.description=alfabravo_mix
load module-loopback source=alfabravo_out.monitor sink=alfabravo_mix latency_msec="$latency" \
  source_dont_move=true sink_dont_move=true
if [ -n "$mic" ]; then
  load module-loopback source="$mic" sink=alfabravo_mix latency_msec="$latency" source_dont_move=true \
    sink_dont_move=true
fi
load module-remap-source master=alfabravo_mix.monitor source_name=alfabravo_mic \
  source_properties=device.description=alfabravo_microphone
if [ $with_headset = yes ] && [ -n "$headset" ]; then
  load module-loopback source=alfabravo_out.monitor sink="$headset" latency_msec="$latency" \
    source_dont_move=true sink_dont_move=true
fi

echo "alfabravo_mic mixes alfabravo_out with ${mic:-no microphone}; choose it as the softphone's microphone"
[ $with_headset = yes ] && echo "alfabravo's voice also plays on $headset"
echo "send the voice there: device = \"alsa:pulse:alfabravo_out\" in ~/.config/alfabravo/alfabravod.toml"
echo "  (then systemctl --user restart alfabravod), or per request: alfabravo --device alsa:pulse:alfabravo_out TEXT"
