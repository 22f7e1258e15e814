#!/usr/bin/env python3
"""keras_setups.py -- losslab's five set-ups in Keras 3 (or tf.keras), on data losslab exported.

    losslab --export data.csv
    python3 examples/keras_setups.py data.csv                         # TensorFlow backend
    KERAS_BACKEND=jax python3 examples/keras_setups.py data.csv       # or jax / torch

Standard API only: Sequential, LSTM(recurrent_activation='hard_sigmoid'), Dense, compile with the
loss string, fit(validation_split=0.1). The CSV is what `losslab --export` writes (a header; per
row T*F features, time step by time step, then the 0/1 label). Model: LSTM(32) -> Dense(16) ->
head, Adam(1e-3), batch 32, 20 epochs (losslab's demo preset).

What each set-up should show (losslab's outcomes on the same data):
    bce            Dense(1, sigmoid), loss='binary_crossentropy'        -> learns (~97%)
    cce1           Dense(1, sigmoid), loss='categorical_crossentropy'   -> on the TensorFlow
                   backend (and tf.keras >= 2.4): the loss is the softmax cross-entropy of the
                   logit the sigmoid cached, reported as exactly 0, with gradient 1 - y into the
                   logit: every prediction becomes class 0, accuracy = share of zeros (~25%).
                   On the JAX and PyTorch backends the same line computes cce1-frozen instead.
    cce1-frozen    what Keras 3 on JAX/PyTorch (and TF 2.2-2.3, TF.js) compute for that line:
                   p / sum(p) = 1, clipped to 1 - 1e-7; loss y * 1.19e-7; gradient exactly 0
                   -> the weights never move. Written here as that formula with keras.ops, so it
                   shows on every backend.
    cce1-textbook  -y log(p) with p clipped to [1e-7, 1 - 1e-7] (the usual answer's formula)
                   -> every prediction class 1, accuracy = share of ones (~75%).
    cce2           Dense(2, softmax), loss='categorical_crossentropy', one-hot labels -> learns.
Keras 3's 'hard_sigmoid' is clip(x/6 + 1/2, 0, 1); Keras 2's (and losslab's) was
clip(0.2x + 0.5, 0, 1). The outcomes do not depend on it.

Output: one line per set-up, `outcome SETUP OUTCOME val_acc=A val_pred1=P`, by losslab's rules
(frozen = no weight changed; collapsed-k = >= 99% of validation predictions class k; learns = the
validation accuracy beats the majority class's share by 2 points).

Run here (2026-11-30, Keras 3.15.1, tensorflow-cpu 2.21.0 / torch 2.13.0, CPU), on
`losslab --export data.csv --n 3000` with --epochs 8:
    backend tensorflow:
        outcome bce           learns      val_acc=0.9567 val_pred1=0.7200
        outcome cce1          collapsed-0 val_acc=0.2500 val_pred1=0.0000
        outcome cce1-frozen   frozen      val_acc=0.2500 val_pred1=0.0000
        outcome cce1-textbook collapsed-1 val_acc=0.7500 val_pred1=1.0000
        outcome cce2          learns      val_acc=0.9700 val_pred1=0.7467
    KERAS_BACKEND=torch (--models cce1,bce):
        outcome cce1          frozen      val_acc=0.7500 val_pred1=1.0000
        outcome bce           learns      val_acc=0.9667 val_pred1=0.7633
losslab on the same data and epochs: learns, collapsed-0, frozen, collapsed-1, learns. Keras
warns (SyntaxWarning) that categorical_crossentropy got one output unit, and trains anyway.
A frozen model keeps whatever its initial weights predict (all class 0 or all class 1 above).
"""
import argparse
import sys

import numpy as np

import keras
from keras import layers, ops

SETUPS = ["bce", "cce1", "cce1-frozen", "cce1-textbook", "cce2"]
EPS = 1e-7


def cce1_frozen(y_true, y_pred):
    q = ops.clip(y_pred / ops.sum(y_pred, axis=-1, keepdims=True), EPS, 1.0 - EPS)
    return -ops.sum(y_true * ops.log(q), axis=-1)


def cce1_textbook(y_true, y_pred):
    return -ops.sum(y_true * ops.log(ops.clip(y_pred, EPS, 1.0 - EPS)), axis=-1)


LOSS = {"bce": "binary_crossentropy", "cce1": "categorical_crossentropy",
        "cce1-frozen": cce1_frozen, "cce1-textbook": cce1_textbook,
        "cce2": "categorical_crossentropy"}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("csv")
    ap.add_argument("--timesteps", type=int, default=5)
    ap.add_argument("--models", default=",".join(SETUPS))
    ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--hidden", type=int, default=32)
    ap.add_argument("--seed", type=int, default=42)
    a = ap.parse_args()

    data = np.loadtxt(a.csv, delimiter=",", skiprows=1, dtype=np.float32, ndmin=2)
    n, cols = data.shape
    x = data[:, :-1].reshape(n, a.timesteps, (cols - 1) // a.timesteps)
    y = data[:, -1].astype(np.int64)
    nval = int(round(n * 0.1))              # what validation_split=0.1 holds out: the last rows
    yv = y[-nval:]
    base = max(yv.mean(), 1 - yv.mean())
    print("keras %s, backend %s; %d rows, validation share of ones %.3f"
          % (keras.__version__, keras.backend.backend(), n, yv.mean()))
    for setup in a.models.split(","):
        keras.utils.set_random_seed(a.seed)
        two = setup == "cce2"
        model = keras.Sequential([
            keras.Input(shape=x.shape[1:]),
            layers.LSTM(a.hidden, recurrent_activation="hard_sigmoid"),
            layers.Dense(16),
            layers.Dense(2 if two else 1, activation="softmax" if two else "sigmoid"),
        ])
        model.compile(optimizer=keras.optimizers.Adam(1e-3), loss=LOSS[setup], metrics=["accuracy"])
        before = [w.copy() for w in model.get_weights()]
        target = keras.utils.to_categorical(y, 2) if two else y.reshape(-1, 1).astype(np.float32)
        model.fit(x, target, batch_size=32, epochs=a.epochs, validation_split=0.1, verbose=0)
        frozen = all(np.array_equal(w0, w) for w0, w in zip(before, model.get_weights()))
        p = model.predict(x[-nval:], verbose=0)
        pred = p.argmax(axis=1) if two else (p[:, 0] > 0.5).astype(np.int64)
        acc, pred1 = float((pred == yv).mean()), float(pred.mean())
        word = ("frozen" if frozen else "collapsed-0" if pred1 <= 0.01 else
                "collapsed-1" if pred1 >= 0.99 else "learns" if acc > base + 0.02 else "base-rate")
        print("outcome %-13s %-11s val_acc=%.4f val_pred1=%.4f" % (setup, word, acc, pred1))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
