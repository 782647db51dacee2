# A private PipeWire sound server for shell tests (sourced: it exports the environment its clients need):
# pipewire, wireplumber and pipewire-pulse on a private D-Bus session, everything they read and write in DIR.
# Nothing reaches the user's own session.
#
#   pipewire_start DIR SINK...   # null sinks, the first one the default sink; returns 1 (saying why) on failure
#   pipewire_stop                # stops the servers and the D-Bus session; pipewire_start may follow again
#
# The sinks are declared in a configuration fragment, so they exist when PipeWire starts, as a desktop's sound
# card does. Made with pactl afterwards instead, a loopback linked before them (the recipe's fragment) now and
# then left a sink whose monitor delivered nothing at all, every link in place (about 1 run in 6).
# Put more fragments in $XDG_CONFIG_HOME/pipewire/pipewire.conf.d after a first start (or create it first).
# Logs: DIR/pipewire.log, DIR/wireplumber.log, DIR/pipewire-pulse.log.

pipewire_dir= pipewire_pids=()

pipewire_start() {
  local program
  pipewire_dir=$1
  shift
  mkdir -p "$pipewire_dir"/{home,config/pipewire/pipewire.conf.d,state} && mkdir -p -m 700 "$pipewire_dir/runtime"
  export HOME=$pipewire_dir/home XDG_CONFIG_HOME=$pipewire_dir/config XDG_STATE_HOME=$pipewire_dir/state
  export XDG_RUNTIME_DIR=$pipewire_dir/runtime
  unset PULSE_SINK PIPEWIRE_REMOTE DISPLAY WAYLAND_DISPLAY
  export PULSE_CLIENTCONFIG=$pipewire_dir/client.conf PULSE_SERVER=unix:$pipewire_dir/runtime/pulse/native
  export ALSA_CONFIG_PATH=/usr/share/alsa/alsa.conf
  echo "autospawn = no" >"$PULSE_CLIENTCONFIG"
  pipewire_write_sinks "$@"
  dbus-daemon --session --fork --address="unix:path=$pipewire_dir/runtime/bus" --print-pid=1 \
    >"$pipewire_dir/dbus.pid" || { echo "dbus-daemon did not start" >&2; return 1; }
  export DBUS_SESSION_BUS_ADDRESS=unix:path=$pipewire_dir/runtime/bus
  for program in pipewire wireplumber pipewire-pulse; do
    "$program" >"$pipewire_dir/$program.log" 2>&1 &
    pipewire_pids+=($!)
    sleep 0.5
  done
  for _ in $(seq 1 300); do
    pactl info >/dev/null 2>&1 && break
    sleep 0.05
  done
  pactl info >/dev/null 2>&1 || { echo "pipewire-pulse does not answer" >&2; return 1; }
  pactl set-default-sink "$1"
}

pipewire_write_sinks() {
  local sink
  {
    echo "context.objects = ["
    for sink in "$@"; do
      echo "  { factory = adapter args = { factory.name = support.null-audio-sink node.name = $sink"
      echo "      node.description = $sink media.class = Audio/Sink audio.position = [ FL FR ]"
      echo "      object.linger = true } }"
    done
    echo "]"
  } >"$XDG_CONFIG_HOME/pipewire/pipewire.conf.d/00-test-sinks.conf"
}

pipewire_stop() {
  local pid
  [[ -n $pipewire_dir ]] || return 0  # never started
  for pid in "${pipewire_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pipewire_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pipewire_pids=()
  [[ -f $pipewire_dir/dbus.pid ]] && kill "$(cat "$pipewire_dir/dbus.pid")" 2>/dev/null
  rm -f "$pipewire_dir/dbus.pid"
}
