"""check_research.py -- the values the research notes quote for their own test vectors, against the
same test vectors run through the real frameworks.

    REF_BATCH=tools/reference/batch_research.json REF_OUT=build/ref/research  (the probes), then
    python3 tools/reference/check_research.py build/ref/research

The notes' test vectors: binary z = [-2, -0.5, 0.5, 2], y = [0, 1, 0, 1] (loss-atlas section 0.1);
K = 4: z = [[2, 1, 0.1, -1], [0.5, 0.3, 2.2, -0.4]], c = [0, 3] (multiclass-atlas section 0).
Each row: fixture file, configuration, the quoted mean loss, the quoted dz (or None), where quoted.
Prints one line per row: agree / DIFFERS, both values. Needs only the Python standard library.
"""
import glob
import os
import sys

ROWS = [
    # binary, loss-atlas.md
    ("tf-keras", "softmax1-bce", 0.55050254, [0.02980073, -0.15561482, 0.15561484, -0.02980074], "loss-atlas 1a [E]"),
    ("keras-3.15.1-tensorflow", "softmax1-bce", 0.55050254, None, "loss-atlas 1a [E]"),
    ("keras-3.15.1-jax", "softmax1-bce", 7.9711924, [0, 0, 0, 0], "loss-atlas 1b [E]"),
    ("keras-3.15.1-torch", "softmax1-bce", 7.9711924, [0, 0, 0, 0], "loss-atlas 1b [E]"),
    ("tfjs", "softmax1-bce", 7.971192359924316, [0, 0, 0, 0], "loss-atlas 1c [M]"),
    ("torch", "softmax1-bce", 50.0, [0, 0, 0, 0], "loss-atlas 1e [M]"),
    ("torch", "softmax1-bcewithlogits", 0.8132617, [0, 0, 0, 0], "loss-atlas 1e [M]"),
    ("tf-keras", "softmax1-cce", 0.0, [0.25, 0, 0.25, 0], "loss-atlas 2a [E]"),
    ("keras-3.15.1-tensorflow", "softmax1-cce", 0.0, [0.25, 0, 0.25, 0], "loss-atlas 2a [E]"),
    ("keras-3.15.1-jax", "softmax1-cce", 5.9604645e-08, [0, 0, 0, 0], "loss-atlas 2b [E]"),
    ("keras-3.15.1-torch", "softmax1-cce", 5.9604645e-08, [0, 0, 0, 0], "loss-atlas 2b [E]"),
    ("torch", "softmax1-ce-float", 0.0, [0, 0, 0, 0], "loss-atlas 2d [M]"),
    ("tf-keras", "sigmoid-cce", 0.0, [0.25, 0, 0.25, 0], "keras-semantics 1b [S/E]"),
    ("keras-3.15.1-tensorflow", "sigmoid-cce", 0.0, [0.25, 0, 0.25, 0], "keras-semantics 2 [S]"),
    ("keras-3.15.1-jax", "sigmoid-cce", 5.9604645e-08, [0, 0, 0, 0], "keras-semantics 2 [S]"),
    ("keras-3.15.1-torch", "sigmoid-cce", 5.9604645e-08, [0, 0, 0, 0], "keras-semantics 2 [S]"),
    ("tf-keras", "sigmoid-bce-logits", 0.55050254, None, "loss-atlas 3a [E]"),
    ("keras-3.15.1-tensorflow", "sigmoid-bce-logits", 0.55050254, None, "loss-atlas 3a [E]"),
    ("keras-3.15.1-jax", "sigmoid-bce-logits", 0.66885042,
     [0.013905494, -0.023895191, 0.038233794, -0.0076911142], "loss-atlas 3b [M torch]"),
    ("keras-3.15.1-torch", "sigmoid-bce-logits", 0.66885042,
     [0.013905494, -0.023895191, 0.038233794, -0.0076911142], "loss-atlas 3b [M torch]"),
    ("torch", "sigmoid-bcewithlogits", 0.66885042,
     [0.013905494, -0.023895191, 0.038233794, -0.0076911142], "loss-atlas 3b [M]"),
    ("tfjs", "sigmoid-bce-logits", 0.6688504815101624,
     [0.013905493, -0.023895187, 0.038233794, -0.0076911105], "loss-atlas 3b [M]"),
    ("tf-keras", "linear-bce", 4.0295238, [0, 0, 0.49999988, 0], "loss-atlas 4a [E]"),
    ("keras-3.15.1-tensorflow", "linear-bce", 4.2028108, [0, 0, 0.5, 0], "loss-atlas 4b [E]"),
    ("keras-3.15.1-jax", "linear-bce", 4.2028108, [0, 0, 0.5, 0], "loss-atlas 4b [E]"),
    ("keras-3.15.1-torch", "linear-bce", 4.2028108, [0, 0, 0.5, 0], "loss-atlas 4b [E]"),
    ("tfjs", "linear-bce", 4.202810764312744, [0, 0, 0.5, 0], "loss-atlas 4c [M]"),
    ("keras-3.15.1-jax", "sigmoid-scce", 5.96e-08, [0, 0, 0, 0], "loss-atlas 5b [E]"),
    ("tf-keras", "sigmoid-mse", 0.20083247, [0.0062577706, -0.073140122, 0.073140129, -0.0062577762], "loss-atlas 6a"),
    ("keras-3.15.1-jax", "sigmoid-mse", 0.20083247, [0.0062577706, -0.073140122, 0.073140129, -0.0062577762],
     "loss-atlas 6a"),
    ("torch", "sigmoid-mse", 0.20083247, [0.0062577706, -0.073140122, 0.073140129, -0.0062577762], "loss-atlas 6a [M]"),
    ("tfjs", "sigmoid-mse", 0.20083247, [0.0062577706, -0.073140122, 0.073140129, -0.0062577762], "loss-atlas 6a [M]"),
    ("torch", "sigmoid-mse-broadcast", 0.3300013, [-0.0199906, -0.0143892, 0.0143892, 0.0199906], "loss-atlas 6b [M]"),
    ("tf-keras", "sigmoid-hinge", 0.8708311, [0.026248395, -0.058750927, 0.058750927, -0.026248407], "loss-atlas 7a [E]"),
    ("keras-3.15.1-jax", "sigmoid-hinge", 0.8708311, [0.026248395, -0.058750927, 0.058750927, -0.026248407],
     "loss-atlas 7a [E]"),
    ("tfjs", "sigmoid-hinge", 0.6854155659675598, [0, -0.058750927, 0, -0.026248394], "loss-atlas 7b [M]"),
    ("tf-keras", "sigmoid-bce", 0.55050254, [0.02980073, -0.15561482, 0.15561484, -0.02980074], "loss-atlas ref"),
    ("torch", "bcewithlogits", 0.55050254, [0.02980073, -0.15561482, 0.15561484, -0.02980074], "loss-atlas ref [M]"),
    # K = 4, multiclass-atlas.md
    ("tf-keras", "softmax-cce", 1.695218, [-0.180967, 0.117366, 0.047717, 0.015884, 0.064941, 0.053170, 0.355486,
                                           -0.473597], "multiclass 0 reference [M]"),
    ("keras-3.15.1-jax", "softmax-cce", 1.695218, None, "multiclass 0 reference (any framework)"),
    ("tf-keras", "softmax-bce", 0.9430474, [-0.014900, 0.091382, 0.065622, 0.033618, 0.077807, 0.071805, 0.112531,
                                            -0.074836], "multiclass 2a E6/E7 [E]"),
    ("keras-3.15.1-tensorflow", "softmax-bce", 0.9430474, None, "multiclass 2a E6/E7 [E]"),
    ("keras-3.15.1-jax", "softmax-bce", 0.6604168, [-0.080738, 0.054625, 0.019808, 0.006305, -0.009398, -0.008097,
                                                    0.153902, -0.136407], "multiclass 2a E8 [E]"),
    ("keras-3.15.1-torch", "softmax-bce", 0.6604168, None, "multiclass 2a E8 [E]"),
    ("torch", "softmax-bce", 0.6604168, None, "multiclass 6 [M]"),
    ("tfjs", "softmax-bce", 0.6604168, None, "multiclass 2a E2 form [E]"),
    ("tf-keras", "sigmoid-cce-k", 1.695218, None, "multiclass 3 E6/E7 [S]"),
    ("keras-3.15.1-jax", "sigmoid-cce-k", 1.416746, [-0.037780, 0.040862, 0.051829, 0.040862, 0.047030, 0.048922,
                                                     0.017971, -0.251262], "multiclass 3 E8 [E]"),
    ("keras-3.15.1-torch", "sigmoid-cce-k", 1.416746, None, "multiclass 3 E8 [E]"),
    ("tfjs", "sigmoid-cce-k", 1.416746, None, "multiclass 3 (no cache) [E]"),
    ("torch", "ce-sigmoid", 1.379326, [-0.035584, 0.027267, 0.028144, 0.017177, 0.028835, 0.028589, 0.014547,
                                       -0.096499], "multiclass 3 [M]"),
    ("tf-keras", "linear-cce", 8.083443, [-0.011905, 0.238095, 0.238095, 0.238095, 0, 0, 0, 0], "multiclass 5a [E]"),
    ("keras-3.15.1-jax", "linear-cce", 8.083443, None, "multiclass 5a [E]"),
    ("tf-keras", "linear-scce", 8.72391, [0, 0, 0.2381, 0, 0.2778, 0.2778, 0, 0], "multiclass 5a sparse [E]"),
    ("keras-3.15.1-tensorflow", "linear-scce", 8.72391, None, "multiclass 5a sparse [E]"),
    ("keras-3.15.1-jax", "linear-scce", 8.083443, None, "multiclass 5a sparse K3 JAX [E]"),
    ("keras-3.15.1-torch", "linear-scce", 8.083443, None, "multiclass 5a sparse K3 torch [E]"),
    ("tf-keras", "softmax-cce-logits", 1.695218, None, "multiclass 5b E6/E7 [S]"),
    ("keras-3.15.1-jax", "softmax-cce-logits", 1.325169, [-0.100364, 0.066505, 0.025556, 0.008303, -0.004239,
                                                          -0.003734, 0.036517, -0.028544], "multiclass 5b [M torch]"),
    ("torch", "ce-softmax", 1.325169, None, "multiclass 5b [M]"),
    ("torch", "nll-raw", -0.8, [-0.5, 0, 0, 0, 0, 0, 0, -0.5], "multiclass 6 [M]"),
    ("torch", "nll-softmax", -0.3454364, None, "multiclass 6 [M]"),
    ("torch", "bcewithlogits-k", 0.9430474, None, "multiclass 6 [M]"),
]


def read(path):
    blocks, cur = {}, None
    with open(path) as f:
        for ln in f:
            ln = ln.rstrip("\n")
            if not ln or ln.startswith("#"):
                continue
            kw, _, arg = ln.partition(" ")
            if kw == "config":
                cur = {"config": arg}
            elif kw == "end":
                blocks[cur["config"]] = cur
            elif cur is not None:
                cur[kw] = arg
    return blocks


def close(a, b, rel=2e-4, ab=2e-6):
    return abs(a - b) <= rel * abs(b) + ab


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else "build/ref/research"
    files = {os.path.basename(p)[6:-4]: p for p in glob.glob(os.path.join(d, "heads-*.txt"))}
    n_bad = 0
    for fw, cfg, qloss, qdz, src in ROWS:
        key = [k for k in files if k.startswith(fw)]
        if not key:
            print("%-26s %-22s no fixture" % (fw, cfg))
            continue
        b = read(files[key[0]]).get(cfg)
        if b is None:
            print("%-26s %-22s no block" % (fw, cfg))
            continue
        if "error" in b:
            print("%-26s %-22s DIFFERS  quoted loss %.9g (%s); measured: refused: %s" % (fw, cfg, qloss, src, b["error"][:120]))
            n_bad += 1
            continue
        loss = float(b["loss"])
        dz = [float(v) for v in b["dz"].split()]
        ok = close(loss, qloss)
        okdz = qdz is None or all(close(a, q, 2e-3, 2e-6) for a, q in zip(dz, qdz))
        if ok and okdz:
            print("%-26s %-22s agree    loss %.9g (quoted %.9g, %s)" % (fw, cfg, loss, qloss, src))
        else:
            n_bad += 1
            print("%-26s %-22s DIFFERS  loss %.9g vs quoted %.9g; dz %s vs quoted %s (%s)" % (
                fw, cfg, loss, qloss, " ".join("%.6g" % v for v in dz), qdz, src))
    print("%d rows, %d differ" % (len(ROWS), n_bad))


if __name__ == "__main__":
    main()
