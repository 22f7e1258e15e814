#!/bin/sh
# End-to-end: examples/pytorch_setups.py (real PyTorch) against losslab on the same exported data.
# For each of the five set-ups, the qualitative outcome must agree: learns, collapsed to class k,
# or frozen (same rules on both sides: frozen = no weight moved / gradient exactly 0; collapsed-k
# = >= 99% of validation predictions class k; learns = validation accuracy above the majority
# share by 2 points).
# Python: $LOSSLAB_PYTHON if set (e.g. a venv with torch), else /usr/bin/python3. Without torch
# this prints "skipped: no torch" and counts nothing: a note, not a pass.
# Usage: LOSSLAB=path/to/losslab [LOSSLAB_PYTHON=python] sh tests/e2e_examples.sh
set -u
BIN=${LOSSLAB:-./losslab}
PY=${LOSSLAB_PYTHON:-/usr/bin/python3}
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
if ! "$PY" -c 'import torch, numpy' >/dev/null 2>&1; then
    echo "note: skipped: no torch ($PY cannot import torch and numpy; set LOSSLAB_PYTHON to a python that can)"
    exit 0
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
ALL=bce,cce1,cce1-frozen,cce1-textbook,cce2
N=3000; EPOCHS=6
"$BIN" --export "$T/data.csv" --n $N
check "losslab --export writes the data ($N rows + header)" "[ \$(wc -l < '$T/data.csv') -eq $((N + 1)) ]"
"$BIN" --headless --data "$T/data.csv" --timesteps 5 --epochs $EPOCHS --models $ALL > "$T/losslab.csv"
check "losslab trains on the exported data" "[ \$? -eq 0 ]"
"$PY" "$HERE/../examples/pytorch_setups.py" "$T/data.csv" --epochs $EPOCHS --models $ALL > "$T/torch.txt" 2> "$T/torch.err"
check "examples/pytorch_setups.py runs" "[ \$? -eq 0 ]" || cat "$T/torch.err"
sed 's/^/     torch: /' "$T/torch.txt"
# losslab's outcome per set-up from its last evaluation row, by the same rules
awk -F, -v e=$EPOCHS -v data="$T/data.csv" '
    BEGIN { n = 0; while ((getline line < data) > 0) { if (n++ == 0) continue; k = split(line, a, ","); lab[n - 1] = a[k] }
            rows = n - 1; nval = int(rows * 0.1 + 0.5); ones = 0
            for (i = rows - nval + 1; i <= rows; i++) ones += lab[i]
            base = ones / nval; if (1 - base > base) base = 1 - base }
    NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    $1 == e { m = $3; acc = $col["val_acc"]; p1 = $col["val_pred1"]; g = $col["grad_norm"]
              w = (g + 0 == 0) ? "frozen" : (p1 <= 0.01) ? "collapsed-0" : (p1 >= 0.99) ? "collapsed-1" : (acc > base + 0.02) ? "learns" : "base-rate"
              printf "outcome %-13s %-11s val_acc=%.4f val_pred1=%.4f\n", m, w, acc, p1 }' "$T/losslab.csv" > "$T/ll.txt"
sed 's/^/     losslab: /' "$T/ll.txt"
want() { awk -v m="$2" '$2 == m { print $3 }' "$1"; }
for m in bce cce1 cce1-frozen cce1-textbook cce2; do
    a=$(want "$T/ll.txt" $m); b=$(want "$T/torch.txt" $m)
    check "$m: losslab '$a' = PyTorch '$b'" "[ -n '$a' ] && [ '$a' = '$b' ]"
done
# and what the set-ups are known to do, so that agreeing on a wrong outcome cannot pass
check "bce learns in PyTorch" "[ \"\$(want '$T/torch.txt' bce)\" = learns ]"
check "cce1 collapses to class 0 in PyTorch" "[ \"\$(want '$T/torch.txt' cce1)\" = collapsed-0 ]"
check "cce1-frozen is frozen in PyTorch" "[ \"\$(want '$T/torch.txt' cce1-frozen)\" = frozen ]"
check "cce1-textbook collapses to class 1 in PyTorch" "[ \"\$(want '$T/torch.txt' cce1-textbook)\" = collapsed-1 ]"
check "cce2 learns in PyTorch" "[ \"\$(want '$T/torch.txt' cce2)\" = learns ]"
finish e2e_examples
