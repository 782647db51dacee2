#!/usr/bin/env bash
# The man page and the client agree: every long option `alfabravo --help` lists has an entry of its own in
# alfabravo(1) (a .TP item), and the page names no option the client does not have.
# Usage: man_page_options_test.sh MAN_PAGE CLIENT
set -u
page=$1
client=$2

help_options=$("$client" --help | grep -oE '^ +(-[a-zA-Z],)?--[a-z-]+' | sed 's/.*--/--/' | sort -u)
[[ $(wc -w <<<"$help_options") -ge 20 ]] || { echo "FAIL: could not read the options from --help"; exit 1; }
# roff writes "--from-group" as "\-\-from\-group".
unescape() { sed 's/\\-/-/g'; }
# The first long option on the line after each .TP: the option that item documents.
entries=$(awk 'after_tp { print; after_tp = 0 } /^\.TP/ { after_tp = 1 }' "$page" | unescape |
  grep -oE -- '--[a-z][a-z-]*' | sort -u)
named=$(unescape <"$page" | grep -oE -- '--[a-z][a-z-]*' | sort -u)

failures=0
for option in $help_options; do
  grep -qx -- "$option" <<<"$entries" || { echo "FAIL: $option has no entry in $page"; failures=$((failures + 1)); }
done
for option in $named; do
  grep -qx -- "$option" <<<"$help_options" || {
    echo "FAIL: $page names $option, which alfabravo --help does not list"
    failures=$((failures + 1))
  }
done
((failures == 0)) && echo "man page options: ok ($(wc -w <<<"$help_options") options)"
exit $((failures > 0))
