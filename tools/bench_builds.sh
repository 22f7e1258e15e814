#!/bin/sh
# make bench: the default build (one binary, kernels chosen at start-up) against a -march=native
# build, on the same `losslab bench` cases, alternating the two binaries REPS times; each
# line is the best of its runs (the machine is shared: the best is the least disturbed).
# Usage: sh tools/bench_builds.sh DEFAULT_BIN NATIVE_BIN REPS "CASE ARGS" ...
set -u
A=$1; B=$2; REPS=$3; shift 3
echo "default: $A: $($A --version | tail -1)"
echo "native:  $B: $($B --version | tail -1)"
for c in "$@"; do
    best_a=0; best_b=0
    r=0
    while [ $r -lt "$REPS" ]; do
        # shellcheck disable=SC2086
        a=$($A bench $c | sed -n 's/.*total_samples_per_s=\([0-9]*\).*/\1/p')
        # shellcheck disable=SC2086
        b=$($B bench $c | sed -n 's/.*total_samples_per_s=\([0-9]*\).*/\1/p')
        [ "${a:-0}" -gt "$best_a" ] && best_a=$a
        [ "${b:-0}" -gt "$best_b" ] && best_b=$b
        r=$((r + 1))
    done
    awk -v c="$c" -v a="$best_a" -v b="$best_b" 'BEGIN {
        printf "bench %-58s default=%7d native=%7d samples/s  default/native=%.1f%%\n", c, a, b, (b > 0 ? 100 * a / b : 0) }'
done
