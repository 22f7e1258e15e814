"""train_common.py -- shared by the training (outcome) runs: data, the outcome word, the writer.

Data: a CSV exported by `losslab --export FILE ...`: a header, then per row T*F label-encoded
feature values (t-major: f0_t0 .. f9_t0, f0_t1, ...) and the class label. The validation set is
the last 10% of the rows, as Keras's validation_split and losslab's --val take it.

The outcome word (README.md), decided from the last epoch in this order:
    refuses        fit raised (the text is in the block)
    diverges       a reported loss is NaN/inf, or below -1 (unbounded below)
    frozen         no weight moved at all during training
    collapses-k    >= 99% of the validation samples are predicted class k
    inflated       displayed validation accuracy exceeds the true (argmax / p > 0.5) one by > 0.05
    learns         true validation accuracy >= majority-class share + 0.05
    stuck          none of the above
"""
import math

import numpy as np

import common  # noqa: F401


def load(path, T):
    with open(path) as f:
        head = f.readline()
        rows = np.loadtxt(f, delimiter=",", dtype=np.float32)
    nf = rows.shape[1] - 1
    F = nf // T
    x = rows[:, :nf].reshape(-1, T, F)
    y = rows[:, nf].astype(np.int64)
    K = int(max(2, y.max() + 1))
    return x, y, K, F, head


def split(x, y, val=0.1):
    n = len(y)
    nv = int(round(n * val))
    return x[: n - nv], y[: n - nv], x[n - nv:], y[n - nv:]


def shares(pred, K):
    return [float(np.mean(pred == k)) for k in range(K)]


def outcome(epochs, frozen, refused, majority):
    if refused:
        return "refuses"
    if any((not math.isfinite(e["loss"])) or e["loss"] < -1.0 for e in epochs):
        return "diverges"
    if frozen:
        return "frozen"
    last = epochs[-1]
    for k, s in enumerate(last["shares"]):
        if s >= 0.99:
            return "collapses-%d" % k
    if last.get("val_acc") is not None and last["val_acc"] - last["val_true_acc"] > 0.05:
        return "inflated"
    if last["val_true_acc"] >= majority + 0.05:
        return "learns"
    return "stuck"


def write_block(L, rec):
    fmt = common.fmt
    L.append("config " + rec["config"])
    for key in ("head", "loss_cfg", "labels"):
        if rec.get(key):
            L.append("%s %s" % (key, rec[key]))
    L.append("setup " + (rec.get("setup") or "-"))
    for n in rec.get("notes", []):
        L.append("note " + common.one_line(n))
    for w in rec.get("warns", []):
        L.append("warn " + common.one_line(w))
    if rec.get("error"):
        L.append("error " + common.one_line(rec["error"])[:600])
    for e in rec.get("epochs", []):
        parts = ["epoch %d" % e["epoch"], "loss " + fmt(e["loss"])]
        parts.append("acc " + (fmt(e["acc"]) if e.get("acc") is not None else "-"))
        if e.get("val_loss") is not None:
            parts.append("val_loss " + fmt(e["val_loss"]))
        parts.append("val_acc " + (fmt(e["val_acc"]) if e.get("val_acc") is not None else "-"))
        parts.append("val_true_acc " + fmt(e["val_true_acc"]))
        parts.append("shares " + ",".join("%.4f" % s for s in e["shares"]))
        L.append(" ".join(parts))
    L.append("outcome " + rec["outcome"])
    L.append("end")
