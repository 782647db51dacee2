# The private sound server of a call test (sourced): PulseAudio (tests/support/pulse-harness.sh) or PipeWire
# with pipewire-pulse and wireplumber on a private D-Bus session (as tests/client/recipe_pipewire_test.sh).
# Needs: $work, $source_dir, fail().
#
#   start_sound_server pulseaudio|pipewire SINK...   # null sinks, the first one the default; exports the env
#   stop_sound_server

sound_server= sound_server_pids=()

start_sound_server() {
  sound_server=$1
  shift
  case $sound_server in
    pulseaudio) eval "$("$source_dir/tests/support/pulse-harness.sh" start "$work/pulse" "$@")" ;;
    pipewire) start_pipewire "$@" ;;
    *) fail "unknown sound server $sound_server" ;;
  esac
}

start_pipewire() {
  local program sink
  mkdir -p "$work"/{home,config,state} && mkdir -m 700 "$work/runtime"
  export HOME=$work/home XDG_CONFIG_HOME=$work/config XDG_STATE_HOME=$work/state XDG_RUNTIME_DIR=$work/runtime
  unset PULSE_SINK PIPEWIRE_REMOTE DISPLAY WAYLAND_DISPLAY
  export PULSE_CLIENTCONFIG=$work/client.conf PULSE_SERVER=unix:$work/runtime/pulse/native
  export ALSA_CONFIG_PATH=/usr/share/alsa/alsa.conf
  echo "autospawn = no" >"$PULSE_CLIENTCONFIG"
  dbus-daemon --session --fork --address="unix:path=$work/runtime/bus" --print-pid=1 >"$work/dbus.pid"
  export DBUS_SESSION_BUS_ADDRESS=unix:path=$work/runtime/bus
  for program in pipewire wireplumber pipewire-pulse; do
    "$program" >"$work/$program.log" 2>&1 &
    sound_server_pids+=($!)
    sleep 0.5
  done
  for _ in $(seq 1 300); do
    pactl info >/dev/null 2>&1 && break
    sleep 0.05
  done
  pactl info >/dev/null 2>&1 || fail "pipewire-pulse does not answer"
  for sink in "$@"; do
    pactl load-module module-null-sink sink_name="$sink" sink_properties=device.description="$sink" >/dev/null
  done
  pactl set-default-sink "$1"
}

stop_sound_server() {
  local pid
  case $sound_server in
    pulseaudio) "$source_dir/tests/support/pulse-harness.sh" stop "$work/pulse" || true ;;
    pipewire)
      for pid in "${sound_server_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
      for pid in "${sound_server_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
      [[ -f $work/dbus.pid ]] && kill "$(cat "$work/dbus.pid")" 2>/dev/null
      ;;
  esac
  sound_server=
}
