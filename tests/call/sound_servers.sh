# The private sound server of a call test (sourced): PulseAudio (tests/support/pulse-harness.sh) or PipeWire
# (tests/support/pipewire-harness.sh).
# Needs: $work, $source_dir, fail().
#
#   start_sound_server pulseaudio|pipewire SINK...   # null sinks, the first one the default; exports the env
#   stop_sound_server

sound_server=
source "$source_dir/tests/support/pipewire-harness.sh"

start_sound_server() {
  sound_server=$1
  shift
  case $sound_server in
    pulseaudio) eval "$("$source_dir/tests/support/pulse-harness.sh" start "$work/pulse" "$@")" ;;
    pipewire) pipewire_start "$work/pipewire" "$@" || fail "PipeWire did not start" ;;
    *) fail "unknown sound server $sound_server" ;;
  esac
}

stop_sound_server() {
  case $sound_server in
    pulseaudio) "$source_dir/tests/support/pulse-harness.sh" stop "$work/pulse" || true ;;
    pipewire) pipewire_stop ;;
  esac
  sound_server=
}
