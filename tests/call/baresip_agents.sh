# Two private baresip user agents on 127.0.0.1 (sourced by the call tests). Needs: $work, fail().
#
#   start_user_agent NAME SOURCE PLAYER [EXTRA_MODULE...]   # starts baresip with its own config dir
#   ctrl NAME COMMAND [PARAMS]                              # a ctrl_tcp command (tests/call/baresip_ctrl.py)
#   sip_uri NAME                                            # the agent's direct SIP URI (no registrar)
#   stop_user_agents                                        # quits them (a call's recording is closed first)
#
# SOURCE and PLAYER are baresip audio devices ("alsa,NAME"); the ALSA names come from the private PulseAudio
# (alsa_pulse_devices). Each agent listens on a free port of 127.0.0.1 only, speaks PCMU only and needs no
# registrar: calls go to sip:NAME@127.0.0.1:PORT. Answering is automatic; the "sndfile" module, when given,
# records every call into $work/NAME/calls (dump-*-dec.wav: what this agent received, after the codec).

declare -A ua_pid ua_sip_port ua_ctrl_port
ctrl_script=$(dirname "${BASH_SOURCE[0]}")/baresip_ctrl.py

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# ALSA devices of the private PulseAudio: capture from SOURCE or play to SINK, by name ("pcm.NAME").
alsa_pulse_devices() {
  local name
  for name in "$@"; do
    printf 'pcm.%s {\n  type pulse\n  server "%s"\n  device "%s"\n}\n' "${name//./_}" "${PULSE_SERVER#unix:}" \
      "$name"
  done >>"$work/asound-call.conf"
  export ALSA_CONFIG_PATH="$ALSA_CONFIG_PATH:$work/asound-call.conf"
}

# start_user_agent NAME SOURCE PLAYER [MODULE...]. A free port can be taken between free_port and baresip's bind
# (it checks TCP only, baresip binds UDP too): then it starts again on other ports, up to three times.
start_user_agent() {
  local attempt
  for attempt in 1 2 3; do
    start_user_agent_once "$@" && return 0
    grep -q "Address already in use" "$work/$1/baresip.log" || fail "baresip $1 exited: $(tail -5 "$work/$1/baresip.log")"
    echo "baresip $1: a port was taken (attempt $attempt); trying other ports"
  done
  fail "baresip $1 found no free ports in three attempts"
}

# Starts the agent; 1 if it exited during start-up (its log says why).
start_user_agent_once() {
  local name=$1 source=$2 player=$3 dir=$work/$1 module
  shift 3
  mkdir -p "$dir/calls"
  ua_sip_port[$name]=$(free_port)
  ua_ctrl_port[$name]=$(free_port)
  local rtp=$((20000 + RANDOM % 40000 / 2 * 2))
  {
    printf '%s\n' 'poll_method epoll' "sip_listen 127.0.0.1:${ua_sip_port[$name]}" 'net_interface 127.0.0.1' \
      "audio_source $source" "audio_player $player" "audio_alert $player" 'audio_buffer 40-160' \
      "rtp_ports $rtp-$((rtp + 200))" 'jitter_buffer_delay 2-10' 'call_local_timeout 20' 'statmode_default off' \
      "ctrl_tcp_listen 127.0.0.1:${ua_ctrl_port[$name]}" "snd_path $dir/calls" \
      'module_path /usr/lib/baresip/modules' 'module g711.so' 'module alsa.so' 'module aufile.so'
    for module in "$@"; do echo "module $module.so"; done
    printf '%s\n' 'module_tmp account.so' 'module_app menu.so' 'module_app ctrl_tcp.so'
  } >"$dir/config"
  echo "<sip:$name@127.0.0.1:${ua_sip_port[$name]}>;regint=0;answermode=auto;audio_codecs=PCMU" >"$dir/accounts"
  : >"$dir/contacts"
  setsid baresip -4 -f "$dir" </dev/null >"$dir/baresip.log" 2>&1 &
  ua_pid[$name]=$!
  local i
  for ((i = 0; i < 100; i++)); do
    python3 "$ctrl_script" "127.0.0.1:${ua_ctrl_port[$name]}" reginfo >/dev/null 2>&1 && return 0
    kill -0 "${ua_pid[$name]}" 2>/dev/null || return 1
    sleep 0.1
  done
  fail "baresip $name does not answer on its ctrl_tcp port"
}

ctrl() {
  local name=$1
  shift
  python3 "$ctrl_script" "127.0.0.1:${ua_ctrl_port[$name]}" "$@"
}

sip_uri() { echo "sip:$1@127.0.0.1:${ua_sip_port[$1]}"; }

stop_user_agents() {
  local name i
  for name in "${!ua_pid[@]}"; do
    ctrl "$name" quit >/dev/null 2>&1 || true
  done
  for name in "${!ua_pid[@]}"; do
    for ((i = 0; i < 50; i++)); do kill -0 "${ua_pid[$name]}" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-${ua_pid[$name]}" 2>/dev/null || true
    wait "${ua_pid[$name]}" 2>/dev/null || true
    unset "ua_pid[$name]"
  done
}
