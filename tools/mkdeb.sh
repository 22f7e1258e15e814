#!/bin/sh
# make deb: turns an installed tree (make install DESTDIR=ROOT PREFIX=/usr) into
# OUTDIR/losslab_VERSION_ARCH.deb with dpkg-deb: binary stripped, man page and the Debian
# changelog gzip'd (-9n), the copyright file, md5sums, Depends computed by dpkg-shlibdeps from the
# libraries the binary links (ncursesw, tinfo, libc). Files owned by root, timestamps from
# SOURCE_DATE_EPOCH (the last commit's time when unset), so the same tree gives the same package.
# Usage: sh tools/mkdeb.sh ROOT OUTDIR          (the maintainer field: LOSSLAB_MAINTAINER)
set -eu
ROOT=$1; OUT=$2
SRC=$(cd "$(dirname "$0")/.." && pwd)
PKG=$SRC/packaging/deb
upstream=$(sed -n 's/^#define LOSSLAB_VERSION "\(.*\)"/\1/p' "$SRC/src/main.c")
[ -n "$upstream" ] || { echo "mkdeb: no LOSSLAB_VERSION in src/main.c" >&2; exit 1; }
VERSION=$upstream-1
ARCH=$(dpkg --print-architecture)
MAINT=${LOSSLAB_MAINTAINER:-losslab maintainers <maintainers@losslab.invalid>}
COMMIT=$(git -C "$SRC" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
    SOURCE_DATE_EPOCH=$(git -C "$SRC" log -1 --format=%ct 2>/dev/null || date +%s)
fi
export SOURCE_DATE_EPOCH
DATE=$(LC_ALL=C date -u -R -d "@$SOURCE_DATE_EPOCH")
DOC=$ROOT/usr/share/doc/losslab
[ -x "$ROOT/usr/bin/losslab" ] || { echo "mkdeb: $ROOT/usr/bin/losslab missing (run make install DESTDIR=$ROOT PREFIX=/usr)" >&2; exit 1; }

strip --strip-unneeded --remove-section=.comment --remove-section=.note "$ROOT/usr/bin/losslab"
gzip -9nf "$ROOT/usr/share/man/man1/losslab.1"
install -m 644 "$PKG/copyright" "$DOC/copyright"
sed -e "s|@VERSION@|$VERSION|" -e "s|@COMMIT@|$COMMIT|" -e "s|@MAINTAINER@|$MAINT|" \
    -e "s|@DATE@|$DATE|" "$PKG/changelog.in" | gzip -9n > "$DOC/changelog.Debian.gz"
chmod 644 "$DOC/changelog.Debian.gz"

# Depends: dpkg-shlibdeps wants a debian/control beside it; give it a minimal one elsewhere.
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/debian"
printf 'Source: losslab\n\nPackage: losslab\nArchitecture: any\n' > "$T/debian/control"
BIN=$(cd "$ROOT/usr/bin" && pwd)/losslab
DEPENDS=$(cd "$T" && dpkg-shlibdeps -O "$BIN" 2>/dev/null | sed -n 's/^shlibs:Depends=//p') || DEPENDS=""
if [ -z "$DEPENDS" ]; then     # dpkg-shlibdeps missing or failed: the libraries it links, by hand
    DEPENDS="libc6, libncursesw6, libtinfo6"
    echo "mkdeb: dpkg-shlibdeps gave nothing; Depends: $DEPENDS" >&2
fi

find "$ROOT" -type d -exec chmod 755 {} +
find "$ROOT" -type f ! -path "$ROOT/usr/bin/*" -exec chmod 644 {} +
mkdir -p "$ROOT/DEBIAN"
(cd "$ROOT" && find usr -type f | LC_ALL=C sort | xargs md5sum > DEBIAN/md5sums)
chmod 644 "$ROOT/DEBIAN/md5sums"
SIZE=$(du -k -s --apparent-size --exclude=DEBIAN "$ROOT" | cut -f1)
sed -e "s|@VERSION@|$VERSION|" -e "s|@ARCH@|$ARCH|" -e "s|@MAINTAINER@|$MAINT|" \
    -e "s|@SIZE@|$SIZE|" -e "s|@DEPENDS@|$DEPENDS|" "$PKG/control.in" > "$ROOT/DEBIAN/control"
chmod 644 "$ROOT/DEBIAN/control"
find "$ROOT" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
mkdir -p "$OUT"
DEB=$OUT/losslab_${VERSION}_$ARCH.deb
dpkg-deb --root-owner-group -Zxz --build "$ROOT" "$DEB" >/dev/null
echo "make deb: $DEB (Depends: $DEPENDS)"
