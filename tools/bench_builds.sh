#!/bin/sh
# make bench: the default build (one binary, kernels chosen at start-up) against a -march=native
# build of the same source, alternating the two binaries REPS times per case, best run kept.
# Two measures per case:
#   samples/s   `losslab bench` (training throughput over wall time)
#   cpu s       user+system CPU seconds of a fixed headless training run (the same work every
#               time: on a shared machine this is far steadier than wall time, which counts the
#               time other processes hold the cores)
# Usage: sh tools/bench_builds.sh DEFAULT_BIN NATIVE_BIN REPS "CASE ARGS" ...
set -u
A=$1; B=$2; REPS=$3; shift 3
echo "default: $A: $($A --version | tail -1)"
echo "native:  $B: $($B --version | tail -1)"
# cpu seconds of one run of "$@" (the shell's `times`: children's user + system, before/after)
TM=$(mktemp)
trap 'rm -f "$TM"' EXIT
cpu_of() {
    times > "$TM"; before=$(tail -1 "$TM")
    "$@" > /dev/null 2>&1
    times > "$TM"; after=$(tail -1 "$TM")
    echo "$before" "$after" | awk '
        function s(t) { split(t, p, "m"); sub("s", "", p[2]); return p[1] * 60 + p[2] }
        { printf "%.3f", (s($3) + s($4)) - (s($1) + s($2)) }'
}
for c in "$@"; do
    # the same options as a fixed run: --seconds S -> --headless --n N --epochs 1
    run=$(echo "$c" | sed -e 's/--seconds [0-9.]*//')
    case $c in *"--hidden 256"*) n=3000 ;; *) n=20000 ;; esac
    best_a=0; best_b=0; cpu_a=999999; cpu_b=999999
    r=0
    while [ $r -lt "$REPS" ]; do
        # shellcheck disable=SC2086
        a=$($A bench $c | sed -n 's/.*total_samples_per_s=\([0-9]*\).*/\1/p')
        # shellcheck disable=SC2086
        b=$($B bench $c | sed -n 's/.*total_samples_per_s=\([0-9]*\).*/\1/p')
        [ "${a:-0}" -gt "$best_a" ] && best_a=$a
        [ "${b:-0}" -gt "$best_b" ] && best_b=$b
        # shellcheck disable=SC2086
        ca=$(cpu_of $A --headless $run --n $n --epochs 1)
        # shellcheck disable=SC2086
        cb=$(cpu_of $B --headless $run --n $n --epochs 1)
        cpu_a=$(awk -v x="$ca" -v y="$cpu_a" 'BEGIN { print (x < y ? x : y) }')
        cpu_b=$(awk -v x="$cb" -v y="$cpu_b" 'BEGIN { print (x < y ? x : y) }')
        r=$((r + 1))
    done
    awk -v c="$c" -v a="$best_a" -v b="$best_b" -v ca="$cpu_a" -v cb="$cpu_b" -v n="$n" 'BEGIN {
        printf "bench %s\n  samples/s (wall):        default %7d  native %7d  default/native %5.1f%%\n", c, a, b, (b > 0 ? 100 * a / b : 0)
        printf "  cpu s, --n %-6d 1 epoch: default %7.3f  native %7.3f  default/native speed %5.1f%%\n", n, ca, cb, (ca > 0 ? 100 * cb / ca : 0) }'
done
