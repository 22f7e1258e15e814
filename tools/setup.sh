#!/bin/sh
# The Debian packages losslab needs, checked or installed.
#   sh tools/setup.sh check build   plain `make`: say what is missing and how to get it, exit 1;
#                                   never installs anything
#   sh tools/setup.sh check test    the same for the test programs (adds cmocka)
#   sh tools/setup.sh install       `make run` / `make test`: install whatever is missing with
#                                   apt-get (sudo only when not root): ncursesw, cmocka, pkg-config;
#                                   tmux for the screen tests; asciinema, xmllint (libxml2-utils) and
#                                   rsvg-convert (librsvg2-bin) for the cast and SVG tests
#                                   (tests/e2e_media.sh)
mode=${1:-install}
what=${2:-build}
need=""
command -v pkg-config >/dev/null 2>&1 || need="$need pkg-config"
pkg-config --exists ncursesw 2>/dev/null || need="$need libncurses-dev"
if [ "$mode" = install ] || [ "$what" = test ]; then
    pkg-config --exists cmocka 2>/dev/null || need="$need libcmocka-dev"
fi
if [ "$mode" = install ]; then
    command -v tmux >/dev/null 2>&1 || need="$need tmux"
    command -v asciinema >/dev/null 2>&1 || need="$need asciinema"
    command -v xmllint >/dev/null 2>&1 || need="$need libxml2-utils"
    command -v rsvg-convert >/dev/null 2>&1 || need="$need librsvg2-bin"
fi
[ -z "$need" ] && exit 0
if [ "$mode" = check ]; then
    echo "losslab: missing to build:$need (Debian packages)." >&2
    echo "  install them:  sudo apt-get install$need" >&2
    echo "  or run 'make run' / 'make test', which install what is missing and then build." >&2
    exit 1
fi
echo "setup: installing$need"
if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
$SUDO apt-get update -qq || exit 1
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $need || exit 1
