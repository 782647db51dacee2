#!/usr/bin/env bash
# The bash completion: calls _alfabravo the way bash's programmable completion does and checks COMPREPLY.
# Usage: completion_bash_test.sh client/completions/alfabravo.bash BUILT_ALFABRAVO
set -u
source "$1"
client=$2
complete -p alfabravo | grep -q -- '-F _alfabravo' || { echo "FAIL: alfabravo has no completion"; exit 1; }

# A stand-in for `alfabravo --voices/--devices` as the real client prints them (a running daemon's answers).
stub=$(mktemp -d)
trap 'rm -rf "$stub"' EXIT
cat >"$stub/alfabravo" <<'STUB'
#!/bin/sh
case "$1" in
  --voices) printf 'de-din5009\nen  (default)\n' ;;
  --devices) printf 'audio: portaudio\nalfabravo_out\nBuilt-in Audio Analog Stereo  (default)\n' ;;
esac
STUB
chmod +x "$stub/alfabravo"
PATH="$stub:$PATH"

failures=0
expect() {  # expect "sorted candidates" words...
  local expected=$1
  shift
  COMP_WORDS=("$@")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMPREPLY=()
  _alfabravo 2>/dev/null
  local got
  got=$(printf '%s\n' "${COMPREPLY[@]}" | LC_ALL=C sort | paste -sd' ')
  if [[ $got != "$expected" ]]; then
    echo "FAIL: ${COMP_WORDS[*]} -> '$got', expected '$expected'"
    failures=$((failures + 1))
  fi
}

expect "password spell url" alfabravo --mode ""
expect "url" alfabravo -m u
expect "all" alfabravo --case a
expect "all capitals none" alfabravo --case ""
expect "icao plain" alfabravo --digits ""
expect "alaw" alfabravo --render x.ulaw --format a
expect "alaw ulaw wav wav16k wav22k wav48k wav8k" alfabravo --render x --format ""
expect "de-din5009 en" alfabravo --voice ""
expect "alfabravo_out" alfabravo --device alf
expect "Built-in\\ Audio\\ Analog\\ Stereo" alfabravo -d B
expect "--cancel --case --check --clipboard" alfabravo --c
expect "--password --pause --print" alfabravo --p
expect "--device --devices --digits" alfabravo --d
expect "--interactive" alfabravo --int
expect "--no-interactive --no-wait" alfabravo --no
expect "--toggle-pause" alfabravo --to
expect "" alfabravo --rate ""
expect "" alfabravo hello

# The option list is complete: every long option the client's --help lists is offered.
COMP_WORDS=(alfabravo --)
COMP_CWORD=1
_alfabravo
offered=" ${COMPREPLY[*]} "
options=$("$client" --help | grep -oE '^ +(-[a-zA-Z],)?--[a-z-]+' | sed 's/.*--/--/')
[[ $(wc -w <<<"$options") -ge 20 ]] || { echo "FAIL: could not read the options from --help"; exit 1; }
for option in $options; do
  [[ $offered == *" $option "* ]] || { echo "FAIL: $option is not offered"; failures=$((failures + 1)); }
done

((failures == 0)) && echo "bash completion: ok"
exit $((failures > 0))
