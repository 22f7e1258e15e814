"""probe_keras.py -- head-level measurements in a real Keras (tf-keras, TF 2.15's tf.keras, Keras 3).

    python probe_keras.py FLAVOUR        FLAVOUR: tfkeras | tf215 | k3-tensorflow | k3-jax | k3-torch

For every configuration (output layer + loss + label format) it builds, in the framework itself,
    x = I_B -> Dense_W(U, zeros, trainable) + Dense_Z(U, kernel = z, frozen) -> Add
            -> Dense(U, activation=ACT, kernel = I_U, frozen, no bias)         (the user's head)
compiles it with the loss exactly as a user writes it, metrics=['accuracy'], SGD(learning_rate=1),
and runs model.fit(x, y, batch_size=B, epochs=1, shuffle=False) -- one step through the real
train_step, so the tf.keras / Keras-3-on-TF logit cache (_keras_logits) fires exactly as it does for
a user. The head's pre-activation is exactly z (identity products), and after the step
W = 0 - 1 * dLoss/dW = -dLoss/dz exactly, so dz is read back from W without rounding.
Recorded: the loss and accuracy fit reports, the line it prints, warnings and exceptions verbatim.
"""
import contextlib
import io
import os
import sys
import warnings

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

FLAVOUR = sys.argv[1] if len(sys.argv) > 1 else "tfkeras"

if FLAVOUR in ("tfkeras", "tf215"):
    if FLAVOUR == "tfkeras":
        os.environ["TF_USE_LEGACY_KERAS"] = "1"
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import tensorflow as tf
    keras = tf.keras
    if FLAVOUR == "tfkeras":
        import tf_keras
        kver = tf_keras.__version__
        header = "tf-keras %s tensorflow %s" % (kver, tf.__version__)
        fname = "heads-tf-keras-%s.txt" % kver
    else:
        import keras as keras_pkg
        kver = keras_pkg.__version__
        header = "tf.keras %s tensorflow %s" % (kver, tf.__version__)
        fname = "heads-tf.keras-%s.txt" % tf.__version__
    FAM = "tfkeras"
else:
    backend = FLAVOUR.split("-", 1)[1]
    os.environ["KERAS_BACKEND"] = backend
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import keras
    if backend == "tensorflow":
        import tensorflow as tf
        bver = tf.__version__
    elif backend == "jax":
        import jax
        bver = jax.__version__
    else:
        import torch
        bver = torch.__version__
    header = "keras %s backend %s %s" % (keras.__version__, backend, bver)
    fname = "heads-keras-%s-%s.txt" % (keras.__version__, backend)
    FAM = "k3tf" if backend == "tensorflow" else "k3other"

# REF_XLA=1: compile(jit_compile=True) -- XLA on the CPU, the lowering a GPU run of Keras 3 on TF
# uses by default (jit_compile='auto'); written to a separate fixture (...-xla.txt)
XLA = os.environ.get("REF_XLA") == "1"
if XLA:
    header += " jit_compile True (XLA on CPU)"
    fname = fname[:-4] + "-xla.txt"

B_ = common.batches()

# (id, head units kind, activation, loss as the user writes it, label format, setup by family)
# units: 1, 2 or "K"; labels: float01 (B,1) | onehot (B,U) | int (B,) | int1 (B,1)
CACHED = ("tfkeras", "k3tf")


def S(cached, other):
    return lambda fam: cached if fam in CACHED else other


def L(name, **kw):
    return (name, kw)


CONFIGS = [
    ("sigmoid-bce", 1, "sigmoid", L("binary_crossentropy"), "float01", S("bce", "-")),
    ("sigmoid-cce", 1, "sigmoid", L("categorical_crossentropy"), "float01", S("cce1", "cce1-frozen")),
    ("softmax2-cce", 2, "softmax", L("categorical_crossentropy"), "onehot", S("cce2", "-")),
    ("softmax1-bce", 1, "softmax", L("binary_crossentropy"), "float01",
     S("softmax1-bce", "softmax1-bce-frozen")),
    ("softmax1-cce", 1, "softmax", L("categorical_crossentropy"), "float01",
     S("softmax1-cce", "-")),
    ("sigmoid-bce-logits", 1, "sigmoid", L("BinaryCrossentropy", from_logits=True), "float01",
     S("bce", "bce-double")),
    ("linear-bce", 1, None, L("binary_crossentropy"), "float01",
     lambda fam: "-" if fam == "tfkeras" else "bce-raw-plain"),
    ("sigmoid-mse", 1, "sigmoid", L("mse"), "float01", S("mse", "mse")),
    ("sigmoid-hinge", 1, "sigmoid", L("hinge"), "float01", S("hinge", "hinge")),
    ("sigmoid-scce", 1, "sigmoid", L("sparse_categorical_crossentropy"), "int", S("-", "-")),
    ("softmax-cce", "K", "softmax", L("categorical_crossentropy"), "onehot", S("cce", "-")),
    ("softmax-scce", "K", "softmax", L("sparse_categorical_crossentropy"), "int", S("cce", "-")),
    ("softmax-bce", "K", "softmax", L("binary_crossentropy"), "onehot", S("softmax-bce", "-")),
    ("sigmoid-cce-k", "K", "sigmoid", L("categorical_crossentropy"), "onehot",
     S("sigmoid-cce", "sigmoid-cce-norm")),
    ("softmax-cce-logits", "K", "softmax", L("CategoricalCrossentropy", from_logits=True), "onehot",
     S("cce", "ce-softmax")),
    ("linear-cce", "K", None, L("categorical_crossentropy"), "onehot", S("cce-raw", "cce-raw")),
    ("linear-scce", "K", None, L("sparse_categorical_crossentropy"), "int", S("-", "-")),
    ("softmax-cce-int", "K", "softmax", L("categorical_crossentropy"), "int", S("-", "-")),
    ("softmax-cce-int1", "K", "softmax", L("categorical_crossentropy"), "int1", S("-", "-")),
    ("softmax-scce-onehot", "K", "softmax", L("sparse_categorical_crossentropy"), "onehot", S("-", "-")),
]


# Where no losslab set-up computes a configuration exactly, the nearest one and how they differ.
NEAR = {
    ("k3other", "sigmoid-bce"): "near bce: the probability is clipped to [1e-7, 1-1e-7] first (no logit cache), so a "
    "saturated wrong-side sample (here z = 25, y = 0) reports 15.942385 instead of 25 and gets gradient exactly 0",
    ("k3other", "softmax2-cce"): "near cce2: normalise-and-clip path (no logit cache): a saturated wrong-side sample "
    "reports 15.942385 and gets gradient exactly 0",
    ("k3other", "softmax-cce"): "near cce: normalise-and-clip path (no logit cache): a sample with p_c < 1e-7 reports "
    "16.118095 (= -log 1e-7) and gets gradient exactly 0 (rows 3 and 4 here)",
    ("k3other", "softmax-scce"): "near cce: same clip path as softmax-cce",
    ("k3other", "softmax-bce"): "the kernel is softmax-bce-legacy's (mean over K of BCE on the clipped "
    "softmax), but 'accuracy' is categorical here (binary over K there)",
    ("tfkeras", "linear-bce"): "near bce-raw: fit (graph mode) reports 7.79115009 where the same formula run "
    "eagerly (run_eagerly=True, or backend.binary_crossentropy) gives 7.81215 = bce-raw's value: the y = 0 "
    "samples with z >= 1 - 1e-7 come out 15.249238 (-log 2^-22) instead of 15.333239 (-log(2^-23 + 1e-7)), "
    "as if 1 - c + 1e-7 were evaluated as (1 + 1e-7) - c; the gradient (0 there) agrees",
    ("k3other", "softmax1-cce"): "the kernel is cce1-frozen's (loss y*1.1920929e-07, gradient 0), but the output is a "
    "softmax (1.0), so 'accuracy' shows the share of ones",
}


def loss_text(spec):
    name, kw = spec
    if not kw:
        return "'%s'" % name
    return "%s(%s)" % (name, ", ".join("%s=%s" % kv for kv in kw.items()))


def make_loss(spec):
    name, kw = spec
    if not kw:
        return name
    return getattr(keras.losses, name)(**kw)


def labels(fmt, y, U):
    y = np.asarray(y)
    if fmt == "float01":
        return y.astype(np.float32).reshape(-1, 1), "float32 (B,1) 0/1"
    if fmt == "onehot":
        return np.eye(U, dtype=np.float32)[y], "one-hot float32 (B,%d)" % U
    if fmt == "int":
        return y.astype(np.int32), "int32 (B,) class indices"
    if fmt == "int1":
        return y.astype(np.int32).reshape(-1, 1), "int32 (B,1) class indices"
    raise ValueError(fmt)


def build(B, U, act, z):
    inp = keras.Input(shape=(B,))
    w = keras.layers.Dense(U, use_bias=False, kernel_initializer="zeros", name="w")(inp)
    c = keras.layers.Dense(U, use_bias=False, trainable=False, name="zconst")(inp)
    pre = keras.layers.Add(name="pre")([w, c])
    out = keras.layers.Dense(U, activation=act, use_bias=False, trainable=False, name="head")(pre)
    model = keras.Model(inp, out)
    model.get_layer("zconst").set_weights([np.asarray(z, np.float32).reshape(B, U)])
    model.get_layer("head").set_weights([np.eye(U, dtype=np.float32)])
    return model


def probe(cfg):
    cid, units, act, lspec, lfmt, setup_of = cfg
    if units == "K":
        b = B_["multi"]
        U = b["K"]
    elif units == 2:
        b = B_["binary2"]
        U = 2
    else:
        b = B_["binary"]
        U = 1
    z, y = b["z"], b["y"]
    B = len(y)
    yarr, ltxt = labels(lfmt, y, U)
    rec = dict(config=cid, B=B, U=U, z=z, y=y, setup=setup_of(FAM),
               head="Dense(%d, %s)" % (U, act if act else "linear"),
               loss_name=loss_text(lspec) + " metrics=['accuracy'] optimizer=SGD(1)", labels=ltxt,
               warns=[], notes=[NEAR[(FAM, cid)]] if (FAM, cid) in NEAR else [])
    x = np.eye(B, dtype=np.float32)
    out_buf = io.StringIO()
    with warnings.catch_warnings(record=True) as wlist:
        warnings.simplefilter("always")
        try:
            keras.utils.set_random_seed(1)
            model = build(B, U, act, z)
            # The cache seen from an eager call (fit runs the same call inside its graph).
            o = model(x, training=True)
            rec["cache"] = "yes" if hasattr(o, "_keras_logits") else "no"
            model.compile(optimizer=keras.optimizers.SGD(learning_rate=1.0), loss=make_loss(lspec),
                          metrics=["accuracy"], **({"jit_compile": True} if XLA else {}))
            with contextlib.redirect_stdout(out_buf):
                hist = model.fit(x, yarr, batch_size=B, epochs=1, shuffle=False, verbose=2)
            h = hist.history
            rec["loss"] = h["loss"][0]
            acc_key = [k for k in h if k in ("accuracy", "acc")]
            rec["acc"] = h[acc_key[0]][0] if acc_key else None
            W = model.get_layer("w").get_weights()[0]
            rec["dz"] = (-W).reshape(-1).tolist()
            outp = np.asarray(model.predict(x, verbose=0))
            rec["acc_bin"], rec["acc_argmax"] = common.ref_accs(outp, y, U)
            lines = [ln for ln in out_buf.getvalue().splitlines() if "loss" in ln]
            rec["printed"] = lines[-1] if lines else None
        except Exception as e:  # the framework refuses: record it verbatim
            first = common.exc_text(e)
            rec["error"] = first
            # A user's data has N > B and N % B != 0, so the batch dimension is unknown while
            # tracing and the text can differ: rerun on 3 copies of the batch plus one row.
            try:
                model = build(B, U, act, z)
                model.compile(optimizer=keras.optimizers.SGD(learning_rate=1.0),
                              loss=make_loss(lspec), metrics=["accuracy"],
                              **({"jit_compile": True} if XLA else {}))
                with contextlib.redirect_stdout(io.StringIO()):
                    model.fit(np.concatenate([x] * 3 + [x[:1]]), np.concatenate([yarr] * 3 + [yarr[:1]]), batch_size=B,
                              epochs=1, shuffle=False, verbose=0)
                rec["notes"].append("with N = 3B+1 the same fit does not raise")
            except Exception as e2:
                again = common.exc_text(e2)
                if again != first:
                    rec["error"] = again
                    rec["notes"].append("with N = B (a static batch size) it raised instead: " + first)
    seen = set()
    for w in wlist:
        t = "%s: %s" % (w.category.__name__, w.message)
        # numpy / Python deprecation chatter is not the framework talking about the configuration
        if t in seen or w.category is DeprecationWarning:
            continue
        seen.add(t)
        rec["warns"].append(t)
    return rec


def main():
    wr = common.Writer(os.path.join(common.FIXDIR, fname), header)
    for cfg in CONFIGS:
        rec = probe(cfg)
        wr.block(rec)
        print("%-20s %s" % (cfg[0], rec.get("error", "loss %s" % rec.get("loss")))[:160])
    wr.close()


if __name__ == "__main__":
    main()
