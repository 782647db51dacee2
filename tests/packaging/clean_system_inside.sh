#!/bin/bash
# Runs inside the clean root (check_clean_system.sh): installs the .deb the way the README says, then uses the
# installed programs as a user would. The root has no sound card and no sound server.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
fail() { echo "FAIL (in the clean root): $*" >&2; exit 1; }

[[ ! -e $SOURCE_DIR && ! -e $BUILD_DIR ]] || fail "the build tree is visible in the clean root"

# The package alone, with only what its Depends pull in. The package lists were fetched when the root was
# bootstrapped; if the mirror has moved on since, fetch them again.
install_package() { apt-get install -y -q --no-install-recommends /tmp/deb/alfabravo_*.deb >/tmp/apt.log 2>&1; }
install_package || { apt-get update -q >/dev/null 2>&1 && install_package; } || {
  cat /tmp/apt.log
  fail "apt-get install ./alfabravo_*.deb"
}
echo "apt: installed $(grep -c '^Setting up ' /tmp/apt.log) packages"
[[ -s /usr/share/doc/alfabravo/copyright ]] || fail "no copyright file"
zcat /usr/share/doc/alfabravo/changelog.gz | head -n 1 | grep -q '^alfabravo (' || fail "no changelog"

# An ordinary user with a runtime directory, as a login session gives one.
useradd --create-home --uid 1000 agent
mkdir -p /run/user && mkdir -m 0700 /run/user/1000 && chown agent:agent /run/user/1000
as_agent() {
  setpriv --reuid=agent --regid=agent --init-groups /usr/bin/env -i PATH=/usr/bin:/bin HOME=/home/agent \
    XDG_RUNTIME_DIR=/run/user/1000 LC_ALL=C.UTF-8 "$@"
}

version=$(as_agent alfabravo --version)
grep -qx '  /usr/share/alfabravo/voices' <<<"$version" || fail "voices not looked for in /usr/share: $version"
! grep -Fq -e "$SOURCE_DIR" -e "$BUILD_DIR" <<<"$version" || fail "--version names the build tree: $version"
[[ $(as_agent alfabravo --print Ab3) == 'capital Alfa Bravo three' ]] || fail "--print: $(as_agent alfabravo --print Ab3)"

setpriv --reuid=agent --regid=agent --init-groups /usr/bin/env -i PATH=/usr/bin:/bin HOME=/home/agent \
  XDG_RUNTIME_DIR=/run/user/1000 LC_ALL=C.UTF-8 alfabravod >/tmp/daemon.log 2>&1 &
daemon=$!
trap 'kill $daemon 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do
  [[ -S /run/user/1000/alfabravo/socket ]] && break
  kill -0 $daemon 2>/dev/null || { cat /tmp/daemon.log; fail "alfabravod exited"; }
  sleep 0.1
done
status=$(as_agent alfabravo --status) || { cat /tmp/daemon.log; fail "--status: no answer"; }
echo "$status" | sed 's/^/  status before speaking: /'
grep -qx 'voice: en' <<<"$status" || fail "--status: $status"
# Not yet tried: it must not claim a sound card it has not opened.
grep -qx 'audio: unknown until first use' <<<"$status" || fail "--status before the first speak: $status"

# No sound card here: the daemon answers the speak with a clear error, and says so from then on.
if as_agent alfabravo 'Ab3' >/tmp/speak.out 2>&1; then fail "spoke without a sound card: $(cat /tmp/speak.out)"; fi
grep -q 'audio_unavailable' /tmp/speak.out || fail "speak: $(cat /tmp/speak.out)"
status=$(as_agent alfabravo --status)
grep -qx 'audio: unavailable' <<<"$status" || fail "--status after a failed speak: $status"

as_agent alfabravo --render /tmp/ab3.wav --format wav8k 'Ab3' || { cat /tmp/daemon.log; fail "--render"; }
kill $daemon && wait $daemon || true

# The checking tools come after the package, so that they cannot supply a library the package forgot.
apt-get install -y -q --no-install-recommends sox systemd man-db >/tmp/apt-tools.log 2>&1 || {
  cat /tmp/apt-tools.log
  fail "installing the checking tools"
}
[[ $(soxi -r /tmp/ab3.wav) == 8000 && $(soxi -c /tmp/ab3.wav) == 1 ]] || fail "render: $(soxi /tmp/ab3.wav)"
duration=$(soxi -D /tmp/ab3.wav)
awk -v d="$duration" 'BEGIN { exit !(d > 1.0 && d < 10.0) }' || fail "render lasts $duration s"
echo "render: 8000 Hz mono, $duration s"

# Started by its socket, as alfabravod.socket does it: the daemon takes the listening socket it is given.
setpriv --reuid=agent --regid=agent --init-groups /usr/bin/env -i PATH=/usr/bin:/bin HOME=/home/agent \
  XDG_RUNTIME_DIR=/run/user/1000 LC_ALL=C.UTF-8 \
  systemd-socket-activate --listen=/run/user/1000/activated.socket alfabravod >/tmp/activated.log 2>&1 &
activator=$!
trap 'kill $activator 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do [[ -S /run/user/1000/activated.socket ]] && break; sleep 0.1; done
status=$(as_agent alfabravo --socket /run/user/1000/activated.socket --status) || {
  cat /tmp/activated.log
  fail "no answer from the socket-activated daemon"
}
grep -qx 'voice: en' <<<"$status" || fail "socket-activated --status: $status"
grep -q 'alfabravod' /tmp/activated.log || fail "the answer did not come from a socket-activated alfabravod"
kill $activator 2>/dev/null || true
echo "socket activation: answered"

units=/usr/lib/systemd/user
verify=$(as_agent systemd-analyze --user verify "$units/alfabravod.socket" "$units/alfabravod.service" 2>&1) ||
  fail "systemd-analyze --user verify: $verify"
[[ -z $verify ]] || fail "systemd-analyze --user verify: $verify"
systemctl --global enable alfabravod.socket >/dev/null 2>&1
[[ -L /etc/systemd/user/sockets.target.wants/alfabravod.socket ]] || fail "the socket unit cannot be enabled"
echo "units: verified, the socket enables"

for page in alfabravo alfabravod 'alfabravod.toml'; do
  warnings=$(MANWIDTH=80 man --warnings "$page" 2>&1 >/dev/null) || fail "man $page: $warnings"
  [[ -z $warnings ]] || fail "man $page warns: $warnings"
  (($(MANWIDTH=80 man "$page" 2>/dev/null | wc -l) > 20)) || fail "man $page is empty"
done
echo "man pages: alfabravo(1), alfabravod(1), alfabravod.toml(5)"
