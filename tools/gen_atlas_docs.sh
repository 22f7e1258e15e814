#!/bin/sh
# Regenerates the atlas's derived documents from the atlas table (src/atlas/atlas.c) through the
# binary: docs/atlas.tsv (`losslab atlas --tsv`) and, in docs/atlas.md, the grid (`losslab atlas`)
# and the per-configuration details (`losslab atlas CONFIG`), between their BEGIN/END markers.
# Usage: tools/gen_atlas_docs.sh LOSSLAB OUTDIR   (writes OUTDIR/atlas.tsv and OUTDIR/atlas.md;
# `make docs` uses OUTDIR = docs, tests/e2e_atlas.sh a temporary directory and compares)
set -eu
BIN=$1; OUT=$2; ROOT=$(cd "$(dirname "$0")/.." && pwd)
"$BIN" atlas --tsv > "$OUT/atlas.tsv.new"
grid=$(mktemp); details=$(mktemp)
{ echo '```'; "$BIN" atlas; echo '```'; } > "$grid"
for c in $(grep -v '^#' "$OUT/atlas.tsv.new" | cut -f1 | uniq); do
    printf '### `%s`\n\n```\n' "$c"; "$BIN" atlas "$c"; printf '```\n\n'
done > "$details"
awk -v grid="$grid" -v details="$details" '
/^<!-- BEGIN ATLAS GRID/    { print; while ((getline l < grid) > 0) print l; skip = 1; next }
/^<!-- BEGIN ATLAS DETAILS/ { print; while ((getline l < details) > 0) print l; skip = 1; next }
/^<!-- END ATLAS/           { skip = 0 }
!skip { print }' "$ROOT/docs/atlas.md" > "$OUT/atlas.md.new"
rm -f "$grid" "$details"
mv "$OUT/atlas.tsv.new" "$OUT/atlas.tsv"
mv "$OUT/atlas.md.new" "$OUT/atlas.md"
