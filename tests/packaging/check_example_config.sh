#!/usr/bin/env bash
# The example config documents real keys: with every setting uncommented, alfabravod accepts it and runs.
# Usage: check_example_config.sh EXAMPLE ALFABRAVOD ALFABRAVO
set -euo pipefail
example=$1 daemon=$2 client=$3
work=$(mktemp -d /tmp/alfabravo-config.XXXXXX)
daemon_pid=
cleanup() {
  [[ -n $daemon_pid ]] && kill "$daemon_pid" 2>/dev/null && wait "$daemon_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# "# key = value  # comment" -> "key = value"; the audio key is set to none (no sound card in tests).
sed -E 's/^# ([a-z_]+ = .*[^ ]) +# .*$/\1/; s/^# ([a-z_]+ = [^#]*[^ #])$/\1/' "$example" |
  sed -E 's/^audio = .*/audio = "none"/; s|^socket = .*|socket = "'"$work"'/socket"|' >"$work/alfabravod.toml"
settings=$(grep -cE '^[a-z_]+ = ' "$work/alfabravod.toml")
((settings >= 15)) || fail "only $settings settings uncommented: $(cat "$work/alfabravod.toml")"

HOME=$work "$daemon" --config "$work/alfabravod.toml" >"$work/daemon.log" 2>&1 &
daemon_pid=$!
for _ in $(seq 1 300); do
  [[ -S $work/socket ]] && break
  kill -0 "$daemon_pid" 2>/dev/null || { cat "$work/daemon.log"; fail "alfabravod rejected the example config"; }
  sleep 0.1
done
status=$("$client" --socket "$work/socket" --status) || { cat "$work/daemon.log"; fail "no answer"; }
grep -qx "voice: en" <<<"$status" || fail "unexpected status: $status"
grep -qx "audio: none" <<<"$status" || fail "unexpected status: $status"
echo "example config: $settings settings accepted"
