"""atlas_vs_train.py -- the atlas's outcome words (losslab atlas --tsv) beside the outcomes measured
in the training runs (tests/fixtures/reference/train-*.txt), one line per cell that was trained.
    python3 tools/reference/atlas_vs_train.py [path/to/losslab]
A cell is flagged '<<' when the words cannot both be true: the atlas's 'learns', 'floor', 'partial',
'slow', 'warns-fixes', 'erratic' are compatible with a measured 'learns' (and 'erratic'/'partial' with
'stuck'/'collapses'); 'hidden-logit' with 'collapses-1' (the output is 1.0 for every input).
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import summary  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))

# atlas config -> (keras config, torch config, tfjs config) as in tests/test_reference.c
MAP = {
    "sigmoid1+bce": ("sigmoid-bce", "bcewithlogits", "sigmoid-bce"),
    "sigmoid1+cce": ("sigmoid-cce", None, "sigmoid-cce"),
    "softmax2+cce": ("softmax2-cce", "ce-2unit", "softmax2-cce"),
    "softmax1+bce": ("softmax1-bce", "softmax1-bce", "softmax1-bce"),
    "softmax1+cce": ("softmax1-cce", None, None),
    "sigmoid1+bce-logits": ("sigmoid-bce-logits", "sigmoid-bcewithlogits", "sigmoid-bce-logits"),
    "linear1+bce": ("linear-bce", "linear-bce", "linear-bce"),
    "sigmoid1+scce": ("sigmoid-scce", "ce-1unit-long", None),
    "sigmoid1+mse": ("sigmoid-mse", "sigmoid-mse", "sigmoid-mse"),
    "sigmoid1+mse-flat": (None, "sigmoid-mse-broadcast", None),
    "sigmoid1+hinge": ("sigmoid-hinge", None, "sigmoid-hinge"),
    "softmaxK+cce": ("softmax-cce", "ce", "softmax-cce"),
    "softmaxK+bce": ("softmax-bce", "softmax-bce", "softmax-bce"),
    "sigmoidK+cce": ("sigmoid-cce-k", "ce-sigmoid", "sigmoid-cce-k"),
    "linearK+cce": ("linear-cce", None, "linear-cce"),
    "softmaxK+cce-logits": ("softmax-cce-logits", "ce-softmax", "softmax-cce-logits"),
    "linearK+nll": (None, "nll-raw", None),
    "softmaxK+nll": (None, "nll-softmax", None),
}
COLS = {"tfk215": ["tfkeras", "tf215"], "k3tf": ["k3-tensorflow"], "k3jax": ["k3-jax", "k3-torch"],
        "torch": ["torch"], "tfjs": ["tfjs"]}
OK = {
    "learns": {"learns"}, "floor": {"learns"}, "slow": {"learns"}, "warns-fixes": {"learns"},
    "partial": {"learns", "stuck", "collapses-0", "collapses-1"}, "erratic": None,
    "hidden-logit": {"collapses-1"}, "frozen": {"frozen"}, "refuses": {"refuses"},
    "collapses-0": {"collapses-0"}, "collapses-1": {"collapses-1"}, "diverges": {"diverges"},
    "inflated": {"inflated"}, "collapses": None,
}


def main():
    ll = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "losslab")
    tsv = subprocess.run([ll, "atlas", "--tsv"], capture_output=True, text=True, check=True).stdout
    cells = {}
    for ln in tsv.splitlines():
        if ln.startswith("#"):
            continue
        f = ln.split("\t")
        cells[(f[0], f[2])] = (f[3], f[4], f[6] if len(f) > 6 else "")
    train = {}
    fix = os.path.join(ROOT, "tests", "fixtures", "reference")
    for fname in os.listdir(fix):
        if fname.startswith("train-"):
            fw = fname[6:-4].rsplit("-", 1)[0]
            _, blocks = summary.read(os.path.join(fix, fname))
            for b in blocks:
                train[(fw, b["config"])] = b
    for acfg, (kc, tc, jc) in MAP.items():
        for col, fws in COLS.items():
            cell = cells.get((acfg, col))
            if not cell:
                continue
            for fw in fws:
                c = tc if fw == "torch" else jc if fw == "tfjs" else kc
                b = train.get((fw, c)) if c else None
                if not b:
                    continue
                last = b["epochs"][-1] if b["epochs"] else {}
                ok = OK.get(cell[0])
                flag = "" if ok is None or b.get("outcome") in ok else "  <<"
                print("%-20s %-7s atlas %-12s (%-8s) | %-14s measured %-12s true %s%s" % (
                    acfg, col, cell[0], cell[2][:8], fw, b.get("outcome"), last.get("val_true_acc", "-")[:6], flag))


if __name__ == "__main__":
    main()
