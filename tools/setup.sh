#!/bin/sh
# Installs what the build needs (ncursesw, cmocka, pkg-config, tmux for the screen tests)
# from Debian's packages, only when something is missing. sudo only when not root.
need=""
command -v pkg-config >/dev/null 2>&1 || need="$need pkg-config"
pkg-config --exists ncursesw 2>/dev/null || need="$need libncurses-dev"
pkg-config --exists cmocka 2>/dev/null || need="$need libcmocka-dev"
command -v tmux >/dev/null 2>&1 || need="$need tmux"
[ -z "$need" ] && exit 0
echo "setup: installing$need"
if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
$SUDO apt-get update -qq || exit 1
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $need || exit 1
