"""check_claims.py -- the values losslab's set-ups were first built from, before TensorFlow could be
installed here (read in the frameworks' sources and re-run as torch float32 emulations, or measured
in torch 1.13.1 and TF.js 4.22), against the same inputs run through the real frameworks now.

    REF_BATCH=tools/reference/batch_claims.json REF_OUT=build/ref/claims  (the probes), then
    python3 tools/reference/check_claims.py build/ref/claims

The inputs those values were computed for: binary z = [-2, -0.5, 0.5, 2], y = [0, 1, 0, 1];
K = 4: z = [[2, 1, 0.1, -1], [0.5, 0.3, 2.2, -0.4]], c = [0, 3].
Each row: fixture file, configuration, the earlier mean loss, the earlier dz (or None), and where
the earlier value came from. Prints agree / DIFFERS with both values. Standard library only.
"""
import glob
import os
import sys

ROWS = [
    # binary
    ("tf-keras", "softmax1-bce", 0.55050254, [0.02980073, -0.15561482, 0.15561484, -0.02980074], "keras/backend.py@v2.15.0 L5802-5832, cached logit [emulated]"),
    ("keras-3.15.1-tensorflow", "softmax1-bce", 0.55050254, None, "keras/backend.py@v2.15.0 L5802-5832, cached logit [emulated]"),
    ("keras-3.15.1-jax", "softmax1-bce", 7.9711924, [0, 0, 0, 0], "keras/src/backend/jax/nn.py@v3.15.1 L1017-1034 [emulated]"),
    ("keras-3.15.1-torch", "softmax1-bce", 7.9711924, [0, 0, 0, 0], "keras/src/backend/jax/nn.py@v3.15.1 L1017-1034 [emulated]"),
    ("tfjs", "softmax1-bce", 7.971192359924316, [0, 0, 0, 0], "tfjs-layers/src/losses.ts L193-200 [measured, tfjs 4.22]"),
    ("torch", "softmax1-bce", 50.0, [0, 0, 0, 0], "torch 1.13.1 CPU [measured]"),
    ("torch", "softmax1-bcewithlogits", 0.8132617, [0, 0, 0, 0], "torch 1.13.1 CPU [measured]"),
    ("tf-keras", "softmax1-cce", 0.0, [0.25, 0, 0.25, 0], "tensorflow/core/kernels/xent_op.h, softmax - label on one column [emulated]"),
    ("keras-3.15.1-tensorflow", "softmax1-cce", 0.0, [0.25, 0, 0.25, 0], "tensorflow/core/kernels/xent_op.h, softmax - label on one column [emulated]"),
    ("keras-3.15.1-jax", "softmax1-cce", 5.9604645e-08, [0, 0, 0, 0], "keras/src/backend/jax/nn.py@v3.15.1 L963-986 [emulated]"),
    ("keras-3.15.1-torch", "softmax1-cce", 5.9604645e-08, [0, 0, 0, 0], "keras/src/backend/jax/nn.py@v3.15.1 L963-986 [emulated]"),
    ("torch", "softmax1-ce-float", 0.0, [0, 0, 0, 0], "torch 1.13.1 CPU [measured]"),
    ("tf-keras", "sigmoid-cce", 0.0, [0.25, 0, 0.25, 0], "tensorflow/core/kernels/xent_op.h [read, emulated]"),
    ("keras-3.15.1-tensorflow", "sigmoid-cce", 0.0, [0.25, 0, 0.25, 0], "keras/src/backend/*/nn.py@v3.15.1 categorical_crossentropy [read]"),
    ("keras-3.15.1-jax", "sigmoid-cce", 5.9604645e-08, [0, 0, 0, 0], "keras/src/backend/*/nn.py@v3.15.1 categorical_crossentropy [read]"),
    ("keras-3.15.1-torch", "sigmoid-cce", 5.9604645e-08, [0, 0, 0, 0], "keras/src/backend/*/nn.py@v3.15.1 categorical_crossentropy [read]"),
    ("tf-keras", "sigmoid-bce-logits", 0.55050254, None, "keras/backend.py@v2.15.0 L5490-5525 _get_logits [emulated]"),
    ("keras-3.15.1-tensorflow", "sigmoid-bce-logits", 0.55050254, None, "keras/backend.py@v2.15.0 L5490-5525 _get_logits [emulated]"),
    ("keras-3.15.1-jax", "sigmoid-bce-logits", 0.66885042,
     [0.013905494, -0.023895191, 0.038233794, -0.0076911142], "same formula measured in torch 1.13.1"),
    ("keras-3.15.1-torch", "sigmoid-bce-logits", 0.66885042,
     [0.013905494, -0.023895191, 0.038233794, -0.0076911142], "same formula measured in torch 1.13.1"),
    ("torch", "sigmoid-bcewithlogits", 0.66885042,
     [0.013905494, -0.023895191, 0.038233794, -0.0076911142], "[measured: torch 1.13.1 / tfjs 4.22]"),
    ("tfjs", "sigmoid-bce-logits", 0.6688504815101624,
     [0.013905493, -0.023895187, 0.038233794, -0.0076911105], "[measured: torch 1.13.1 / tfjs 4.22]"),
    ("tf-keras", "linear-bce", 4.0295238, [0, 0, 0.49999988, 0], "keras/backend.py@v2.15.0 L5826-5832 [emulated]"),
    ("keras-3.15.1-tensorflow", "linear-bce", 4.2028108, [0, 0, 0.5, 0], "keras/src/backend/tensorflow/nn.py@v3.15.1 L1484-1491 [emulated]"),
    ("keras-3.15.1-jax", "linear-bce", 4.2028108, [0, 0, 0.5, 0], "keras/src/backend/tensorflow/nn.py@v3.15.1 L1484-1491 [emulated]"),
    ("keras-3.15.1-torch", "linear-bce", 4.2028108, [0, 0, 0.5, 0], "keras/src/backend/tensorflow/nn.py@v3.15.1 L1484-1491 [emulated]"),
    ("tfjs", "linear-bce", 4.202810764312744, [0, 0, 0.5, 0], "tfjs-layers/src/losses.ts [measured, tfjs 4.22]"),
    ("keras-3.15.1-jax", "sigmoid-scce", 5.96e-08, [0, 0, 0, 0], "keras/src/backend/jax/nn.py@v3.15.1 L989-1014 [emulated]"),
    ("tf-keras", "sigmoid-mse", 0.20083247, [0.0062577706, -0.073140122, 0.073140129, -0.0062577762], "keras/losses.py@v2.15.0 L1680-1706 [read]"),
    ("keras-3.15.1-jax", "sigmoid-mse", 0.20083247, [0.0062577706, -0.073140122, 0.073140129, -0.0062577762],
     "keras/losses.py@v2.15.0 L1680-1706 [read]"),
    ("torch", "sigmoid-mse", 0.20083247, [0.0062577706, -0.073140122, 0.073140129, -0.0062577762], "[measured: torch 1.13.1 / tfjs 4.22]"),
    ("tfjs", "sigmoid-mse", 0.20083247, [0.0062577706, -0.073140122, 0.073140129, -0.0062577762], "[measured: torch 1.13.1 / tfjs 4.22]"),
    ("torch", "sigmoid-mse-broadcast", 0.3300013, [-0.0199906, -0.0143892, 0.0143892, 0.0199906], "torch 1.13.1 MSELoss broadcast [measured]"),
    ("tf-keras", "sigmoid-hinge", 0.8708311, [0.026248395, -0.058750927, 0.058750927, -0.026248407], "keras/losses.py@v2.15.0 L1958-2040, labels to -1/+1 [emulated]"),
    ("keras-3.15.1-jax", "sigmoid-hinge", 0.8708311, [0.026248395, -0.058750927, 0.058750927, -0.026248407],
     "keras/losses.py@v2.15.0 L1958-2040, labels to -1/+1 [emulated]"),
    ("tfjs", "sigmoid-hinge", 0.6854155659675598, [0, -0.058750927, 0, -0.026248394], "tfjs-layers/src/losses.ts L69-81 [measured, tfjs 4.22]"),
    ("tf-keras", "sigmoid-bce", 0.55050254, [0.02980073, -0.15561482, 0.15561484, -0.02980074], "torch 1.13.1 BCEWithLogitsLoss [measured]"),
    ("torch", "bcewithlogits", 0.55050254, [0.02980073, -0.15561482, 0.15561484, -0.02980074], "torch 1.13.1 BCEWithLogitsLoss [measured]"),
    # K = 4
    ("tf-keras", "softmax-cce", 1.695218, [-0.180967, 0.117366, 0.047717, 0.015884, 0.064941, 0.053170, 0.355486,
                                           -0.473597], "torch 1.13.1 cross_entropy [measured]"),
    ("keras-3.15.1-jax", "softmax-cce", 1.695218, None, "torch 1.13.1 cross_entropy [measured], said of every framework"),
    ("tf-keras", "softmax-bce", 0.9430474, [-0.014900, 0.091382, 0.065622, 0.033618, 0.077807, 0.071805, 0.112531,
                                            -0.074836], "keras/backend.py@v2.15.0 L5490-5498, softmax's cached logits into sigmoid BCE [emulated]"),
    ("keras-3.15.1-tensorflow", "softmax-bce", 0.9430474, None, "keras/backend.py@v2.15.0 L5490-5498, softmax's cached logits into sigmoid BCE [emulated]"),
    ("keras-3.15.1-jax", "softmax-bce", 0.6604168, [-0.080738, 0.054625, 0.019808, 0.006305, -0.009398, -0.008097,
                                                    0.153902, -0.136407], "keras/src/backend/jax/nn.py@v3.15.1 binary_crossentropy [emulated]"),
    ("keras-3.15.1-torch", "softmax-bce", 0.6604168, None, "keras/src/backend/jax/nn.py@v3.15.1 binary_crossentropy [emulated]"),
    ("torch", "softmax-bce", 0.6604168, None, "torch 1.13.1 [measured]"),
    ("tfjs", "softmax-bce", 0.6604168, None, "keras/backend/tensorflow_backend.py@2.2.4 form [emulated]"),
    ("tf-keras", "sigmoid-cce-k", 1.695218, None, "keras/backend.py@v2.15.0 L5528-5592 [read]"),
    ("keras-3.15.1-jax", "sigmoid-cce-k", 1.416746, [-0.037780, 0.040862, 0.051829, 0.040862, 0.047030, 0.048922,
                                                     0.017971, -0.251262], "keras/src/backend/jax/nn.py@v3.15.1 normalise-and-clip [emulated]"),
    ("keras-3.15.1-torch", "sigmoid-cce-k", 1.416746, None, "keras/src/backend/jax/nn.py@v3.15.1 normalise-and-clip [emulated]"),
    ("tfjs", "sigmoid-cce-k", 1.416746, None, "tfjs-layers/src/losses.ts L110-125 [emulated]"),
    ("torch", "ce-sigmoid", 1.379326, [-0.035584, 0.027267, 0.028144, 0.017177, 0.028835, 0.028589, 0.014547,
                                       -0.096499], "torch 1.13.1 CrossEntropyLoss(sigmoid) [measured]"),
    ("tf-keras", "linear-cce", 8.083443, [-0.011905, 0.238095, 0.238095, 0.238095, 0, 0, 0, 0], "keras/backend.py@v2.15.0 L5587-5592 [emulated]"),
    ("keras-3.15.1-jax", "linear-cce", 8.083443, None, "keras/backend.py@v2.15.0 L5587-5592 [emulated]"),
    ("tf-keras", "linear-scce", 8.72391, [0, 0, 0.2381, 0, 0.2778, 0.2778, 0, 0], "keras/backend.py@v2.15.0 L5732-5733 [emulated]"),
    ("keras-3.15.1-tensorflow", "linear-scce", 8.72391, None, "keras/backend.py@v2.15.0 L5732-5733 [emulated]"),
    ("keras-3.15.1-jax", "linear-scce", 8.083443, None, "keras/src/backend/jax/nn.py@v3.15.1 [emulated]"),
    ("keras-3.15.1-torch", "linear-scce", 8.083443, None, "keras/src/backend/torch/nn.py@v3.15.1 [emulated]"),
    ("tf-keras", "softmax-cce-logits", 1.695218, None, "keras/backend.py@v2.15.0 L5513-5521 [read]"),
    ("keras-3.15.1-jax", "softmax-cce-logits", 1.325169, [-0.100364, 0.066505, 0.025556, 0.008303, -0.004239,
                                                          -0.003734, 0.036517, -0.028544], "torch 1.13.1 CrossEntropyLoss(softmax) [measured]"),
    ("torch", "ce-softmax", 1.325169, None, "torch 1.13.1 [measured]"),
    ("torch", "nll-raw", -0.8, [-0.5, 0, 0, 0, 0, 0, 0, -0.5], "torch 1.13.1 [measured]"),
    ("torch", "nll-softmax", -0.3454364, None, "torch 1.13.1 [measured]"),
    ("torch", "bcewithlogits-k", 0.9430474, None, "torch 1.13.1 [measured]"),
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
    d = sys.argv[1] if len(sys.argv) > 1 else "build/ref/claims"
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
            print("%-26s %-22s DIFFERS  earlier loss %.9g (%s); measured: refused: %s" % (fw, cfg, qloss, src, b["error"][:120]))
            n_bad += 1
            continue
        loss = float(b["loss"])
        dz = [float(v) for v in b["dz"].split()]
        ok = close(loss, qloss)
        okdz = qdz is None or all(close(a, q, 2e-3, 2e-6) for a, q in zip(dz, qdz))
        if ok and okdz:
            print("%-26s %-22s agree    loss %.9g (earlier %.9g, %s)" % (fw, cfg, loss, qloss, src))
        else:
            n_bad += 1
            print("%-26s %-22s DIFFERS  loss %.9g vs earlier %.9g; dz %s vs earlier %s (%s)" % (
                fw, cfg, loss, qloss, " ".join("%.6g" % v for v in dz), qdz, src))
    print("%d rows, %d differ" % (len(ROWS), n_bad))


if __name__ == "__main__":
    main()
