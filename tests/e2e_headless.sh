#!/bin/sh
# End-to-end: the headless runner on small data. Asserts the outcomes docs/semantics.md gives for
# every set-up, byte-identical CSV across thread counts, and one-line errors with exit 2.
# Usage: LOSSLAB=path/to/losslab sh tests/e2e_headless.sh
set -u
BIN=${LOSSLAB:-./losslab}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/lib.sh"

ALL=bce,cce1,cce1-frozen,cce1-textbook,cce2
OPTS="--n 3000 --epochs 8 --models $ALL"
"$BIN" --headless $OPTS --threads 2 > "$T/a.csv" 2> "$T/err"
check "headless run exits 0" "[ $? -eq 0 ]"
check "header is exact" "[ \"\$(head -1 $T/a.csv)\" = 'epoch,step,model,loss,acc,val_loss,val_acc,val_pred1,val_logloss,grad_norm,val_true_acc' ]"
check "one row per set-up per epoch (9 x 5 + header)" "[ \$(wc -l < $T/a.csv) -eq 46 ]"

# field lookup: value of column C for model M at the last epoch (8) or at epoch 0
f() { awk -F, -v m="$1" -v e="$2" -v c="$3" 'NR==1{for(i=1;i<=NF;i++) col[$i]=i; next} $1==e && $3==m {print $col[c]}' "$T/a.csv"; }
# numeric comparisons via awk
cmp_() { awk -v a="$1" -v b="$3" "BEGIN{exit !(a $2 b)}"; }

ones=$(f cce1-textbook 8 val_acc)        # collapsed to class 1: accuracy = share of ones
zeros=$(f cce1 8 val_acc)                # collapsed to class 0: accuracy = share of zeros
check "bce learns: val_acc > 0.93 ($(f bce 8 val_acc))" "cmp_ $(f bce 8 val_acc) '>' 0.93"
check "cce2 learns: val_acc > 0.93 ($(f cce2 8 val_acc))" "cmp_ $(f cce2 8 val_acc) '>' 0.93"
check "cce1 reports loss exactly 0" "[ \"$(f cce1 8 loss)\" = 0 ] && [ \"$(f cce1 8 val_loss)\" = 0 ]"
check "cce1 predicts class 0 only" "[ \"$(f cce1 8 val_pred1)\" = 0 ]"
check "cce1 accuracy = share of zeros ($zeros + $ones = 1)" "cmp_ \$(awk -v a=$zeros -v b=$ones 'BEGIN{d=a+b-1; print (d<0?-d:d)}') '<' 1e-9"
check "cce1 true log-loss is bad (> 5)" "cmp_ $(f cce1 8 val_logloss) '>' 5"
check "cce1-textbook predicts class 1 only" "[ \"$(f cce1-textbook 8 val_pred1)\" = 1 ]"
check "cce1-frozen has zero gradient" "[ \"$(f cce1-frozen 8 grad_norm)\" = 0 ]"
check "cce1-frozen keeps its initial predictions" "[ \"$(f cce1-frozen 8 val_pred1)\" = \"$(f cce1-frozen 0 val_pred1)\" ] && [ \"$(f cce1-frozen 8 val_acc)\" = \"$(f cce1-frozen 0 val_acc)\" ]"
check "cce1-frozen reports loss y*1.19e-7 (mean ~8.8e-08)" "cmp_ $(f cce1-frozen 8 loss) '>' 8e-08 && cmp_ $(f cce1-frozen 8 loss) '<' 1e-07"
check "trunks identical at init: bce and cce1 predict the same at epoch 0" "[ \"$(f bce 0 val_pred1)\" = \"$(f cce1 0 val_pred1)\" ]"

# determinism
"$BIN" --headless $OPTS --threads 1 > "$T/t1.csv" 2>/dev/null
"$BIN" --headless $OPTS --threads 3 > "$T/t3.csv" 2>/dev/null
check "byte-identical CSV with 1, 2 and 3 threads" "cmp -s $T/a.csv $T/t1.csv && cmp -s $T/a.csv $T/t3.csv"
"$BIN" --headless --n 2000 --epochs 2 --models bce --threads 1 --eval-every 7 > "$T/e1.csv" 2>/dev/null
"$BIN" --headless --n 2000 --epochs 2 --models bce --threads 2 --eval-every 7 > "$T/e2.csv" 2>/dev/null
check "byte-identical with --eval-every and a gemm pool (1 set-up, 2 threads)" "cmp -s $T/e1.csv $T/e2.csv"
check "--eval-every 7 adds mid-epoch rows" "[ \$(wc -l < $T/e1.csv) -gt 10 ]"
"$BIN" --headless --n 2000 --epochs 2 --models bce --csv "$T/out.csv" > "$T/stdout" 2>/dev/null
"$BIN" --headless --n 2000 --epochs 2 --models bce > "$T/direct.csv" 2>/dev/null
check "--csv FILE writes what stdout would" "cmp -s $T/out.csv $T/direct.csv && [ ! -s $T/stdout ]"

# bad input: exit 2, exactly one line on stderr naming the option, nothing on stdout
badrun() {  # name, expected substring, args...
    name=$1; want=$2; shift 2
    "$BIN" "$@" > "$T/o" 2> "$T/e"; rc=$?
    n=$(wc -l < "$T/e")
    if [ $rc -eq 2 ] && [ "$n" -eq 1 ] && grep -q -- "$want" "$T/e" && [ ! -s "$T/o" ]; then ok "$name"
    else bad "$name (rc=$rc, lines=$n: $(head -c 200 "$T/e"))"; fi
}
badrun "--epochs 0" "--epochs" --headless --epochs 0
badrun "--epochs abc" "--epochs" --headless --epochs abc
badrun "--pos 1" "--pos" --headless --pos 1
badrun "--noise 0.5" "--noise" --headless --noise 0.5
badrun "--val 0" "--val" --headless --val 0
badrun "--lr -1" "--lr" --headless --lr -1
badrun "--models unknown lists the ids" "cce1-textbook" --headless --models bce,nope
badrun "--models repeated" "twice" --headless --models bce,bce
badrun "--recurrent relu" "--recurrent" --headless --recurrent relu
badrun "--encoding x" "--encoding" --headless --encoding x
badrun "--threads 0" "--threads" --headless --threads 0
badrun "--seed -3" "--seed" --headless --seed -3
badrun "unknown option" "--bogus" --headless --bogus
badrun "missing value" "--epochs" --headless --epochs
badrun "unknown command" "frobnicate" frobnicate
badrun "--csv to an unwritable path fails before training" "--csv" --headless --csv /nonexistent/dir/x.csv
badrun "--data missing file" "nope.csv" --headless --data "$T/nope.csv"
printf 'a,b\n1,2\n' > "$T/bad.csv"
badrun "--data with a bad row names file:line:column" "bad.csv:" --headless --data "$T/bad.csv" --timesteps 1
badrun "--seconds outside bench" "--seconds" --headless --seconds 2

finish
