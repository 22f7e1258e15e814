"""common.py -- shared by the reference probes: the fixed batches and the fixture writer.

Fixture format (one file per framework version; see README.md in this folder):
    # comment lines
    framework <name> <version> [key value ...]     once, first
    config <id>                                    starts a block
    head / loss / labels <free text>               what the user configured
    setup <losslab-id> | setup -                   the losslab set-up that claims to compute this
    shape <B> <U>                                  batch size, head units
    z <B*U floats>                                 pre-activations, row-major
    y <B ints>                                     class indices (whatever label format was fed)
    loss <float>                                   the batch loss the framework reports
    dz <B*U floats>                                gradient of that batch loss w.r.t. z
    acc <float> | acc -                            what metrics=['accuracy'] displays (- = none)
    acc_bin / acc_argmax <float>                   binary-over-K and argmax accuracy of the output
    printed <text>                                 the progress line fit prints (timings masked)
    warn <text>                                    a warning, verbatim, newlines as ' | '
    error <text>                                   the exception, verbatim (first line), i.e. refused
    note <text>                                    free text
    end                                            closes the block
"""
import json
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
# REF_BATCH / REF_OUT: another batch file and output folder (check_claims.py runs the probes on
# the inputs of the earlier source-read values into build/ref/claims/, never into the fixtures)
FIXDIR = os.environ.get("REF_OUT") or os.path.join(ROOT, "tests", "fixtures", "reference")


def batches():
    with open(os.environ.get("REF_BATCH") or os.path.join(HERE, "batch.json")) as f:
        return json.load(f)


def fmt(v):
    """A float as the shortest text that round-trips float32 (9 significant digits)."""
    v = float(v)
    if v != v:
        return "nan"
    if v in (float("inf"), float("-inf")):
        return "inf" if v > 0 else "-inf"
    s = "%.9g" % v
    return s


def one_line(text):
    text = str(text).strip()
    text = text.replace("\r", "")
    return " | ".join(ln.rstrip() for ln in text.split("\n") if ln.strip())


def clean_error(msg):
    """An exception's text without the traceback frames autograph embeds (File ... lines and the
    code line under each), machine paths and generated function numbers masked."""
    out, skip = [], False
    for ln in str(msg).replace("\r", "").split("\n"):
        s = ln.strip()
        if skip:
            skip = False
            continue
        if s.startswith('File "'):
            skip = True
            continue
        if not s or s == "in user code:":
            continue
        out.append(s)
    text = " | ".join(out)
    text = re.sub(r"/[^ \"']*/(site-packages|tools/reference)/", "<path>/", text)
    text = re.sub(r"(__inference_[A-Za-z_]+?)_\d+", r"\1_<n>", text)
    return text


def exc_text(e):
    """'Type: message' with the message cleaned; autograph repeats the type inside the message."""
    name = type(e).__name__
    text = clean_error(e)
    if text.startswith(name + ": "):
        return text
    return name + ": " + text


def mask_timing(line):
    line = re.sub(r"\d+(\.\d+)?(ms|s|us)/step", "<t>/step", line)
    line = re.sub(r" - \d+(\.\d+)?(ms|s|us)\b", " - <t>", line)
    return line


class Writer:
    def __init__(self, path, header):
        self.path = path
        self.lines = ["# losslab reference fixture: written by tools/reference (make reference); do not edit",
                      "# format: tools/reference/README.md"]
        self.lines.append("framework " + header)

    def block(self, rec):
        L = self.lines
        L.append("config " + rec["config"])
        for key in ("head", "loss_name", "labels"):
            if rec.get(key):
                L.append("%s %s" % ("loss_cfg" if key == "loss_name" else key, rec[key]))
        L.append("setup " + (rec.get("setup") or "-"))
        L.append("shape %d %d" % (rec["B"], rec["U"]))
        L.append("z " + " ".join(fmt(v) for v in rec["z"]))
        L.append("y " + " ".join(str(int(v)) for v in rec["y"]))
        for n in rec.get("notes", []):
            L.append("note " + one_line(n))
        if rec.get("cache") is not None:
            L.append("cache " + rec["cache"])
        for w in rec.get("warns", []):
            L.append("warn " + one_line(w))
        if rec.get("error"):
            L.append("error " + one_line(rec["error"])[:600])
        else:
            L.append("loss " + fmt(rec["loss"]))
            L.append("dz " + " ".join(fmt(v) for v in rec["dz"]))
            L.append("acc " + (fmt(rec["acc"]) if rec.get("acc") is not None else "-"))
            for k in ("acc_bin", "acc_argmax"):
                if rec.get(k) is not None:
                    L.append("%s %s" % (k, fmt(rec[k])))
            if rec.get("printed"):
                L.append("printed " + one_line(mask_timing(rec["printed"])))
        L.append("end")

    def close(self):
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        with open(self.path, "w") as f:
            f.write("\n".join(self.lines) + "\n")
        print("wrote", os.path.relpath(self.path, ROOT))


def ref_accs(out, y, U):
    """acc_bin: mean over all outputs of (out > 0.5) == onehot/label; acc_argmax: argmax == y."""
    import numpy as np
    out = np.asarray(out, dtype=np.float64).reshape(len(y), U)
    y = np.asarray(y)
    if U == 1:
        pred = (out[:, 0] > 0.5).astype(int)
        a = float(np.mean(pred == y))
        return a, None
    Y = np.eye(U)[y]
    acc_bin = float(np.mean((out > 0.5).astype(float) == Y))
    acc_arg = float(np.mean(np.argmax(out, axis=1) == y))
    return acc_bin, acc_arg
