#!/bin/sh
# Replaces what lies between the man page's `.\" BEGIN NAME` and `.\" END NAME` lines with a
# generated roff file. Usage: tools/man_splice.sh NAME GENERATED.roff losslab.1
set -eu
awk -v name="$1" -v gen="$2" '
$0 ~ "^\\.\\\\\" BEGIN " name { print; while ((getline l < gen) > 0) print l; skip = 1; next }
$0 ~ "^\\.\\\\\" END " name { skip = 0 }
!skip { print }' "$3" > "$3.new"
mv "$3.new" "$3"
