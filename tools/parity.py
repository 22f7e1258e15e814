#!/usr/bin/python3
"""parity.py -- the PyTorch twin of losslab's numeric core (llm.c's train_gpt2.py role).

Reads tests/fixtures/parity_in.txt (inputs and initial weights, written by the C test), builds the
same model by hand in torch (float64), and writes tests/fixtures/parity.txt: for each recurrent
activation (hard_sigmoid, sigmoid) and each of the five set-ups, the logits, per-sample and mean
loss, every gradient and the parameters after one Keras-form Adam step. tests/test_parity.c
compares the C code against that file; CI only reads the committed fixtures (no torch there).

Regenerate (PyTorch 1.13 comes from Debian, so use /usr/bin/python3, not a pyenv python3):
    make build/rel/tests/test_parity
    (cd tests && LOSSLAB_PARITY_WRITE=1 ../build/rel/tests/test_parity)   # writes parity_in.txt
    /usr/bin/python3 tools/parity.py                                     # writes parity.txt
    (cd tests && ../build/rel/tests/test_parity)                          # compares

The model (Keras semantics, docs/semantics.md section 4), written out by hand because
nn.LSTM orders its gates i, f, g, o with two biases and has no hard_sigmoid:
    z_t = x_t W + h_{t-1} U + b, gate blocks i, f, c(=g), o
    i, f, o = ra(z) with ra = hard_sigmoid clip(0.2x + 0.5, 0, 1) or sigmoid; g = tanh(z)
    c_t = f c_{t-1} + i g;  h_t = o tanh(c_t);  a = h_T D1 + d1;  z = a D2 + d2
The set-ups (heads.h):
    bce            binary_cross_entropy_with_logits, mean over the batch
    cce1           tf.keras >= 2.4: loss exactly 0, gradient into the logit (1 - y)/B. There is no
                   torch op with that behaviour, so it is a custom autograd Function (CCE1 below)
                   whose forward returns 0 and whose backward returns (1 - y) times the incoming
                   gradient (1/B from the mean).
    cce1-frozen    float32 like Keras: p = sigmoid(z); clip(p / sum(p), 1e-7, 1 - 1e-7); -y log;
                   the clip's gradient is 0 at 1, so autograd gives exactly 0.
    cce1-textbook  -y log(clip(sigmoid(z), 1e-7, 1 - 1e-7)), by autograd.
    cce2           2-unit softmax cross-entropy (F.cross_entropy), mean.
Adam (Keras form, t = 1, hyper-parameters at their float32 values):
    alpha = lr sqrt(1 - b2^t) / (1 - b1^t); m = (g - 0)(1 - b1); v = (g^2 - 0)(1 - b2);
    p -= m alpha / (sqrt(v) + eps)
"""
import os
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.join(HERE, "..", "tests", "fixtures")
IN_PATH = os.path.join(FIX, "parity_in.txt")
OUT_PATH = os.path.join(FIX, "parity.txt")

SETUPS = ["bce", "cce1", "cce1-frozen", "cce1-textbook", "cce2"]
RACTS = ["hard_sigmoid", "sigmoid"]
PARAMS = ["W", "U", "b", "D1", "d1", "D2", "d2"]


def read_inputs(path):
    shape, tensors = None, {}
    with open(path) as f:
        lines = [ln.split() for ln in f if ln.strip() and not ln.startswith("#")]
    it = iter(lines)
    for tok in it:
        if tok[0] == "shape":
            shape = dict(zip(["B", "T", "F", "H", "D"], map(int, tok[1:6])))
        elif tok[0] == "tensor":
            name, n = tok[1], int(tok[2])
            vals = []
            while len(vals) < n:
                vals += [float(v) for v in next(it)]
            tensors[name] = np.array(vals, dtype=np.float64)
        else:
            sys.exit("parity.py: %s: unexpected line %r" % (path, " ".join(tok)))
    return shape, tensors


class CCE1(torch.autograd.Function):
    """tf.keras >= 2.4 on one cached logit: per-sample loss 0, d loss / d z = 1 - y."""

    @staticmethod
    def forward(ctx, z, y):
        ctx.save_for_backward(y)
        return torch.zeros_like(z[:, 0])

    @staticmethod
    def backward(ctx, g):
        (y,) = ctx.saved_tensors
        return (g * (1.0 - y)).unsqueeze(1), None


def per_sample_loss(setup, z, y):
    if setup == "bce":
        return torch.nn.functional.binary_cross_entropy_with_logits(z[:, 0], y, reduction="none")
    if setup == "cce1":
        return CCE1.apply(z, y)
    if setup == "cce1-frozen":
        p = torch.sigmoid(z.float())
        q = torch.clamp(p / p.sum(dim=1, keepdim=True), 1e-7, 1 - 1e-7)   # float32 bounds
        return (-(y.float().unsqueeze(1) * torch.log(q)).sum(dim=1)).double()
    if setup == "cce1-textbook":
        p = torch.clamp(torch.sigmoid(z[:, 0]), 1e-7, 1 - 1e-7)
        return -y * torch.log(p)
    if setup == "cce2":
        return torch.nn.functional.cross_entropy(z, y.long(), reduction="none")
    raise ValueError(setup)


def forward(shape, P, x, hard):
    B, T, H = shape["B"], shape["T"], shape["H"]
    h = torch.zeros(B, H, dtype=torch.float64)
    c = torch.zeros(B, H, dtype=torch.float64)
    margin, nclip = float("inf"), 0
    for t in range(T):
        z = x[:, t, :] @ P["W"] + h @ P["U"] + P["b"]
        zi, zf, zg, zo = z[:, :H], z[:, H:2 * H], z[:, 2 * H:3 * H], z[:, 3 * H:]
        if hard:
            def ra(v):
                return torch.clamp(0.2 * v + 0.5, 0.0, 1.0)
            u = 0.2 * torch.cat([zi, zf, zo], 1).detach() + 0.5
            margin = min(margin, float(torch.minimum(u.abs(), (u - 1).abs()).min()))
            nclip += int(((u < 0) | (u > 1)).sum())
        else:
            ra = torch.sigmoid
        i, f, g, o = ra(zi), ra(zf), torch.tanh(zg), ra(zo)
        c = f * c + i * g
        h = o * torch.tanh(c)
    a = h @ P["D1"] + P["d1"]
    return a @ P["D2"] + P["d2"], margin, nclip


def fmt(vals):
    return "\n".join(" ".join("%.17g" % v for v in vals[i:i + 6]) for i in range(0, len(vals), 6))


def main():
    shape, inp = read_inputs(IN_PATH)
    B, T, F, H, D = (shape[k] for k in "BTFHD")
    x = torch.tensor(inp["x"]).reshape(B, T, F)
    y = torch.tensor(inp["y"])
    lr, b1, b2, eps = (float(np.float32(v)) for v in (1e-3, 0.9, 0.999, 1e-7))
    out = ["# losslab parity reference: written by tools/parity.py (torch %s, float64) from "
           "parity_in.txt" % torch.__version__,
           "# case <ract> <setup>, then tensors: z, losses (B), loss (mean), dz, g<param>, "
           "p<param> (after one Adam step)"]
    for ract in RACTS:
        for setup in SETUPS:
            K = 2 if setup == "cce2" else 1
            shapes = {"W": (F, 4 * H), "U": (H, 4 * H), "b": (4 * H,), "D1": (H, D), "d1": (D,),
                      "D2": (D, K), "d2": (K,)}
            P = {}
            for name in PARAMS:
                key = name if name in ("W", "U", "b", "D1", "d1") else "%s_%d" % (name, K)
                P[name] = torch.tensor(inp[key]).reshape(shapes[name]).requires_grad_(True)
            z, margin, nclip = forward(shape, P, x, ract == "hard_sigmoid")
            z.retain_grad()
            losses = per_sample_loss(setup, z, y)
            loss = losses.mean()
            loss.backward()
            if ract == "hard_sigmoid":
                assert margin > 1e-4, "a hard_sigmoid input sits on a kink: pick other inputs"
                assert nclip > 0, "no hard_sigmoid gate is clipped: pick larger inputs"
            if setup == "cce1-textbook":
                p = torch.sigmoid(z[:, 0]).detach()
                assert bool(((p > 1e-6) & (p < 1 - 1e-6)).all()), "textbook clip reached"
            out.append("case %s %s" % (ract, setup))
            tensors = [("z", z.detach().flatten()), ("losses", losses.detach()),
                       ("loss", loss.detach().reshape(1)), ("dz", z.grad.flatten())]
            for name in PARAMS:
                tensors.append(("g" + name, P[name].grad.flatten()))
            for name in PARAMS:
                g = P[name].grad.detach()
                alpha = lr * np.sqrt(1 - b2) / (1 - b1)
                m = g * (1 - b1)
                v = g * g * (1 - b2)
                tensors.append(("p" + name, (P[name].detach() - m * alpha / (torch.sqrt(v) + eps)).flatten()))
            for name, t in tensors:
                vals = t.tolist()
                out.append("tensor %s %d" % (name, len(vals)))
                out.append(fmt(vals))
            print("%-12s %-14s loss %.9g  margin %.3g  clipped %d" % (ract, setup, float(loss), margin, nclip))
    with open(OUT_PATH, "w") as f:
        f.write("\n".join(out) + "\n")
    print("wrote", OUT_PATH)


if __name__ == "__main__":
    main()
