#!/bin/sh
# Installs what the build needs (ncursesw, cmocka, pkg-config, tmux for the screen tests,
# asciinema, xmllint and rsvg-convert for the cast and SVG tests)
# from Debian's packages, only when something is missing. sudo only when not root.
need=""
command -v pkg-config >/dev/null 2>&1 || need="$need pkg-config"
pkg-config --exists ncursesw 2>/dev/null || need="$need libncurses-dev"
pkg-config --exists cmocka 2>/dev/null || need="$need libcmocka-dev"
command -v tmux >/dev/null 2>&1 || need="$need tmux"
# the media tests (tests/e2e_media.sh): asciinema replays the casts, xmllint validates the SVG,
# rsvg-convert renders it to PNG
command -v asciinema >/dev/null 2>&1 || need="$need asciinema"
command -v xmllint >/dev/null 2>&1 || need="$need libxml2-utils"
command -v rsvg-convert >/dev/null 2>&1 || need="$need librsvg2-bin"
[ -z "$need" ] && exit 0
echo "setup: installing$need"
if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
$SUDO apt-get update -qq || exit 1
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $need || exit 1
