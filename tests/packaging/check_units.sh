#!/usr/bin/env bash
# Checks the configured systemd user units: `systemd-analyze verify` must be silent (which also proves the
# Documentation= man pages resolve, against the project's own docs/man), and the service's offline security
# exposure must be 2.0 or lower without the settings that would cut it off from the user's sound server.
# Usage: check_units.sh SERVICE SOCKET DAEMON_BINARY MAN_SOURCE_DIR
set -euo pipefail
service=$1 socket=$2 daemon=$3 man_src=$4

work=$(mktemp -d /tmp/alfabravo-units.XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# verify checks that ExecStart's binary exists: point it at the built daemon (the unit names the installed one).
grep -q '^ExecStart=/' "$service" || fail "ExecStart is not an absolute path"
sed "s|^ExecStart=[^ ]*|ExecStart=$daemon|" "$service" >"$work/alfabravod.service"
cp "$socket" "$work/alfabravod.socket"

# A private man tree so `man alfabravod(1)` in Documentation= resolves to our pages.
mkdir -p "$work/man/man1" "$work/man/man5" "$work/runtime"
chmod 0700 "$work/runtime"
cp "$man_src"/*.1 "$work/man/man1/"
cp "$man_src"/*.5 "$work/man/man5/"

verify_out=$(cd "$work" && XDG_RUNTIME_DIR="$work/runtime" MANPATH="$work/man" \
  systemd-analyze verify --user alfabravod.socket alfabravod.service 2>&1) ||
  fail "systemd-analyze verify failed: $verify_out"
[[ -z $verify_out ]] || fail "systemd-analyze verify complained: $verify_out"
echo "verify: clean"

security_out=$(cd "$work" && systemd-analyze security --offline=true alfabravod.service 2>&1) ||
  fail "systemd-analyze security failed: $security_out"
score=$(sed -n 's/.*Overall exposure level for alfabravod.service: \([0-9.]*\).*/\1/p' <<<"$security_out")
[[ -n $score ]] || fail "no overall exposure level in: $security_out"
echo "security: overall exposure $score"
awk -v s="$score" 'BEGIN { exit !(s <= 2.0) }' || fail "exposure $score is above 2.0: $security_out"

# The hardening must leave the sound server reachable: the Unix socket family, and /run/user visible.
effective() { grep -E "^$1=" "$service" | tail -n1 | cut -d= -f2-; }
[[ $(effective ProtectHome) != yes ]] || fail "ProtectHome=yes hides /run/user (the sound server's socket)"
[[ $(effective ProtectHome) != tmpfs ]] || fail "ProtectHome=tmpfs hides /run/user"
grep -Eq '^RestrictAddressFamilies=.*AF_UNIX' "$service" || fail "AF_UNIX must stay allowed"
[[ $(effective PrivateUsers) == yes ]] || fail "user units need PrivateUsers=yes for the filesystem protections"
[[ $(effective Type) == notify ]] || fail "Type must be notify"
grep -q '^ListenStream=%t/alfabravo/socket$' "$socket" || fail "socket path"
grep -q '^SocketMode=0600$' "$socket" || fail "socket mode"
grep -q '^DirectoryMode=0700$' "$socket" || fail "directory mode"
if grep -Eq '^(Wants|Requires|BindsTo)=.*(pulseaudio|pipewire)' "$service"; then
  fail "the service must not pull in a particular sound server"
fi
echo "units: ok"
