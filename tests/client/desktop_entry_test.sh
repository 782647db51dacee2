#!/usr/bin/env bash
# The desktop entry (data/alfabravo.desktop): valid for the desktops (desktop-file-validate), and every command
# it runs is one the client accepts — each reaches the point of calling the daemon (exit 3: none answers here)
# instead of failing on its options (exit 2).
# Usage: desktop_entry_test.sh DESKTOP_FILE ALFABRAVO
set -euo pipefail
desktop_file=$1 client=$2

if ! command -v desktop-file-validate >/dev/null; then
  echo "desktop-file-validate is not installed (scripts/deps test installs desktop-file-utils)" >&2
  [[ ${CI:-} == true ]] && exit 1
  exit 77
fi
desktop-file-validate "$desktop_file"
echo "desktop-file-validate: no errors"

mapfile -t commands < <(sed -n 's/^Exec=//p' "$desktop_file")
((${#commands[@]} == 4)) || { echo "expected 4 Exec lines (launcher and 3 actions), got ${#commands[@]}" >&2; exit 1; }
export ALFABRAVO_SOCKET=/nonexistent/alfabravo/socket
# --clipboard reads the clipboard before it calls the daemon: a stub xclip holds one.
stubs=$(mktemp -d)
trap 'rm -rf "$stubs"' EXIT
printf '#!/bin/sh\necho x\n' >"$stubs/xclip"
chmod +x "$stubs/xclip"
export PATH="$stubs:$PATH"
unset WAYLAND_DISPLAY
for command in "${commands[@]}"; do
  read -ra words <<<"$command"
  [[ ${words[0]} == alfabravo ]] || { echo "Exec does not run alfabravo: $command" >&2; exit 1; }
  status=0
  "$client" "${words[@]:1}" </dev/null >/dev/null 2>&1 || status=$?
  [[ $status == 3 ]] || { echo "\"$command\" exits $status, not 3 (no daemon): its options are wrong" >&2; exit 1; }
  echo "ok: $command"
done
