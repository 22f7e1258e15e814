#!/bin/sh
# run.sh -- `make reference`: install the real frameworks (pinned) into virtual environments under
# build/ref/, run the head-level probes and the training runs, and rewrite the fixtures in
# tests/fixtures/reference/. A reference tool: never part of `make test` or CI.
#   sh tools/reference/run.sh [heads|train|seed|all]   (default all)
# Needs python3 (3.11, with venv), node + npm, and the package registries; ./losslab is built first
# by the Makefile target. Heavy steps run under nice -n 10.
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
WHAT=${1:-all}
B=build/ref
FIX=tests/fixtures/reference
LL=${LOSSLAB:-./losslab}
NICE="nice -n 10"
mkdir -p "$B" "$FIX"
T0=$(date +%s)

# name and pinned packages of each environment (torch==2.13.0 is the CPU wheel that lies on disk
# here; a plain 'torch' would pull a CUDA build of several GB)
venv() {
    d="$B/venv-$1"; shift
    if [ ! -f "$d/.ok" ]; then
        rm -rf "$d"
        python3 -m venv "$d"
        $NICE "$d/bin/pip" install -q "$@" > "$d.log" 2>&1 || { echo "reference: pip failed for $d (see $d.log)" >&2; tail -5 "$d.log" >&2; return 1; }
        "$d/bin/pip" freeze > "$d.freeze"
        touch "$d/.ok"
    fi
}

envs() {
    venv tf221 tensorflow-cpu==2.21.0 tf-keras==2.21.0 keras==3.15.1
    # TensorFlow 2.15's own tf.keras (Keras 2.15): the last TF with a bundled Keras 2
    venv tf215 tensorflow-cpu==2.15.1 || echo "reference: TensorFlow 2.15 did not install; its rows are skipped" >&2
    venv k3-jax jax==0.10.2 jaxlib==0.10.2 keras==3.15.1
    venv torch torch==2.13.0 keras==3.15.1
    if [ ! -f "$B/tfjs/.ok" ]; then
        mkdir -p "$B/tfjs"
        (cd "$B/tfjs" && [ -f package.json ] || echo '{"name":"losslab-ref-tfjs","private":true}' > package.json)
        (cd "$B/tfjs" && $NICE npm install --no-audit --no-fund @tensorflow/tfjs@4.22.0 > ../tfjs-npm.log 2>&1)
        touch "$B/tfjs/.ok"
    fi
}

heads() {
    TFPY=$B/venv-tf221/bin/python
    $NICE $TFPY tools/reference/probe_keras.py tfkeras
    $NICE $TFPY tools/reference/probe_keras.py k3-tensorflow
    REF_XLA=1 $NICE $TFPY tools/reference/probe_keras.py tfkeras
    REF_XLA=1 $NICE $TFPY tools/reference/probe_keras.py k3-tensorflow
    [ -f "$B/venv-tf215/.ok" ] && $NICE $B/venv-tf215/bin/python tools/reference/probe_keras.py tf215
    $NICE $B/venv-k3-jax/bin/python tools/reference/probe_keras.py k3-jax
    $NICE $B/venv-torch/bin/python tools/reference/probe_keras.py k3-torch
    $NICE $B/venv-torch/bin/python tools/reference/probe_torch.py
    $NICE node tools/reference/probe_tfjs.mjs
}

DATA2="--n 3000 --seed 42"
DATAK="--classes 4 --n 3000 --seed 42"
train() {
    $LL --export "$B/data2.csv" $DATA2
    $LL --export "$B/datak.csv" $DATAK
    E=${REF_EPOCHS:-10}
    for fl in tfkeras:tf221 k3-tensorflow:tf221 tf215:tf215 k3-jax:k3-jax k3-torch:torch; do
        name=${fl%%:*}; env=${fl#*:}
        [ -f "$B/venv-$env/.ok" ] || continue
        for d in 2 k; do
            if [ $d = 2 ]; then dc="losslab --export FILE $DATA2"; else dc="losslab --export FILE $DATAK"; fi
            $NICE $B/venv-$env/bin/python tools/reference/train_keras.py $name "$B/data$d.csv" \
                "$FIX/train-$name-$d.txt" --epochs "$E" --data-cmd "$dc"
        done
    done
    for d in 2 k; do
        if [ $d = 2 ]; then dc="losslab --export FILE $DATA2"; else dc="losslab --export FILE $DATAK"; fi
        $NICE $B/venv-torch/bin/python tools/reference/train_torch.py "$B/data$d.csv" "$FIX/train-torch-$d.txt" \
            --epochs "$E" --data-cmd "$dc"
        # TF.js's pure JS LSTM is about 10x slower than the others here: fewer epochs
        $NICE node tools/reference/train_tfjs.mjs "$B/data$d.csv" "$FIX/train-tfjs-$d.txt" "${REF_TFJS_EPOCHS:-3}" "$dc"
    done
}

seed() {
    N=${REF_SEED_N:-40000}
    $LL --export "$B/seed.csv" --preset seed --n "$N"
    $NICE $B/venv-tf221/bin/python tools/reference/train_keras.py tfkeras "$B/seed.csv" "$FIX/seed-tf-keras.txt" \
        --seed-case --data-cmd "losslab --export FILE --preset seed --n $N"
    $LL --headless --data "$B/seed.csv" --models bce,cce1 --epochs 1 --preset seed --hidden 256 \
        --csv "$FIX/seed-losslab.csv"
}

envs
case $WHAT in
    heads) heads ;;
    train) train ;;
    seed) seed ;;
    all) heads; train; seed ;;
    *) echo "usage: run.sh [heads|train|seed|all]" >&2; exit 2 ;;
esac
echo "reference: $WHAT done in $(( $(date +%s) - T0 )) s"
