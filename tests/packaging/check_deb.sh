#!/usr/bin/env bash
# Builds the .deb with CPack from a built tree, checks its metadata and that every installed file is in it, then
# unpacks it into a temporary root and checks the unpacked programs work from there: the unit starts the packaged
# daemon, the man pages render, and the packaged daemon finds the packaged voices (with the source tree's voices
# hidden, in a private mount namespace, where the system allows one).
# Usage: check_deb.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 source=$2
# PREFIX BINDIR LIBEXECDIR DATADIR UNITDIR BASHDIR ZSHDIR MANDIR DOCDIR, as cmake/Packaging.cmake configured them.
source "$build/packaging/layout.sh"
prefix=$PREFIX

work=$(mktemp -d /tmp/alfabravo-deb.XXXXXX)
daemon_pid=
cleanup() {
  [[ -n $daemon_pid ]] && kill "$daemon_pid" 2>/dev/null && wait "$daemon_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cpack --config "$build/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1 || {
  cat "$work/cpack.log"
  fail "cpack failed"
}
debs=("$work"/out/*.deb)
[[ ${#debs[@]} == 1 && -f ${debs[0]} ]] || fail "expected one .deb, got: ${debs[*]}"
deb=${debs[0]}
echo "built $(basename "$deb") ($(stat -c %s "$deb") bytes)"

# Metadata: dpkg-shlibdeps found the shared libraries; the hand-written dependencies are there.
info=$(dpkg-deb --field "$deb" Package Architecture Depends Section)
echo "$info"
grep -q '^Package: alfabravo$' <<<"$info" || fail "package name"
grep -q "^Architecture: $(dpkg --print-architecture)$" <<<"$info" || fail "architecture"
for dependency in libespeak-ng1 libportaudio2 libsndfile1 libsoxr0 libsystemd0 'libicu' libstdc++6 \
  espeak-ng-data libasound2-plugins; do
  grep -q "^Depends:.*$dependency" <<<"$info" || fail "Depends lacks $dependency"
done

# Installable: apt resolves every dependency (a simulation, as any user may run it; nothing is installed).
simulation=$(apt-get install --simulate --no-install-recommends "$deb" 2>&1) || fail "apt cannot install it: $simulation"
grep -q '^Inst alfabravo ' <<<"$simulation" || fail "apt would not install it: $simulation"
! grep -q '^Remv ' <<<"$simulation" || fail "installing it would remove packages: $simulation"
echo "apt: installable"

# Contents: every file the install rules promise, at the configured places.
dpkg-deb -c "$deb" | awk '{print $NF}' | sed 's|^\./|/|' >"$work/contents"
expected=(
  "$BINDIR/alfabravod" "$BINDIR/alfabravo" "$LIBEXECDIR/alfabravo/alfabravo-print"
  "$UNITDIR/alfabravod.service" "$UNITDIR/alfabravod.socket"
  "$MANDIR/man1/alfabravo.1.gz" "$MANDIR/man1/alfabravod.1.gz" "$MANDIR/man5/alfabravod.toml.5.gz"
  "$BASHDIR/alfabravo" "$ZSHDIR/_alfabravo"
  "$DOCDIR/examples/alfabravod.toml" "$DOCDIR/copyright" "$DOCDIR/changelog.gz"
  "${DATADIR%/alfabravo}/applications/alfabravo.desktop"
)
for voice in "$source"/voices/*.toml; do expected+=("$DATADIR/voices/$(basename "$voice")"); done
[[ -f $source/docs/protocol.md ]] && expected+=("$DOCDIR/protocol.md")
for file in "${expected[@]}"; do
  grep -qxF "$file" "$work/contents" || fail "$file is not in the package; it holds: $(cat "$work/contents")"
done
echo "contents: all ${#expected[@]} expected files present"

root=$work/root
dpkg -x "$deb" "$root"
[[ -x $root$BINDIR/alfabravod && -x $root$BINDIR/alfabravo && -x $root$LIBEXECDIR/alfabravo/alfabravo-print ]] ||
  fail "programs not executable"
grep -qx "ExecStart=$BINDIR/alfabravod" "$root$UNITDIR/alfabravod.service" ||
  fail "ExecStart does not name the packaged daemon"
for page in "$root$MANDIR"/man*/*.gz; do
  gzip -t "$page" || fail "$page is not gzip"
  warnings=$(LC_ALL=C MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null) || fail "man cannot render $page"
  [[ -z $warnings ]] || fail "man warns about $page: $warnings"
done

# The packaged client knows where the package puts the voices.
"$root$BINDIR/alfabravo" --version | grep -qx "  $DATADIR/voices" ||
  fail "the client does not look for voices in $DATADIR/voices"

# The packaged daemon and client, with only the packaged voices visible: overlay the package's share/ on the
# system's, and hide the source tree's voices (the build's last-resort fallback).
share=$(dirname "$DATADIR")
cat >"$work/in-namespace.sh" <<EOF
set -eu
mount -t overlay overlay -o "lowerdir=$root$share:$share" "$share"
mount -t tmpfs none "$source/voices"
export HOME="$work/home" XDG_DATA_DIRS=/nonexistent XDG_CONFIG_HOME="$work/home/config"
unset ALFABRAVO_VOICE_PATH XDG_DATA_HOME
[ -z "\$(ls "$source/voices")" ]
"$root$BINDIR/alfabravo" --print hello
"$root$BINDIR/alfabravod" --audio none --socket "$work/socket" >"$work/daemon.log" 2>&1 &
daemon=\$!
trap 'kill \$daemon 2>/dev/null || true' EXIT
for i in \$(seq 1 300); do [ -S "$work/socket" ] && break; sleep 0.1; done
"$root$BINDIR/alfabravo" --socket "$work/socket" --voices
"$root$BINDIR/alfabravo" --socket "$work/socket" --render "$work/hello.wav" hello
kill \$daemon
wait \$daemon || true
EOF
mkdir -p "$work/home"
if unshare -m --propagation private true 2>/dev/null; then
  output=$(unshare -m --propagation private sh "$work/in-namespace.sh" 2>&1) || {
    echo "$output"
    cat "$work/daemon.log" 2>/dev/null
    fail "the packaged programs do not work with only the packaged voices"
  }
  echo "$output"
  grep -qx "Hotel Echo Lima Lima Oscar" <<<"$output" || fail "packaged --print"
  grep -q "^en  .*(default)$" <<<"$output" || fail "the packaged daemon does not list the packaged voice"
  awk -v d="$(soxi -D "$work/hello.wav")" 'BEGIN { exit !(d > 1.0) }' || fail "the packaged daemon rendered no audio"
  echo "packaged programs: ok with only the packaged voices"
else
  echo "NOTE: no private mount namespace here (unshare -m refused): the packaged programs were not run"
fi
echo "package: ok"
