#!/usr/bin/env python3
"""parity_atlas.py -- PyTorch reference values for the atlas loss kernels (src/nn/loss_atlas.c).

Writes tests/fixtures/parity_atlas.txt; tests/test_loss_atlas.c compares the C kernels with it.
CI never runs this script: it only reads the committed fixture.

Two kinds of case:
  torch  the behaviour PyTorch itself computes, with the real torch.nn loss modules and autograd:
         BCEWithLogitsLoss(sigmoid(z)), MSELoss (N,1) vs (N,) broadcasting, CrossEntropyLoss(softmax),
         CrossEntropyLoss(sigmoid), NLLLoss(z), NLLLoss(softmax), BCELoss(softmax) on one and on K
         units, BCEWithLogitsLoss(softmax) on one unit, CrossEntropyLoss on one unit with float (N,1)
         and squeezed (N,) targets, HingeEmbeddingLoss and SoftMarginLoss on sigmoid outputs.
  emul   a Keras / TF.js source formula (quoted in loss_atlas.c) written with torch float32 ops and
         differentiated by autograd: a cross-check of the C formula and of its clip masks, not a
         TensorFlow measurement.
plus the messages PyTorch prints for the refused or warned configurations (msg lines).

Run (torch from a venv under build/, never a system-wide install):
    python3 -m venv build/venv-torch && build/venv-torch/bin/pip install torch==2.13.0 numpy
    build/venv-torch/bin/python tools/parity_atlas.py
    make build/rel/tests/test_loss_atlas && (cd tests && ../build/rel/tests/test_loss_atlas)

Format (one item per line; '#' lines are comments):
    torch <version>
    case <kernel-id> <torch|emul> <B> <U>
    z <B*U floats>   y <B ints>   losses <B floats>   loss <float>   dz <B*U floats>
    msg <key> <text to the end of the line>
losses are per sample as the framework reports them (the row mean where the loss averages over the
K columns, the row mean of the N x N matrix for the broadcast MSE); loss is the mean the loss
module returns; dz is autograd's gradient of that mean w.r.t. z. float32 throughout.
"""
import os
import warnings

import torch

F = torch.nn.functional
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "tests", "fixtures", "parity_atlas.txt")
F32 = torch.float32
EPS = torch.tensor(1e-7, dtype=F32)
HI = torch.tensor(1.0, dtype=F32) - EPS          # 0.99999988 = 1 - 2^-23


def clip(x):
    # torch.clamp passes the gradient on [EPS, HI] bounds included, as TF's clip_by_value does
    # (torch.maximum / torch.minimum would split it in half at a tie)
    return torch.clamp(x, EPS, HI)


# ---- batches ------------------------------------------------------------------------------
# binary: the reference test vector, a spread batch, and a batch with inputs inside and outside (0,1)
BIN = [
    ([-2.0, -0.5, 0.5, 2.0], [0, 1, 0, 1]),
    ([-3.1, -1.2, -0.3, 0.05, 0.4, 0.9, 1.7, 4.2], [1, 0, 0, 1, 1, 0, 1, 1]),
]
RAW = [
    ([-2.0, -0.5, 0.5, 2.0], [0, 1, 0, 1]),
    ([-0.7, 0.03, 0.2, 0.45, 0.8, 0.97, 1.3, 2.5], [1, 0, 1, 0, 1, 0, 0, 1]),
    # exactly on the clip bounds eps and 1 - eps (float32): the gradient still passes there
    ([1e-7, 0.99999988, 1e-7, 0.99999988], [1, 0, 0, 1]),
]
# multi-class: the reference tiny example (K=4), a K=4 batch with a saturated wrong row, a K=3 batch
MULTI = [
    ([[2.0, 1.0, 0.1, -1.0], [0.5, 0.3, 2.2, -0.4]], [0, 3]),
    ([[0.3, -1.2, 2.5, 0.7], [-0.4, 0.9, 0.1, -2.2], [1.1, 1.3, -0.6, 0.2],
      [5.0, 0.0, 0.0, 0.0], [-1.5, 2.8, 0.4, 1.0], [0.0, 0.2, -0.1, 3.3]], [2, 1, 0, 3, 1, 3]),
    ([[0.8, -0.3, 1.9], [-1.1, 0.4, 0.6], [2.2, 2.0, -0.5], [0.1, -0.9, -1.7], [1.4, 0.3, 0.9]],
     [2, 1, 0, 0, 1]),
]
# the saturated row where PyTorch's BCELoss backward spikes (z = [17,0,0,0], y = 3)
SPIKE = [([[17.0, 0.0, 0.0, 0.0], [0.5, 0.3, 2.2, -0.4]], [3, 3])]
# linear outputs for cce-raw / scce-raw: positive sums with some q_y outside (0,1), and raw values
# inside and outside (0,1)
RAWK = [
    ([[2.0, 1.0, 0.1, -1.0], [0.5, 0.3, 2.2, -0.4]], [0, 3]),
    ([[0.9, 0.4, 1.2, 0.3], [0.2, 0.7, 0.5, 0.6], [1.5, -0.3, 0.4, 0.8], [0.35, 0.15, 0.8, 0.6],
      [-0.6, 0.5, 1.4, 0.25]], [2, 1, 0, 3, 1]),
]


# ---- one-unit losses: (z (N,1) leaf, y float (N,)) -> per-sample (N,), mean --------------------
def onehot(y, K):
    return F.one_hot(y, K).to(F32)


def per_and_mean(per):
    return per, per.mean()


def k_softmax1_bce_torch(z, y):      # torch
    s = torch.softmax(z, 1)
    m = torch.nn.BCELoss()(s, y.view(-1, 1))
    per = torch.nn.BCELoss(reduction="none")(s, y.view(-1, 1)).view(-1)
    return per, m


def k_softmax1_bcelogits_torch(z, y):  # torch
    s = torch.softmax(z, 1)
    m = torch.nn.BCEWithLogitsLoss()(s, y.view(-1, 1))
    per = torch.nn.BCEWithLogitsLoss(reduction="none")(s, y.view(-1, 1)).view(-1)
    return per, m


def k_ce1_float_torch(z, y):          # torch
    t = y.view(-1, 1)
    m = torch.nn.CrossEntropyLoss()(z, t)
    per = torch.nn.CrossEntropyLoss(reduction="none")(z, t)
    return per, m


def k_ce1_squeezed_torch(z, y):       # torch: one unbatched sample with N classes
    zs = z.view(-1)
    m = torch.nn.CrossEntropyLoss()(zs, y)
    per = (zs.shape[0] * (-(y * torch.log_softmax(zs, 0)))).detach()
    return per, m


def k_bce_double(z, y):               # torch
    x = torch.sigmoid(z)
    m = torch.nn.BCEWithLogitsLoss()(x, y.view(-1, 1))
    per = torch.nn.BCEWithLogitsLoss(reduction="none")(x, y.view(-1, 1)).view(-1)
    return per, m


def k_mse(z, y):                      # torch, same shapes
    p = torch.sigmoid(z)
    m = torch.nn.MSELoss()(p, y.view(-1, 1))
    per = torch.nn.MSELoss(reduction="none")(p, y.view(-1, 1)).view(-1)
    return per, m


def k_mse_broadcast(z, y):            # torch: (N,1) vs (N,) -> N x N
    p = torch.sigmoid(z)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        m = torch.nn.MSELoss()(p, y)
        per = torch.nn.MSELoss(reduction="none")(p, y).mean(1)
    return per, m


def k_hinge_embedding_torch(z, y):    # torch
    p = torch.sigmoid(z).view(-1)
    m = torch.nn.HingeEmbeddingLoss()(p, y)
    per = torch.nn.HingeEmbeddingLoss(reduction="none")(p, y)
    return per, m


def k_soft_margin_torch(z, y):        # torch
    p = torch.sigmoid(z).view(-1)
    m = torch.nn.SoftMarginLoss()(p, y)
    per = torch.nn.SoftMarginLoss(reduction="none")(p, y)
    return per, m


def k_softmax1_bce(z, y):             # emul: TF's sigmoid xent on the cached logit
    return per_and_mean(sigxent_tf(z.view(-1), y))


def bce_clip_plain(x, y):
    c = clip(x)
    return -(y * torch.log(c) + (1 - y) * torch.log(1 - c))


def bce_clipeps(x, y):
    c = clip(x)
    return -(y * torch.log(c + EPS) + (1 - y) * torch.log(1 - c + EPS))


def sigxent_tf(t, y):
    """TF's sigmoid_cross_entropy_with_logits and TF.js's sigmoidCrossEntropyWithLogits, as written
    in their sources: relu(t) - t*y + log1p(exp(-|t|)). (torch 2.13's BCEWithLogitsLoss computes
    (1-y)t - log_sigmoid(t) instead, which rounds to 0 where this form gives 1e-7, e.g. t = -16.1.)"""
    value = torch.relu(t) - t * y + torch.log1p(torch.exp(-torch.abs(t)))
    # Gradient: sigmoid(t) - y. Torch autograd of this relu/abs form has a kink at t = 0 exactly
    # (z = 0.5 on a linear head gives c = 0.5, t = 0): relu'(0) = sign(0) = 0 give -y there. TF
    # builds it with where(logits >= 0, ...) (tensorflow/python/ops/nn_impl.py), whose gradient at 0
    # is 1 - y - 0.5 = sigmoid(0) - y, and TF.js's abs gradient step(0, -1) = -1 gives the same
    # (measured: grad 0.5 at z = 0.5, y = 0). So take the smooth gradient.
    smooth = F.softplus(t) - t * y
    return value.detach() + (smooth - smooth.detach())


def bce_logit(x, y):
    c = clip(x)
    return sigxent_tf(torch.log(c / (1 - c)), y)


def k_softmax1_bce_frozen(z, y):      # emul: Keras 3 JAX
    return per_and_mean(bce_clip_plain(torch.softmax(z, 1).view(-1), y))


def k_softmax1_bce_logit(z, y):       # emul: TF.js / Keras 2.2
    return per_and_mean(bce_logit(torch.softmax(z, 1).view(-1), y))


def k_softmax1_bce_clipeps(z, y):     # emul: tf.keras 2.0-2.3 [I]
    return per_and_mean(bce_clipeps(torch.softmax(z, 1).view(-1), y))


def k_softmax1_cce_frozen(z, y):      # emul: Keras 3 JAX CCE
    s = torch.softmax(z, 1)
    q = clip(s / s.sum(1, keepdim=True))
    return per_and_mean(-(y.view(-1, 1) * torch.log(q)).sum(1))


def k_scce1_jax(z, y):                # emul: Keras 3 JAX SCCE on one sigmoid unit
    p = torch.sigmoid(z)
    oh = (y == 0).to(F32).view(-1, 1)      # jax one_hot(y, 1): label 1 -> [0]
    q = clip(p / p.sum(1, keepdim=True))
    return per_and_mean(-(oh * torch.log(q)).sum(1))


def k_bce_raw(z, y):                  # emul: tf.keras clip + log(c + eps)
    return per_and_mean(bce_clipeps(z.view(-1), y))


def k_bce_raw_plain(z, y):            # emul: Keras 3
    return per_and_mean(bce_clip_plain(z.view(-1), y))


def k_bce_raw_logit(z, y):            # emul: TF.js / Keras 2.2
    return per_and_mean(bce_logit(z.view(-1), y))


def hinge_any(z, y, convert, squared):
    p = torch.sigmoid(z).view(-1)
    yy = 2 * y - 1 if convert and bool(((y == 0) | (y == 1)).all()) else y
    h = torch.clamp_min(1 - yy * p, 0)
    return per_and_mean(h * h if squared else h)


def k_hinge(z, y):
    return hinge_any(z, y, True, False)


def k_hinge_raw(z, y):
    return hinge_any(z, y, False, False)


def k_squared_hinge(z, y):
    return hinge_any(z, y, True, True)


def k_squared_hinge_raw(z, y):
    return hinge_any(z, y, False, True)


# ---- K-unit losses: (z (B,K) leaf, y long (B,)) -> per-sample (B,), mean -----------------------
def k_softmax_bce_torch(z, y):        # torch
    s, Y = torch.softmax(z, 1), onehot(y, z.shape[1])
    m = torch.nn.BCELoss()(s, Y)
    per = torch.nn.BCELoss(reduction="none")(s, Y).mean(1)
    return per, m


def k_softmax_bce(z, y):              # emul: TF's sigmoid xent on the cached logits, mean over K
    return per_and_mean(sigxent_tf(z, onehot(y, z.shape[1])).mean(1))


def k_softmax_bce_legacy(z, y):       # emul: Keras 2.2 logit round-trip
    return per_and_mean(bce_logit(torch.softmax(z, 1), onehot(y, z.shape[1])).mean(1))


def k_softmax_bce_clipeps(z, y):      # emul: Keras 2.3 / tf.keras <= 2.3
    return per_and_mean(bce_clipeps(torch.softmax(z, 1), onehot(y, z.shape[1])).mean(1))


def k_softmax_bce_clip(z, y):         # emul: Keras 3 JAX
    return per_and_mean(bce_clip_plain(torch.softmax(z, 1), onehot(y, z.shape[1])).mean(1))


def k_sigmoid_cce(z, y):              # emul: cached logits = CrossEntropyLoss(z, y)
    return torch.nn.CrossEntropyLoss(reduction="none")(z, y), torch.nn.CrossEntropyLoss()(z, y)


def k_sigmoid_cce_norm(z, y):         # emul: normalise, clip, -sum Y log
    p = torch.sigmoid(z)
    q = clip(p / p.sum(1, keepdim=True))
    return per_and_mean(-(onehot(y, z.shape[1]) * torch.log(q)).sum(1))


def k_ce_sigmoid(z, y):               # torch
    p = torch.sigmoid(z)
    return torch.nn.CrossEntropyLoss(reduction="none")(p, y), torch.nn.CrossEntropyLoss()(p, y)


def k_ce_softmax(z, y):               # torch: double softmax
    s = torch.softmax(z, 1)
    return torch.nn.CrossEntropyLoss(reduction="none")(s, y), torch.nn.CrossEntropyLoss()(s, y)


def k_cce_raw(z, y):                  # emul: z / sum z, clip, -sum Y log
    q = clip(z / z.sum(1, keepdim=True))
    return per_and_mean(-(onehot(y, z.shape[1]) * torch.log(q)).sum(1))


def k_scce_raw(z, y):                 # emul: clip raw, log, sparse softmax xent
    lg = torch.log(clip(z))
    return torch.nn.CrossEntropyLoss(reduction="none")(lg, y), torch.nn.CrossEntropyLoss()(lg, y)


def k_nll_raw(z, y):                  # torch
    return torch.nn.NLLLoss(reduction="none")(z, y), torch.nn.NLLLoss()(z, y)


def k_nll_softmax(z, y):              # torch
    s = torch.softmax(z, 1)
    return torch.nn.NLLLoss(reduction="none")(s, y), torch.nn.NLLLoss()(s, y)


# kernel id (as in tests/test_loss_atlas.c), kind, one-unit?, function, batches
CASES = [
    ("softmax1-bce", "emul", True, k_softmax1_bce, BIN),
    ("softmax1-bce-frozen", "emul", True, k_softmax1_bce_frozen, BIN),
    ("softmax1-bce-logit", "emul", True, k_softmax1_bce_logit, BIN),
    ("softmax1-bce-clipeps", "emul", True, k_softmax1_bce_clipeps, BIN),
    ("softmax1-bce-torch", "torch", True, k_softmax1_bce_torch, BIN),
    ("softmax1-bcelogits-torch", "torch", True, k_softmax1_bcelogits_torch, BIN),
    ("softmax1-cce-frozen", "emul", True, k_softmax1_cce_frozen, BIN),
    ("ce1-float-torch", "torch", True, k_ce1_float_torch, BIN),
    ("ce1-squeezed-torch", "torch", True, k_ce1_squeezed_torch, BIN),
    ("scce1-jax", "emul", True, k_scce1_jax, BIN),
    ("bce-double", "torch", True, k_bce_double, BIN),
    ("bce-raw", "emul", True, k_bce_raw, RAW),
    ("bce-raw-plain", "emul", True, k_bce_raw_plain, RAW),
    ("bce-raw-logit", "emul", True, k_bce_raw_logit, RAW),
    ("mse", "torch", True, k_mse, BIN),
    ("mse-broadcast", "torch", True, k_mse_broadcast, BIN),
    ("hinge", "emul", True, k_hinge, BIN),
    ("hinge-raw", "emul", True, k_hinge_raw, BIN),
    ("squared-hinge", "emul", True, k_squared_hinge, BIN),
    ("squared-hinge-raw", "emul", True, k_squared_hinge_raw, BIN),
    ("hinge-embedding-torch", "torch", True, k_hinge_embedding_torch, BIN),
    ("soft-margin-torch", "torch", True, k_soft_margin_torch, BIN),
    ("softmax-bce-legacy", "emul", False, k_softmax_bce_legacy, MULTI),
    ("softmax-bce-clipeps", "emul", False, k_softmax_bce_clipeps, MULTI),
    ("softmax-bce-clip", "emul", False, k_softmax_bce_clip, MULTI),
    ("softmax-bce-torch", "torch", False, k_softmax_bce_torch, MULTI + SPIKE),
    ("softmax-bce", "emul", False, k_softmax_bce, MULTI),
    ("sigmoid-cce", "emul", False, k_sigmoid_cce, MULTI),
    ("sigmoid-cce-norm", "emul", False, k_sigmoid_cce_norm, MULTI),
    ("ce-sigmoid", "torch", False, k_ce_sigmoid, MULTI),
    ("ce-softmax", "torch", False, k_ce_softmax, MULTI),
    ("cce-raw", "emul", False, k_cce_raw, RAWK),
    ("scce-raw", "emul", False, k_scce_raw, RAWK),
    ("nll-raw", "torch", False, k_nll_raw, MULTI),
    ("nll-softmax", "torch", False, k_nll_softmax, MULTI),
]


def fmt(vals):
    return " ".join("%.9g" % v for v in vals)


def message(f):
    """The exception or warning text a call produces, as 'Type: text'."""
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        try:
            f()
        except Exception as e:   # noqa: BLE001 -- the message is what we record
            return "%s: %s" % (type(e).__name__, e)
        if w:
            return "%s: %s" % (w[0].category.__name__, w[0].message)
    return "(no error, no warning)"


def messages():
    out = []
    for n in (4, 8):
        z = torch.linspace(-1, 1, n).view(-1, 1)
        y = (torch.arange(n) % 2).to(F32)
        out.append(("ce1_int_%d" % n, message(lambda: torch.nn.CrossEntropyLoss()(z, y.long()))))
        out.append(("nll1_int_%d" % n, message(
            lambda: torch.nn.NLLLoss()(torch.log(torch.softmax(z, 1)), y.long()))))
        out.append(("mse_broadcast_%d" % n, message(lambda: torch.nn.MSELoss()(torch.sigmoid(z), y))))
        out.append(("bce_shape_%d" % n, message(lambda: torch.nn.BCELoss()(torch.sigmoid(z), y))))
        out.append(("bcel_shape_%d" % n, message(lambda: torch.nn.BCEWithLogitsLoss()(z, y))))
        out.append(("bce_range_%d" % n, message(lambda: torch.nn.BCELoss()(z * 3, y.view(-1, 1)))))
        out.append(("ce1_long_n1_%d" % n, message(
            lambda: torch.nn.CrossEntropyLoss()(z, y.long().view(-1, 1)))))
        out.append(("ce1_float_n_%d" % n, message(lambda: torch.nn.CrossEntropyLoss()(z, y))))
    return out


def main():
    torch.set_num_threads(1)
    lines = ["# losslab atlas parity reference: written by tools/parity_atlas.py; float32.",
             "# torch cases use the real torch.nn losses; emul cases are Keras/TF.js source formulas",
             "# written in torch ops (autograd), a check of the C formulas, not a TF measurement.",
             "torch %s" % torch.__version__]
    for kid, kind, one, fn, batches in CASES:
        for zv, yv in batches:
            z = torch.tensor(zv, dtype=F32)
            if one:
                z = z.view(-1, 1)
            z.requires_grad_(True)
            B, U = z.shape
            if one:
                y = torch.tensor(yv, dtype=F32)
            else:
                y = torch.tensor(yv, dtype=torch.long)
            per, mean = fn(z, y)
            mean.backward()
            lines.append("case %s %s %d %d" % (kid, kind, B, U))
            lines.append("z " + fmt(z.detach().view(-1).tolist()))
            lines.append("y " + " ".join(str(int(v)) for v in yv))
            lines.append("losses " + fmt(per.detach().view(-1).tolist()))
            lines.append("loss " + fmt([float(mean.detach())]))
            lines.append("dz " + fmt(z.grad.view(-1).tolist()))
            print("%-26s %-5s B=%d U=%d loss %.9g" % (kid, kind, B, U, float(mean.detach())))
    for key, text in messages():
        lines.append("msg %s %s" % (key, text.replace("\n", " ")))
    with open(OUT, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("wrote", os.path.normpath(OUT))


if __name__ == "__main__":
    main()
