#!/bin/sh
# Writes the man page's DIAGNOSIS list (roff) from the diagnoses `losslab --help` prints, which
# come from the diagnose table (src/train/diagnose.c), so the man page never lists them by hand.
# Usage: tools/gen_man_diagnoses.sh LOSSLAB > section.roff
# `make man` splices it into losslab.1 between the BEGIN/END DIAGNOSES markers; `make test`
# checks that the committed page is up to date (tests/e2e_structure.sh).
set -eu
"$1" --help | awk '
function esc(s) { gsub(/\\/, "\\e", s); gsub(/-/, "\\-", s); sub(/^\./, "\\\\\\&.", s); return s }
/^Diagnoses on the cards/ { on = 1; next }
on && /^  [A-Z]/ {
    word = $1; sub(/^  [^ ]+ +/, ""); print ".TP"; printf ".B %s\n%s\n", esc(word), esc($0)
}
on && /^$/ { on = 0 }'
