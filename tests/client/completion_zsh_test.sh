#!/usr/bin/env bash
# The zsh completion, as zsh itself runs it: an interactive zsh on a pseudo-terminal (zsh/zpty) loads
# client/completions/_alfabravo through compinit, we type a line and TAB, and look at what it offers.
# Usage: completion_zsh_test.sh COMPLETIONS_DIR   (exit 77, skipped, when zsh is not installed;
# a failure in CI)
set -u
completions=$1
source "$(dirname "$0")/../support/skip_or_fail.sh"
command -v zsh >/dev/null || skip_or_fail "zsh is not installed"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A stand-in for `alfabravo --voices` as the real client prints a running daemon's answer.
printf '#!/bin/sh\n[ "$1" = --voices ] && printf "de-din5009\\nen  (default)\\n"\n' >"$work/alfabravo"
chmod +x "$work/alfabravo"

cat >"$work/complete.zsh" <<'ZSH'
# complete.zsh FPATH_DIR STUB_DIR LINE WORD...: prints what the terminal shows after typing LINE and TAB, once
# every WORD is shown after the line (or after 10 s, for the caller to report what was missing).
zmodload zsh/zpty
zpty shell zsh -f -i
zpty -w shell "fpath=($1 \$fpath); PATH=$2:\$PATH; autoload -U compinit; compinit -u -D; PS1='> '"
zpty -w -n shell "$3"$'\t'
local all="" chunk word missing
for i in {1..100}; do
  sleep 0.1
  while zpty -r -t shell chunk; do all+=$chunk; done
  missing=0
  for word in "${@:4}"; do [[ ${all#*"$3"} == *"$word"* ]] || missing=1; done
  (( missing )) || break
done
print -r -- "$all"
zpty -d shell
ZSH

failures=0
expect() {  # expect LINE WORD...: after LINE<TAB>, the terminal shows every WORD
  local line=$1 shown word
  shift
  shown=$(HOME="$work" zsh -f "$work/complete.zsh" "$completions" "$work" "$line" "$@" | tr -d '\r')
  for word in "$@"; do
    if ! grep -qF -- "$word" <<<"${shown#*"$line"}"; then
      echo "FAIL: '$line<TAB>' does not offer '$word'; the terminal showed:"
      cat -v <<<"$shown" | tail -5
      failures=$((failures + 1))
    fi
  done
}

expect "alfabravo --mode " password spell url
expect "alfabravo --render x --format " wav8k wav16k ulaw alaw
expect "alfabravo --digits " plain icao
expect "alfabravo --clip" "--clipboard"
expect "alfabravo --sto" "--stop"
expect "alfabravo --togg" "--toggle-pause"
expect "alfabravo --no-int" "--no-interactive"
expect "alfabravo --voice " de-din5009 en
((failures == 0)) && echo "zsh completion: ok"
exit $((failures > 0))
