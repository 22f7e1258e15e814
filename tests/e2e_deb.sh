#!/bin/sh
# End-to-end: `make deb` and the package it builds, without installing it (no root, no change
# to the system): its control fields (Depends on the ncurses runtime), its files (binary, lessons,
# man page gzip'd, docs with copyright and changelog.Debian.gz), and the packaged binary itself,
# unpacked into a temporary directory and run (--version, a headless run, its lessons found).
# The real install and removal with apt-get, and lintian: `make deb-check` (root; see Makefile).
# Skipped with a note where dpkg-deb is missing (not a Debian system).
# Usage: sh tests/e2e_deb.sh        (from the repository root; make test runs it)
set -u
. "$(dirname "$0")/lib.sh"
if ! command -v dpkg-deb >/dev/null 2>&1; then
    echo "note: dpkg-deb is not installed: the .deb test is skipped"; exit 0
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
rm -f build/losslab_*.deb
${MAKE:-make} --no-print-directory deb > "$T/make.log" 2>&1
check "make deb exits 0" "[ $? -eq 0 ]" || tail -20 "$T/make.log"
DEB=$(ls build/losslab_*.deb 2>/dev/null | head -1)
check "make deb wrote build/losslab_VERSION_ARCH.deb" "[ -n '$DEB' ] && [ -s '$DEB' ]"
[ -n "$DEB" ] || { finish e2e_deb; exit 1; }
field() { dpkg-deb -f "$DEB" "$1"; }
check "Package: losslab" "[ \"\$(field Package)\" = losslab ]"
check "Version is LOSSLAB_VERSION-1" "[ \"\$(field Version)\" = \"\$(sed -n 's/^#define LOSSLAB_VERSION \"\\(.*\\)\"/\\1/p' src/main.c)-1\" ]"
check "Architecture is this machine's" "[ \"\$(field Architecture)\" = \"\$(dpkg --print-architecture)\" ]"
check "Depends names the ncurses runtime (libncursesw6, libtinfo6) and libc6" \
    "field Depends | grep -q 'libncursesw6' && field Depends | grep -q 'libtinfo6' && field Depends | grep -q 'libc6'"
check "Installed-Size is set" "[ \"\$(field Installed-Size)\" -gt 100 ]"
dpkg-deb -c "$DEB" | awk '{print $1, $2, $NF}' > "$T/list"
has() { grep -q " \./$1\$" "$T/list"; }
for f in usr/bin/losslab usr/share/man/man1/losslab.1.gz usr/share/doc/losslab/copyright \
         usr/share/doc/losslab/changelog.Debian.gz usr/share/doc/losslab/lessons.md \
         usr/share/doc/losslab/README.md; do
    check "the package holds /$f" "has $f"
done
nl=$(grep -c '\./usr/share/losslab/lessons/.*\.lesson$' "$T/list")
check "the package holds every lesson ($nl of $(ls lessons/*.lesson | wc -l))" "[ $nl -eq $(ls lessons/*.lesson | wc -l) ]"
check "every file is owned by root" "! awk '\$2 != \"root/root\"' '$T/list' | grep -q ."
check "the binary is executable (755), the other files 644" \
    "grep -q '^-rwxr-xr-x .* \./usr/bin/losslab' '$T/list' && ! grep '^-' '$T/list' | grep -v usr/bin/ | grep -qv '^-rw-r--r--'"

dpkg-deb -x "$DEB" "$T/root"
B=$T/root/usr/bin/losslab
check "the packaged binary is stripped" "! file '$B' 2>/dev/null | grep -q 'not stripped'"
check "the packaged binary runs: --version names its kernels" "'$B' --version | grep -q '^kernels: '"
(cd "$T" && "$B" --headless --n 300 --epochs 1 --hidden 8 > run.csv)
check "the packaged binary trains headless (header + 2 evaluations x 3 set-ups)" "[ \$(wc -l < '$T/run.csv') -eq 7 ]"
# its data directory is compiled in as /usr/share/losslab: from the unpacked tree, ./lessons works
n=$(cd "$T/root/usr/share/losslab" && ../../bin/losslab lessons | grep -c min)
check "it lists the packaged lessons ($n)" "[ $n -eq $(ls lessons/*.lesson | wc -l) ]"
check "the man page is gzip'd -9n and names /usr/share/losslab" \
    "gzip -dc '$T/root/usr/share/man/man1/losslab.1.gz' | grep -q '/usr/share/losslab/lessons'"
check "the man page no longer names /usr/local" \
    "! gzip -dc '$T/root/usr/share/man/man1/losslab.1.gz' | grep -q '/usr/local'"
check "changelog.Debian.gz opens with this version" \
    "gzip -dc '$T/root/usr/share/doc/losslab/changelog.Debian.gz' | head -1 | grep -q \"(\$(field Version))\""
# the same tree and commit give the same package, bit for bit (SOURCE_DATE_EPOCH)
cp "$DEB" "$T/first.deb"
${MAKE:-make} --no-print-directory deb > /dev/null 2>&1
check "a second make deb gives the identical package" "cmp -s '$T/first.deb' '$DEB'"
finish e2e_deb
