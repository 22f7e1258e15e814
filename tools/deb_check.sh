#!/bin/sh
# make deb-check: the package for real. Installs OUTDIR/losslab_*.deb with apt-get (which pulls
# in its Depends), checks the installed program (--version, a headless run, the lessons found in
# the installed data directory from an empty working directory, the man page), removes it with
# apt-get remove, checks that none of its files is left, then runs lintian (installed from
# Debian when missing) and fails on any lintian error. Root only: it changes the system.
# Usage: sh tools/deb_check.sh OUTDIR
set -u
OUT=$1
DEB=$(ls "$OUT"/losslab_*.deb 2>/dev/null | tail -1)
[ -n "$DEB" ] || { echo "deb-check: no $OUT/losslab_*.deb (make deb)"; exit 1; }
[ "$(id -u)" = 0 ] || { echo "deb-check: needs root (it installs and removes the package)"; exit 1; }
if dpkg -s losslab >/dev/null 2>&1; then
    echo "deb-check: a losslab package is installed already: remove it first"; exit 1
fi
pass=0; fail=0
ok() { pass=$((pass + 1)); echo "ok   - $1"; }
bad() { fail=$((fail + 1)); echo "FAIL - $1"; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
case $DEB in /*) ;; *) DEB=$(pwd)/$DEB ;; esac

if DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$DEB" > "$T/install.log" 2>&1; then
    ok "apt-get install $DEB"
else
    bad "apt-get install $DEB"; cat "$T/install.log"; exit 1
fi
dpkg -L losslab | while read -r f; do [ -f "$f" ] && echo "$f"; done > "$T/files"
echo "     installed $(wc -l < "$T/files") files: $(tr '\n' ' ' < "$T/files")"
v=$(/usr/bin/losslab --version) && ok "losslab --version: $(echo "$v" | tr '\n' ' ')" || bad "losslab --version"
(cd "$T" && /usr/bin/losslab --headless --n 300 --epochs 1 --hidden 8 > run.csv) &&
    [ "$(wc -l < "$T/run.csv")" -gt 1 ] && ok "a headless run from an empty directory" || bad "headless run"
n=$(cd "$T" && /usr/bin/losslab lessons | grep -c 'min')
[ "$n" -ge 6 ] && ok "losslab lessons from an empty directory finds the $n installed lessons" || bad "lessons: $n found"
(cd "$T" && /usr/bin/losslab lesson 01 --headless > lesson.txt 2>&1) && ok "lesson 01 --headless from the installed data" ||
    bad "lesson 01 --headless"
if command -v man >/dev/null 2>&1; then
    m=$(man -w losslab 2>/dev/null)
    [ "$m" = /usr/share/man/man1/losslab.1.gz ] && ok "man -w losslab: $m" || bad "man -w losslab: '$m'"
    MANWIDTH=200 man losslab 2>/dev/null | grep -q '/usr/share/losslab/lessons' &&
        ok "the man page names /usr/share/losslab/lessons" || bad "man page paths"
fi
[ -f /usr/share/doc/losslab/lessons.md ] && ok "lessons/README.md installed as /usr/share/doc/losslab/lessons.md" ||
    bad "doc"

if DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq losslab > "$T/remove.log" 2>&1; then
    ok "apt-get remove losslab"
else
    bad "apt-get remove losslab"; cat "$T/remove.log"
fi
left=$(while read -r f; do [ -e "$f" ] && echo "$f"; done < "$T/files")
[ -z "$left" ] && ok "no file of the package is left" || bad "left behind: $left"
for d in /usr/share/losslab /usr/share/doc/losslab; do
    [ -e "$d" ] && bad "$d still exists" || ok "$d is gone"
done
st=$(dpkg-query -W -f='${Status}' losslab 2>/dev/null)
case $st in ""|*not-installed*|*config-files*) ok "dpkg status after remove: '${st:-unknown}'" ;; *) bad "dpkg status: $st" ;; esac

if ! command -v lintian >/dev/null 2>&1; then
    echo "deb-check: installing lintian"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq lintian > /dev/null 2>&1 || true
fi
if command -v lintian >/dev/null 2>&1; then
    lintian -EvIL +pedantic "$DEB" > "$T/lintian" 2>/dev/null
    grep -v '^N:' "$T/lintian" | sed 's/^/     lintian: /'
    grep -q '^E:' "$T/lintian" && bad "lintian reports errors" || ok "lintian: no errors"
else
    bad "lintian could not be installed"
fi
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
