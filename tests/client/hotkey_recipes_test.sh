#!/usr/bin/env bash
# The README's "Hotkeys on the desktop" recipes, run as a user would paste them, with stand-ins for the desktop
# tools (gsettings, kwriteconfig5) that record what they are asked: GNOME's list of custom shortcuts gains the
# four (keeping one already there, and not twice when pasted twice); every command bound, in every recipe, is
# one the client accepts (it gets as far as calling the daemon: exit 3 here, where none runs).
# Usage: hotkey_recipes_test.sh README.md ALFABRAVO
set -euo pipefail
readme=$1 client=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# The shell blocks of the section, one file each, in order: GNOME, KDE, xbindkeys, sway.
awk '/^### Hotkeys on the desktop/ {on=1; next} /^##/ {on=0} on && /^```sh$/ {n++; file=sprintf("'"$work"'/recipe%d.sh", n); next}
     on && /^```$/ {file=""; next} file {print > file}' "$readme"
for n in 1 2 3 4; do [[ -s $work/recipe$n.sh ]] || fail "recipe $n not found in $readme"; done

mkdir -p "$work/bin" "$work/home/.config/sway"
cat >"$work/bin/gsettings" <<'STUB'
#!/bin/bash
store=$HOME/gsettings
touch "$store"
case $1 in
  get) grep -F "$2 $3=" "$store" | tail -1 | cut -d= -f2- | grep . || echo "@as []" ;;
  set) echo "$2 $3=$4" >>"$store" ;;
esac
STUB
cat >"$work/bin/kwriteconfig5" <<'STUB'
#!/bin/sh
echo "$*" >>"$HOME/kwriteconfig"
STUB
chmod +x "$work/bin/"*
export HOME=$work/home PATH=$work/bin:$PATH

media=org.gnome.settings-daemon.plugins.media-keys
echo "$media custom-keybindings=['/mine/']" >"$HOME/gsettings"
bash "$work/recipe1.sh"
bash "$work/recipe1.sh"  # pasted twice
list=$(gsettings get $media custom-keybindings)
base=/org/gnome/settings-daemon/plugins/media-keys/custom-keybindings
expected="['/mine/', '$base/alfabravo-clipboard/', '$base/alfabravo-again/', '$base/alfabravo-pause/', '$base/alfabravo-stop/']"
[[ $list == "$expected" ]] || fail "GNOME's list is $list, expected $expected"
mapfile -t commands < <(sed -n "s/^$media.custom-keybinding:[^ ]* command=//p" "$HOME/gsettings" | sort -u)
grep -q "binding=<Super><Alt>p" "$HOME/gsettings" || fail "no <Super><Alt>p binding"

bash "$work/recipe2.sh"
for action in _launch say-again pause-resume stop; do
  grep -q -- "--group alfabravo.desktop --key $action " "$HOME/kwriteconfig" || fail "KDE: no shortcut for $action"
  [[ $action == _launch ]] || grep -q "^\[Desktop Action $action\]" "$(dirname "$readme")/data/alfabravo.desktop" ||
    fail "KDE binds $action, which the desktop entry does not have"
done

bash "$work/recipe3.sh"
bash "$work/recipe4.sh"
mapfile -t -O "${#commands[@]}" commands < <(sed -n 's/^"\(.*\)"$/\1/p' "$HOME/.xbindkeysrc")
mapfile -t -O "${#commands[@]}" commands < <(sed -n 's/^bindsym [^ ]* exec //p' "$HOME/.config/sway/config")
((${#commands[@]} == 12)) || fail "expected 4 commands from each of GNOME, xbindkeys and sway, got ${#commands[@]}"

export ALFABRAVO_SOCKET=/nonexistent/alfabravo/socket
printf '#!/bin/sh\necho x\n' >"$work/bin/xclip"  # --clipboard reads the clipboard before calling the daemon
chmod +x "$work/bin/xclip"
unset WAYLAND_DISPLAY
for command in "${commands[@]}"; do
  read -ra words <<<"$command"
  [[ ${words[0]} == alfabravo ]] || fail "a recipe binds something else: $command"
  status=0
  "$client" "${words[@]:1}" </dev/null >/dev/null 2>&1 || status=$?
  [[ $status == 3 ]] || fail "\"$command\" exits $status, not 3 (no daemon): its options are wrong"
done
echo "hotkey recipes: GNOME, KDE, xbindkeys and sway bind the 4 commands; all accepted by the client"
