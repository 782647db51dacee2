#!/usr/bin/env bash
# A private PulseAudio sound server for shell tests (the C++ tests use pulse_harness.hpp; same layout).
#
#   eval "$(tests/support/pulse-harness.sh start DIR [SINK...])"   # prints the env a client needs
#   tests/support/pulse-harness.sh record DIR SINK OUT.raw          # parec of SINK's monitor in the background
#   tests/support/pulse-harness.sh kill DIR                         # SIGKILL the server (as a crash)
#   tests/support/pulse-harness.sh restart DIR                      # start it again on the same socket
#   tests/support/pulse-harness.sh stop DIR                         # kill server + recorders, remove DIR
#
# DIR must not exist yet (start creates it) or be empty. SINKs default to alfabravo_test; the first one is the
# default sink. Recordings are raw s16le, 22050 Hz, mono.
set -euo pipefail

usage() { sed -n '2,12p' "$0" >&2; exit 2; }
(($# >= 2)) || usage
cmd=$1 dir=$2
shift 2

server_address() { echo "unix:$dir/runtime/native"; }

client_env() {
  echo "export PULSE_SERVER='$(server_address)'"
  echo "export PULSE_CLIENTCONFIG='$dir/client.conf'"
  echo "export ALSA_CONFIG_PATH='/usr/share/alsa/alsa.conf:$dir/asound.conf'"
}

write_configs() {
  local sinks=("$@") addr
  addr=$(server_address)
  {
    echo "load-module module-native-protocol-unix auth-anonymous=1 socket=$dir/runtime/native"
    # Without rewinds, a monitor holds exactly what was played (see pulse_harness.cpp).
    for s in "${sinks[@]}"; do
      echo "load-module module-null-sink norewinds=1 sink_name=$s rate=22050 channels=1 sink_properties=device.description=$s"
    done
    echo "set-default-sink ${sinks[0]}"
  } >"$dir/server.pa"
  printf 'autospawn = no\ndefault-server = %s\n' "$addr" >"$dir/client.conf"
  {
    printf 'pcm.!default {\n  type pulse\n  server "%s"\n  hint { show on description "alfabravo test sound server" }\n}\n' "$addr"
    printf 'ctl.!default {\n  type pulse\n  server "%s"\n}\n' "$addr"
    # Without rewinds, a monitor holds exactly what was played (see pulse_harness.cpp).
    for s in "${sinks[@]}"; do
      printf 'pcm.%s {\n  type pulse\n  server "%s"\n  device "%s"\n  hint { show on description "null sink %s" }\n}\n' "$s" "$addr" "$s" "$s"
    done
  } >"$dir/asound.conf"
}

start_server() {
  # setsid: its own process group, so stop/kill reach it and nothing else.
  HOME="$dir/home" XDG_RUNTIME_DIR="$dir/runtime" PULSE_RUNTIME_PATH="$dir/runtime" \
    PULSE_STATE_PATH="$dir/state" XDG_CONFIG_HOME="$dir/config" \
    env -u PULSE_SERVER -u DBUS_SESSION_BUS_ADDRESS -u DISPLAY \
    setsid pulseaudio -n --daemonize=no --system=no --exit-idle-time=-1 --use-pid-file=no --high-priority=yes \
    --realtime=yes --disallow-exit=no --log-level=warning --log-target=stderr -F "$dir/server.pa" \
    </dev/null >/dev/null 2>>"$dir/pulseaudio.log" &
  echo $! >"$dir/server.pid"
  local i
  for ((i = 0; i < 300; i++)); do
    if env PULSE_SERVER="$(server_address)" PULSE_CLIENTCONFIG="$dir/client.conf" pactl info >/dev/null 2>&1; then
      return 0
    fi
    kill -0 "$(cat "$dir/server.pid")" 2>/dev/null || { echo "pulseaudio exited; see $dir/pulseaudio.log" >&2; exit 1; }
    sleep 0.05
  done
  echo "pulseaudio did not answer pactl within 15 s" >&2
  exit 1
}

kill_group() {  # kill_group PIDFILE SIGNAL
  [[ -f $1 ]] || return 0
  local pid
  pid=$(cat "$1")
  kill "-$2" -- "-$pid" 2>/dev/null || kill "-$2" "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
  rm -f "$1"
}

case $cmd in
  start)
    (($# > 0)) || set -- alfabravo_test
    mkdir -p "$dir"
    [[ -z $(ls -A "$dir") ]] || { echo "$dir is not empty" >&2; exit 1; }
    mkdir -p "$dir"/{home,state,config} && mkdir -m 700 "$dir/runtime"
    write_configs "$@"
    start_server
    client_env
    ;;
  env) client_env ;;
  restart) kill_group "$dir/server.pid" KILL; start_server ;;
  kill) kill_group "$dir/server.pid" KILL ;;
  record)
    (($# == 2)) || usage
    env PULSE_SERVER="$(server_address)" PULSE_CLIENTCONFIG="$dir/client.conf" \
      setsid parec --raw --device="$1.monitor" --format=s16le --rate=22050 --channels=1 --latency-msec=10 \
      </dev/null >"$2" 2>>"$dir/parec.log" &
    echo $! >"$dir/parec-$1.pid"
    ;;
  stop)
    [[ -d $dir ]] || exit 0
    for p in "$dir"/parec-*.pid; do [[ -e $p ]] && kill_group "$p" TERM; done
    kill_group "$dir/server.pid" TERM
    kill_group "$dir/server.pid" KILL
    rm -rf "$dir"
    ;;
  *) usage ;;
esac
