#!/usr/bin/env bash
# The package in a clean system: builds the .deb as a packager would (scripts/package), checks it with lintian
# and for build paths, then installs it with apt into a freshly bootstrapped minimal Debian 12 and runs the
# installed programs there, as a user would: --print, the daemon answering --status and a speak, a render checked
# with soxi, `systemd-analyze --user verify` of the installed units, the man pages with `man`. Nothing of the
# build tree is visible in that root.
#
# The bootstrapped root (debootstrap --variant=minbase) and apt's downloads are kept in BUILD_DIR/clean-system;
# each run works on a throw-away overlay of that root, in private mount and PID namespaces, so no mount or process
# outlives it.
# Skips (exit 77) only when the Debian mirror cannot be reached, or it is not root; with CI=true it fails instead.
# Usage: check_clean_system.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
source_dir=$(realpath "$1") build=$(realpath "$2")
mirror=${ALFABRAVO_DEBIAN_MIRROR:-http://deb.debian.org/debian}
cache=$build/clean-system
pristine=$cache/bookworm
started=$SECONDS

fail() { echo "FAIL: $*" >&2; exit 1; }
source "$source_dir/tests/support/skip_or_fail.sh"
skip() { skip_or_fail "$*"; }
[[ $(id -u) == 0 ]] || skip "needs root (debootstrap, chroot, mounts)"
unshare --mount --propagation private --pid --fork true 2>/dev/null ||
  skip "no private mount and PID namespace (unshare refused)"
command -v debootstrap >/dev/null || fail "debootstrap is missing: scripts/deps test installs it"

work=$(mktemp -d /tmp/alfabravo-clean-system.XXXXXX)
trap 'rm -rf "$work"' EXIT

# The package, as a packager builds it: Release, /usr, no tests, Debian's flags, warnings as errors.
deb=$("$source_dir/scripts/package" "$build/deb" -DALFABRAVO_WERROR=ON 2>"$work/package.log") || {
  tail -n 30 "$work/package.log"
  fail "scripts/package failed"
}
echo "package: $(basename "$deb"), $(stat -c %s "$deb") bytes"

lintian_out=$(lintian --fail-on error,warning "$deb" 2>&1) || fail "lintian: $lintian_out"
lintian_out=$(grep -v '^running with root privileges' <<<"$lintian_out" || true)
! grep -q '^[EW]: ' <<<"$lintian_out" || fail "lintian: $lintian_out"
echo "lintian: no error, no warning${lintian_out:+ ($(grep -c '^[IPX]: ' <<<"$lintian_out") notes)}"

dpkg-deb -x "$deb" "$work/unpacked"
for program in "$work"/unpacked/usr/bin/* "$work"/unpacked/usr/libexec/alfabravo/*; do
  for path in "$source_dir" "$build"; do
    found=$(strings -a "$program" | grep -F "$path" || true)
    [[ -z $found ]] || fail "$(basename "$program") contains a build path: $found"
  done
done
echo "binaries: no build path in them"

# The clean root, bootstrapped once and kept; apt's package lists are fetched once with it.
if [[ ! -e $pristine/.complete ]]; then
  rm -rf "$pristine"
  mkdir -p "$cache/archives/partial"
  echo "bootstrapping a minimal Debian 12 in $pristine (once)"
  if ! debootstrap --variant=minbase bookworm "$pristine" "$mirror" >"$cache/debootstrap.log" 2>&1; then
    tail -n 5 "$cache/debootstrap.log"
    rm -rf "$pristine"
    if grep -Eq 'Failed getting release file|Failure while downloading|Could not resolve|Connection refused' \
      "$cache/debootstrap.log"; then
      skip "debootstrap cannot reach $mirror"
    fi
    fail "debootstrap failed (log: $cache/debootstrap.log)"
  fi
  cp /etc/resolv.conf "$pristine/etc/resolv.conf"
  echo "deb $mirror bookworm main" >"$pristine/etc/apt/sources.list"
  chroot "$pristine" apt-get update -q >>"$cache/debootstrap.log" 2>&1 ||
    skip "apt-get update cannot reach $mirror"
  touch "$pristine/.complete"
  echo "bootstrapped in $((SECONDS - started)) s"
fi

mkdir -p "$work"/{upper,overlay-work,root} "$cache/archives/partial"
cp "$source_dir/tests/packaging/clean_system_inside.sh" "$work/inside.sh"
cat >"$work/namespace.sh" <<EOF
set -eu
root="$work/root"
mount -t overlay overlay -o "lowerdir=$pristine,upperdir=$work/upper,workdir=$work/overlay-work" "\$root"
mount -t proc proc "\$root/proc"
mount --bind /dev "\$root/dev"
mount -t tmpfs -o mode=0755 tmpfs "\$root/run"
mount --bind "$cache/archives" "\$root/var/cache/apt/archives"
cp /etc/resolv.conf "\$root/etc/resolv.conf"
mkdir -p "\$root/tmp/deb"
cp "$deb" "\$root/tmp/deb/"
cp "$work/inside.sh" "\$root/tmp/inside.sh"
chroot "\$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LC_ALL=C.UTF-8 \
  SOURCE_DIR="$source_dir" BUILD_DIR="$build" /bin/bash /tmp/inside.sh
EOF
# The mounts live in this mount namespace only, and every process started in the root in this PID namespace:
# when its first process ends, for whatever reason, the kernel kills the rest and the mounts go with them.
unshare --mount --propagation private --pid --fork sh "$work/namespace.sh" ||
  fail "the installed package does not work (above)"
echo "clean system: ok in $((SECONDS - started)) s"
