"""train_keras.py -- outcome runs in a real Keras on data exported by losslab.

    python train_keras.py FLAVOUR DATA.csv OUT.txt [--hidden H] [--epochs E] [--configs a,b] [--seed S]
    FLAVOUR: tfkeras | tf215 | k3-tensorflow | k3-jax | k3-torch

Model (losslab's shape, smaller): Input(T, F) -> LSTM(H, recurrent_activation='hard_sigmoid')
-> Dense(16) (linear, as losslab) -> the configuration's head; Adam(learning_rate=1e-3), batch 32,
validation_split=0.1 (the last rows), Keras's own initialisers and shuffling (seeded).
Per epoch: the loss and accuracy fit reports, val_loss / val_acc as fit reports them, and the true
validation accuracy and predicted-class shares from predict(). After training: the outcome word
(train_common.py) -- frozen means no weight moved at all.
Also: --seed-case writes the seed's case (LSTM 256, categorical_crossentropy on Dense(1, sigmoid),
one epoch) with the progress lines Keras prints.
"""
import argparse
import contextlib
import io
import os
import sys
import time
import warnings

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
import train_common as tc  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("flavour")
ap.add_argument("data")
ap.add_argument("out")
ap.add_argument("--hidden", type=int, default=32)
ap.add_argument("--epochs", type=int, default=5)
ap.add_argument("--seed", type=int, default=1)
ap.add_argument("--timesteps", type=int, default=5)
ap.add_argument("--configs", default="")
ap.add_argument("--seed-case", action="store_true")
ap.add_argument("--data-cmd", default="")
args = ap.parse_args()

FL = args.flavour
if FL in ("tfkeras", "tf215"):
    if FL == "tfkeras":
        os.environ["TF_USE_LEGACY_KERAS"] = "1"
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import tensorflow as tf
    keras = tf.keras
    if FL == "tfkeras":
        import tf_keras
        header = "tf-keras %s tensorflow %s" % (tf_keras.__version__, tf.__version__)
    else:
        import keras as kp
        header = "tf.keras %s tensorflow %s" % (kp.__version__, tf.__version__)
    FAM = "tfkeras"
    tf.config.threading.set_intra_op_parallelism_threads(1)
    tf.config.threading.set_inter_op_parallelism_threads(1)
else:
    backend = FL.split("-", 1)[1]
    os.environ["KERAS_BACKEND"] = backend
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import keras
    if backend == "tensorflow":
        import tensorflow as tf
        bv = tf.__version__
        tf.config.threading.set_intra_op_parallelism_threads(1)
        tf.config.threading.set_inter_op_parallelism_threads(1)
    elif backend == "jax":
        import jax
        bv = jax.__version__
    else:
        import torch
        torch.set_num_threads(1)
        bv = torch.__version__
    header = "keras %s backend %s %s" % (keras.__version__, backend, bv)
    FAM = "k3tf" if backend == "tensorflow" else "k3other"

CACHED = ("tfkeras", "k3tf")


def S(c, o):
    return c if FAM in CACHED else o


# id, units (1, 2, 'K'), activation, loss (name, kwargs), label format, setup
CONFIGS = [
    ("sigmoid-bce", 1, "sigmoid", ("binary_crossentropy", {}), "float01", "bce"),
    ("sigmoid-cce", 1, "sigmoid", ("categorical_crossentropy", {}), "float01", S("cce1", "cce1-frozen")),
    ("softmax2-cce", 2, "softmax", ("categorical_crossentropy", {}), "onehot", "cce2"),
    ("softmax1-bce", 1, "softmax", ("binary_crossentropy", {}), "float01",
     S("softmax1-bce", "softmax1-bce-frozen")),
    ("softmax1-cce", 1, "softmax", ("categorical_crossentropy", {}), "float01", S("softmax1-cce", "-")),
    ("sigmoid-bce-logits", 1, "sigmoid", ("BinaryCrossentropy", {"from_logits": True}), "float01",
     S("bce", "bce-double")),
    ("linear-bce", 1, None, ("binary_crossentropy", {}), "float01", "bce-raw" if FAM == "tfkeras" else "bce-raw-plain"),
    ("sigmoid-mse", 1, "sigmoid", ("mse", {}), "float01", "mse"),
    ("sigmoid-hinge", 1, "sigmoid", ("hinge", {}), "float01", "hinge"),
    ("sigmoid-scce", 1, "sigmoid", ("sparse_categorical_crossentropy", {}), "int", "-"),
    ("softmax-cce", "K", "softmax", ("categorical_crossentropy", {}), "onehot", "cce"),
    ("softmax-bce", "K", "softmax", ("binary_crossentropy", {}), "onehot", S("softmax-bce", "-")),
    ("sigmoid-cce-k", "K", "sigmoid", ("categorical_crossentropy", {}), "onehot", S("sigmoid-cce", "sigmoid-cce-norm")),
    ("softmax-cce-logits", "K", "softmax", ("CategoricalCrossentropy", {"from_logits": True}), "onehot",
     S("cce", "ce-softmax")),
    ("linear-cce", "K", None, ("categorical_crossentropy", {}), "onehot", "cce-raw"),
]


def make_loss(spec):
    name, kw = spec
    return getattr(keras.losses, name)(**kw) if kw else name


def loss_text(spec):
    name, kw = spec
    return "%s(%s)" % (name, ", ".join("%s=%s" % kv for kv in kw.items())) if kw else "'%s'" % name


def labels(fmt, y, U):
    if fmt == "float01":
        return y.astype(np.float32).reshape(-1, 1)
    if fmt == "onehot":
        return np.eye(U, dtype=np.float32)[y]
    return y.astype(np.int32)


def build(T, F, U, act, H):
    inp = keras.Input(shape=(T, F))
    h = keras.layers.LSTM(H, recurrent_activation="hard_sigmoid")(inp)
    h = keras.layers.Dense(16)(h)
    out = keras.layers.Dense(U, activation=act)(h)
    return keras.Model(inp, out)


def predict_classes(model, x, U):
    out = np.asarray(model.predict(x, verbose=0, batch_size=256))
    if U == 1:
        return (out[:, 0] > 0.5).astype(np.int64)
    return np.argmax(out, axis=1)


def run(cfg, x, y, K, T, F):
    cid, units, act, lspec, lfmt, setup = cfg
    U = K if units == "K" else units
    if units == 1 and K > 2 or units in (1, 2) and K > 2:
        return None
    if units == "K" and K == 2:
        return None
    xtr, ytr, xv, yv = tc.split(x, y)
    rec = dict(config=cid, setup=setup, head="Dense(%d, %s)" % (U, act or "linear"),
               loss_cfg=loss_text(lspec) + " metrics=['accuracy'] Adam(1e-3) batch 32",
               labels=lfmt, notes=[], warns=[], epochs=[])
    keras.utils.set_random_seed(args.seed)
    model = build(T, F, U, act, args.hidden)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss=make_loss(lspec),
                  metrics=["accuracy"])
    w0 = [np.array(w) for w in model.get_weights()]
    eps = []

    class Rec(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            logs = logs or {}
            pred = predict_classes(self.model, xv, U)
            eps.append(dict(epoch=epoch + 1, loss=float(logs.get("loss", float("nan"))),
                            acc=logs.get("accuracy", logs.get("acc")),
                            val_loss=logs.get("val_loss"),
                            val_acc=logs.get("val_accuracy", logs.get("val_acc")),
                            val_true_acc=float(np.mean(pred == yv)), shares=tc.shares(pred, max(U, 2))))

    refused = False
    t0 = time.time()
    with warnings.catch_warnings(record=True) as wl:
        warnings.simplefilter("always")
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                model.fit(x, labels(lfmt, y, U), batch_size=32, epochs=args.epochs, shuffle=True,
                          validation_split=0.1, verbose=0, callbacks=[Rec()])
        except Exception as e:
            refused = True
            rec["error"] = common.exc_text(e)
    for w in wl:
        t = "%s: %s" % (w.category.__name__, w.message)
        if t not in rec["warns"] and w.category is not DeprecationWarning:
            rec["warns"].append(t)
    rec["notes"].append("%.1f s" % (time.time() - t0))
    frozen = all(np.array_equal(a, b) for a, b in zip(w0, model.get_weights()))
    rec["epochs"] = eps
    rec["outcome"] = tc.outcome(eps, frozen, refused, max(np.mean(yv == k) for k in range(K)))
    return rec


def seed_case(x, y, T, F):
    """The question's model for one epoch, loss='categorical_crossentropy' (the case) and, for
    contrast, 'binary_crossentropy', on Dense(1, sigmoid); validation_split=0.1 as losslab's --val."""
    L = ["# the seed's case: written by tools/reference/train_keras.py --seed-case; do not edit",
         "framework " + header, "data " + args.data_cmd,
         "model LSTM(256, recurrent_activation='hard_sigmoid') -> Dense(16) -> Dense(1, sigmoid); "
         "compile(optimizer='adam', loss=LOSS, metrics=['accuracy']); "
         "fit(batch_size=32, epochs=1, validation_split=0.1, verbose=2); seed %d" % args.seed,
         "n %d" % len(y), "share1 %.4f" % float(np.mean(y == 1))]
    xtr, ytr, xv, yv = tc.split(x, y)
    for loss in ("categorical_crossentropy", "binary_crossentropy"):
        keras.utils.set_random_seed(args.seed)
        model = build(T, F, 1, "sigmoid", 256)
        model.compile(optimizer="adam", loss=loss, metrics=["accuracy"])
        buf = io.StringIO()
        t0 = time.time()
        L.append("config " + loss)
        with warnings.catch_warnings(record=True) as wl:
            warnings.simplefilter("always")
            with contextlib.redirect_stdout(buf):
                h = model.fit(x, y.astype(np.float32).reshape(-1, 1), batch_size=32, epochs=1,
                              validation_split=0.1, verbose=2)
        dt = time.time() - t0
        seen = set()
        for w in wl:
            t = common.one_line("%s: %s" % (w.category.__name__, w.message))
            if t not in seen and w.category is not DeprecationWarning:
                seen.add(t)
                L.append("warn " + t)
        for ln in buf.getvalue().splitlines():
            if "loss" in ln:
                L.append("printed " + common.mask_timing(ln.strip()))
        out_tr = np.asarray(model.predict(xtr, verbose=0, batch_size=1024))[:, 0]
        out_v = np.asarray(model.predict(xv, verbose=0, batch_size=1024))[:, 0]
        L.append("loss %s" % common.fmt(h.history["loss"][0]))
        L.append("acc %s" % common.fmt(h.history["accuracy"][0]))
        L.append("val_acc %s" % common.fmt(h.history["val_accuracy"][0]))
        L.append("pred1_train %.4f" % float(np.mean(out_tr > 0.5)))
        L.append("pred1_val %.4f" % float(np.mean(out_v > 0.5)))
        L.append("p_range %s %s" % (common.fmt(out_tr.min()), common.fmt(out_tr.max())))
        L.append("note fit took %.0f s here (2 shared cores, one thread)" % dt)
        L.append("end")
    with open(args.out, "w") as f:
        f.write("\n".join(L) + "\n")
    print("\n".join(L))


def main():
    x, y, K, F, _ = tc.load(args.data, args.timesteps)
    T = args.timesteps
    if args.seed_case:
        seed_case(x, y, T, F)
        return
    want = set(args.configs.split(",")) if args.configs else None
    L = ["# losslab reference outcomes: written by tools/reference (make reference); do not edit",
         "# format: tools/reference/README.md",
         "framework " + header,
         "data " + args.data_cmd,
         "model LSTM(%d, recurrent_activation='hard_sigmoid') -> Dense(16) -> head; Adam(1e-3); batch 32; "
         "epochs %d; validation_split 0.1; seed %d" % (args.hidden, args.epochs, args.seed),
         "classes %d" % K]
    for cfg in CONFIGS:
        if want and cfg[0] not in want:
            continue
        rec = run(cfg, x, y, K, T, F)
        if rec is None:
            continue
        tc.write_block(L, rec)
        last = rec["epochs"][-1] if rec["epochs"] else {}
        print("%-20s %-12s loss %s acc %s true %s shares %s" % (
            cfg[0], rec["outcome"], last.get("loss"), last.get("acc"), last.get("val_true_acc"),
            last.get("shares")), flush=True)
    with open(args.out, "w") as f:
        f.write("\n".join(L) + "\n")
    print("wrote", args.out)


if __name__ == "__main__":
    main()
