#!/bin/sh
# End-to-end checks of the structure: everything that lists set-ups or options derives from their
# tables (the man page's SET-UPS list, --help), K classes work headless, and cce at K = 2 is cce2.
# Usage: LOSSLAB=path/to/losslab sh tests/e2e_structure.sh (from the repository root)
set -u
BIN=${LOSSLAB:-./losslab}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/.." && pwd)

# ---- one table per concept --------------------------------------------------------------------
"$BIN" setups > "$T/setups.tsv"; rc=$?
check "losslab setups exits 0 and prints a header and a row per set-up" "[ $rc -eq 0 ] && [ \$(wc -l < $T/setups.tsv) -ge 7 ]"
sh "$ROOT/tools/gen_man_setups.sh" "$BIN" > "$T/gen.roff"
awk '/^\.\\" BEGIN SET-UPS/ {on = 1; next} /^\.\\" END SET-UPS/ {on = 0} on' "$ROOT/losslab.1" > "$T/man.roff"
check "the man page's SET-UPS list is the set-up table (make man regenerates it)" "cmp -s $T/gen.roff $T/man.roff"
sh "$ROOT/tools/gen_man_diagnoses.sh" "$BIN" > "$T/gend.roff"
awk '/^\.\\" BEGIN DIAGNOSES/ {on = 1; next} /^\.\\" END DIAGNOSES/ {on = 0} on' "$ROOT/losslab.1" > "$T/mand.roff"
check "the man page's DIAGNOSIS list is the diagnose table (make man regenerates it)" \
    "[ \$(grep -c '^\.TP' $T/gend.roff) -ge 10 ] && cmp -s $T/gend.roff $T/mand.roff"
"$BIN" --help > "$T/help" 2>&1
missing=""
for id in $(tail -n +2 "$T/setups.tsv" | cut -f2); do grep -q "^  . $id " "$T/help" || missing="$missing $id"; done
check "--help lists every set-up with its key${missing:+ (missing:$missing)}" "[ -z '$missing' ]"
undoc=""
sed 's/\\-/-/g' "$ROOT/losslab.1" > "$T/man.txt"
for o in $(grep -o -- '--[a-z][a-z-]*' "$T/help" | sort -u); do
    grep -q -- "$o" "$T/man.txt" || undoc="$undoc $o"
done
check "the man page documents every option --help lists${undoc:+ (missing:$undoc)}" "[ -z '$undoc' ]"
# the words a lesson may name (its parser lists them from the table) are the words --help explains
printf 'title x\nset models bce\nreset\ntrain 1 steps\nexpect bce diag == BOGUS\n' > "$T/w.lesson"
"$BIN" lesson "$T/w.lesson" --headless 2> "$T/w.err" > /dev/null
words=$(sed -n 's/.*unknown diagnosis .BOGUS. (\(.*\))$/\1/p' "$T/w.err" | tr ' ' '\n' | grep -v -- '-[0-9]*$' | grep -v '^\.\.\.$')
nwords=$(echo $words | wc -w); unexplained=""
for w in $words COLLAPSED-k; do grep -q "^  $w  " "$T/help" || unexplained="$unexplained $w"; done
check "--help explains every diagnosis word ($nwords + COLLAPSED-k)${unexplained:+ (missing:$unexplained)}" \
    "[ $nwords -ge 9 ] && [ -z '$unexplained' ]"

# ---- self-contained: nothing refers to files outside the repository --------------------------
outside=$(cd "$ROOT" && grep -rIl --exclude-dir=.git --exclude-dir=build -e '\.\./shared' -e 'research/[a-z-]*\.md' -e 'DESIGN\.md' . 2>/dev/null | grep -v '^./tests/e2e_structure.sh$' | tr '\n' ' ')
check "no tracked file refers to the research notes outside the repository${outside:+ ($outside)}" "[ -z '$outside' ]"
check "docs/semantics.md covers every set-up of the table" "( for id in \$(tail -n +2 $T/setups.tsv | cut -f2); do grep -q -- \"\\\`\$id\\\`\" $ROOT/docs/semantics.md || exit 1; done )"

# ---- K = 2: cce is cce2, bit for bit ------------------------------------------------------------
"$BIN" --headless --n 1500 --epochs 2 --eval-every 10 --models cce2,cce > "$T/k2.csv"
a=$(awk -F, '$3=="cce2"{$3="x"; print}' "$T/k2.csv" | md5sum)
b=$(awk -F, '$3=="cce"{$3="x"; print}' "$T/k2.csv" | md5sum)
check "cce at K = 2 prints exactly cce2's numbers" "[ '$a' = '$b' ] && [ \$(grep -c ',cce,' $T/k2.csv) -gt 5 ]"
check "the K = 2 header: the ten columns it always had, then val_true_acc" "[ \"\$(head -1 $T/k2.csv)\" = 'epoch,step,model,loss,acc,val_loss,val_acc,val_pred1,val_logloss,grad_norm,val_true_acc' ]"

# ---- K = 4 ------------------------------------------------------------------------------------
"$BIN" --headless --classes 4 --models cce --epochs 10 --threads 1 > "$T/k4a.csv"; rc=$?
"$BIN" --headless --classes 4 --models cce --epochs 10 --threads 2 > "$T/k4b.csv"
check "--classes 4 --models cce runs (exit $rc)" "[ $rc -eq 0 ]"
check "K = 4 adds one predicted-share column per class" "[ \"\$(head -1 $T/k4a.csv)\" = 'epoch,step,model,loss,acc,val_loss,val_acc,val_pred1,val_logloss,grad_norm,val_true_acc,val_pred_0,val_pred_1,val_pred_2,val_pred_3' ]"
acc=$(tail -1 "$T/k4a.csv" | cut -d, -f7)
check "K = 4 cce learns well above the majority-class rate (val_acc $acc > 0.40 + 0.3)" "awk -v a=$acc 'BEGIN{exit !(a > 0.70)}'"
check "K = 4 is byte-identical at 1 and 2 threads" "cmp -s $T/k4a.csv $T/k4b.csv"
check "K = 4 predicted shares sum to 1" "tail -1 $T/k4a.csv | awk -F, '{s=\$12+\$13+\$14+\$15; exit !(s > 0.9999 && s < 1.0001)}'"
"$BIN" --headless --classes 3 --epochs 1 --n 600 > "$T/k3.csv" 2> "$T/k3.err"; rc=$?
check "--classes 3 without --models trains the K-class line-up" "[ $rc -eq 0 ] && grep -q ',cce,' $T/k3.csv && ! grep -q ',bce,' $T/k3.csv"

# a K = 3 CSV: K inferred from the labels; --classes 2 refuses it at file:line:column
"$BIN" --export "$T/k3data.csv" --classes 3 --n 300
check "--export writes class labels 0..2" "tail -n +2 $T/k3data.csv | awk -F, '{print \$NF}' | sort -u | tr '\n' ' ' | grep -qx '0 1 2 '"
"$BIN" --headless --data "$T/k3data.csv" --epochs 1 > "$T/k3csv.csv" 2>&1; rc=$?
check "a K = 3 CSV trains cce with K inferred" "[ $rc -eq 0 ] && grep -q 'val_pred_2' $T/k3csv.csv"
"$BIN" --headless --data "$T/k3data.csv" --classes 2 --epochs 1 > "$T/o" 2> "$T/e"; rc=$?
where=$(awk -F, 'NR>1 && $NF==2 {print NR ":" length($0); exit}' "$T/k3data.csv")
check "--classes 2 on K = 3 data: file:line:column ($where), exit 2" "[ $rc -eq 2 ] && grep -q \"k3data.csv:$where: label '2'; expected a class 0 to 1 (--classes 2)\$\" $T/e && [ \$(wc -l < $T/e) -eq 1 ] && [ ! -s $T/o ]"
"$BIN" --headless --data "$T/k3data.csv" --models bce --epochs 1 > "$T/o" 2> "$T/e"; rc=$?
check "a binary-only set-up on K = 3 data is refused by name" "[ $rc -eq 2 ] && grep -q \"set-up 'bce' is binary-only\" $T/e && [ ! -s $T/o ]"

finish e2e_structure
