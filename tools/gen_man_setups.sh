#!/bin/sh
# Writes the man page's SET-UPS list (roff) from `losslab setups`, the set-up table itself, so the
# man page never lists set-ups by hand. Usage: tools/gen_man_setups.sh LOSSLAB > section.roff
# `make man` splices it into losslab.1 between the BEGIN/END SET-UPS markers; `make test` checks
# that the committed page is up to date (tests/e2e_docs.sh).
set -eu
"$1" setups | awk -F '\t' '
function esc(s) { gsub(/\\/, "\\e", s); gsub(/-/, "\\-", s); sub(/^\./, "\\\\\\&.", s); sub(/^'"'"'/, "\\\\\\&'"'"'", s); return s }
NR == 1 { next }
{
    print ".TP"
    printf ".B %s\n", esc($2)
    printf "%s + %s (key %s; K = %s). %s\n", esc($4), esc($5), $1, $3, esc($7)
    printf "Computed this way by: %s.\n", esc($6)
    printf "Outcome: %s\n", esc($8)
}'
