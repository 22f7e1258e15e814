#!/usr/bin/env python3
"""pytorch_setups.py -- losslab's five set-ups with real PyTorch, on data losslab exported.

    losslab --export data.csv                       # the built-in demo data (6000 x 5 x 10)
    python3 examples/pytorch_setups.py data.csv     # train the five set-ups, print the outcomes

The CSV is what `losslab --export` writes: a header, then per row T*F feature values (time step
by time step) and the label (0 or 1). The validation set is the last --val share of the rows, as
Keras's validation_split takes it and as losslab does.

The model is losslab's (and the question's): LSTM(H) -> Dense(16, linear) -> head, written out by
hand because torch.nn.LSTM has no hard_sigmoid recurrent activation (Keras 2's default, and the
question's): gates i, f, c, o; i, f, o = clip(0.2 z + 0.5, 0, 1); c_t = f c + i tanh(z_c);
h_t = o tanh(c_t). Keras's initialisers (glorot_uniform kernels, orthogonal recurrent kernel,
forget-gate bias 1, zero biases); every set-up starts from the same trunk weights. Adam
(lr 1e-3, eps 1e-7), batch 32, the training rows reshuffled every epoch.

The set-ups (the loss each framework really computes; losslab --help lists them):
    bce            Dense(1, sigmoid) + binary cross-entropy           -> learns
    cce1           Dense(1, sigmoid) + categorical cross-entropy as tf.keras >= 2.4 runs it: the
                   softmax cross-entropy of the single cached logit. The softmax of one logit is 1,
                   so the loss is exactly 0, but its gradient into the logit is 1 - y per sample:
                   every step pushes the logit down -> every prediction class 0. No torch loss
                   behaves so; CCE1 below is a custom autograd Function with that forward and
                   that backward.
    cce1-frozen    the same configuration as Keras 3 (on JAX or PyTorch), TF 2.2-2.3 and TF.js
                   compute it: p / sum(p) = 1, clipped to 1 - 1e-7, loss y * 1.19e-7, gradient
                   exactly 0 -> the weights never move.
    cce1-textbook  -y log p, the formula of the usual answer -> every prediction class 1.
    cce2           Dense(2, softmax) + categorical cross-entropy, one-hot labels -> learns.

Output: one line per set-up,
    outcome SETUP OUTCOME val_acc=A val_pred1=P
with OUTCOME one of: learns, collapsed-0, collapsed-1, frozen, base-rate (neither collapsed nor
better than the majority class). The rules are losslab's: frozen = no parameter changed at all;
collapsed-k = at least 99% of the validation predictions are class k; learns = the validation
accuracy beats the majority class's share by 2 points.

Needs torch and numpy; nothing of losslab. Tested with PyTorch 2.13 (CPU).
"""
import argparse
import copy
import sys

import numpy as np
import torch
import torch.nn.functional as F

SETUPS = ["bce", "cce1", "cce1-frozen", "cce1-textbook", "cce2"]
EPS = 1e-7  # Keras's backend epsilon, the clip of the cross-entropies


def read_export(path, T):
    """(x (N, T, F) float32, y (N,) int64) from a `losslab --export` CSV."""
    try:
        data = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float32, ndmin=2)
    except (OSError, ValueError) as e:
        sys.exit("pytorch_setups.py: %s: %s" % (path, e))
    n, cols = data.shape
    if (cols - 1) % T:
        sys.exit("pytorch_setups.py: %s: %d feature columns are not a multiple of --timesteps %d"
                 % (path, cols - 1, T))
    x = data[:, :-1].reshape(n, T, (cols - 1) // T)
    y = data[:, -1].astype(np.int64)
    if not set(np.unique(y)) <= {0, 1}:
        sys.exit("pytorch_setups.py: %s: labels must be 0 or 1" % path)
    return torch.from_numpy(x), torch.from_numpy(y)


def hard_sigmoid(z):
    return torch.clamp(0.2 * z + 0.5, 0.0, 1.0)


class Trunk(torch.nn.Module):
    """Keras LSTM(H) (gate blocks i, f, c, o) -> Dense(D, linear)."""

    def __init__(self, F_in, H, D, recurrent):
        super().__init__()
        self.H = H
        self.ract = hard_sigmoid if recurrent == "hard_sigmoid" else torch.sigmoid
        self.W = torch.nn.Parameter(torch.empty(F_in, 4 * H))
        self.U = torch.nn.Parameter(torch.empty(H, 4 * H))
        self.b = torch.nn.Parameter(torch.zeros(4 * H))
        self.D1 = torch.nn.Parameter(torch.empty(H, D))
        self.d1 = torch.nn.Parameter(torch.zeros(D))
        # Keras: glorot_uniform kernel; orthogonal recurrent kernel; unit_forget_bias
        torch.nn.init.xavier_uniform_(self.W)
        torch.nn.init.orthogonal_(self.U)
        torch.nn.init.xavier_uniform_(self.D1)
        with torch.no_grad():
            self.b[H:2 * H] = 1.0

    def forward(self, x):
        B, T, _ = x.shape
        H = self.H
        h = x.new_zeros(B, H)
        c = x.new_zeros(B, H)
        for t in range(T):
            z = x[:, t] @ self.W + h @ self.U + self.b
            i, f = self.ract(z[:, :H]), self.ract(z[:, H:2 * H])
            g, o = torch.tanh(z[:, 2 * H:3 * H]), self.ract(z[:, 3 * H:])
            c = f * c + i * g
            h = o * torch.tanh(c)
        return h @ self.D1 + self.d1


class CCE1(torch.autograd.Function):
    """tf.keras >= 2.4's categorical cross-entropy on one sigmoid unit: it takes the logit the
    sigmoid cached and computes softmax cross-entropy on it. Per sample: loss 0, d loss/d z = 1 - y."""

    @staticmethod
    def forward(ctx, z, y):
        ctx.save_for_backward(y)
        return torch.zeros_like(z[:, 0])

    @staticmethod
    def backward(ctx, g):
        (y,) = ctx.saved_tensors
        return (g * (1.0 - y)).unsqueeze(1), None


def loss_of(setup, z, y):
    """Mean loss over the batch. z: head logits (B, 1) or (B, 2); y: labels (B,) int64."""
    yf = y.float()
    if setup == "bce":
        return F.binary_cross_entropy_with_logits(z[:, 0], yf)
    if setup == "cce1":
        return CCE1.apply(z, yf).mean()
    if setup == "cce1-frozen":
        p = torch.sigmoid(z)
        q = torch.clamp(p / p.sum(dim=1, keepdim=True), EPS, 1.0 - EPS)
        return (-yf * torch.log(q[:, 0])).mean()
    if setup == "cce1-textbook":
        p = torch.clamp(torch.sigmoid(z[:, 0]), EPS, 1.0 - EPS)
        return (-yf * torch.log(p)).mean()
    if setup == "cce2":
        return F.cross_entropy(z, y)
    raise ValueError(setup)


def predict(setup, z):
    """Predicted class: p >= 0.5 for the one-unit heads, argmax for the two-unit head."""
    if setup == "cce2":
        return z.argmax(dim=1)
    return (torch.sigmoid(z[:, 0]) >= 0.5).long()


def outcome(frozen, pred, yv):
    acc = (pred == yv).float().mean().item()
    pred1 = pred.float().mean().item()
    base = max(yv.float().mean().item(), 1.0 - yv.float().mean().item())
    if frozen:
        word = "frozen"
    elif pred1 <= 0.01:
        word = "collapsed-0"
    elif pred1 >= 0.99:
        word = "collapsed-1"
    elif acc > base + 0.02:
        word = "learns"
    else:
        word = "base-rate"
    return word, acc, pred1


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("csv", help="a file written by `losslab --export FILE`")
    ap.add_argument("--timesteps", type=int, default=5)
    ap.add_argument("--models", default=",".join(SETUPS))
    ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--hidden", type=int, default=32)
    ap.add_argument("--dense", type=int, default=16)
    ap.add_argument("--recurrent", choices=["hard_sigmoid", "sigmoid"], default="hard_sigmoid")
    ap.add_argument("--val", type=float, default=0.1)
    ap.add_argument("--seed", type=int, default=42)
    a = ap.parse_args()
    models = a.models.split(",")
    for m in models:
        if m not in SETUPS:
            sys.exit("pytorch_setups.py: --models: unknown set-up '%s' (known: %s)" % (m, ", ".join(SETUPS)))

    torch.set_num_threads(1)
    torch.manual_seed(a.seed)
    x, y = read_export(a.csv, a.timesteps)
    nval = int(round(len(y) * a.val))
    xt, yt, xv, yv = x[:-nval], y[:-nval], x[-nval:], y[-nval:]
    trunk0 = Trunk(x.shape[2], a.hidden, a.dense, a.recurrent)     # shared initial trunk
    print("data %s: %d training rows, %d validation rows, share of ones %.3f (validation)"
          % (a.csv, len(yt), len(yv), yv.float().mean().item()))
    for setup in models:
        torch.manual_seed(a.seed + 1)
        trunk = copy.deepcopy(trunk0)
        head = torch.nn.Linear(a.dense, 2 if setup == "cce2" else 1)
        torch.nn.init.xavier_uniform_(head.weight)
        torch.nn.init.zeros_(head.bias)
        params = list(trunk.parameters()) + list(head.parameters())
        before = [p.detach().clone() for p in params]
        opt = torch.optim.Adam(params, lr=a.lr, eps=EPS)
        gen = torch.Generator().manual_seed(a.seed)
        for _ in range(a.epochs):
            order = torch.randperm(len(yt), generator=gen)
            for s in range(0, len(yt), a.batch):
                idx = order[s:s + a.batch]
                opt.zero_grad()
                loss = loss_of(setup, head(trunk(xt[idx])), yt[idx])
                loss.backward()
                opt.step()
        frozen = all(torch.equal(p0, p.detach()) for p0, p in zip(before, params))
        with torch.no_grad():
            pred = predict(setup, head(trunk(xv)))
        word, acc, pred1 = outcome(frozen, pred, yv)
        print("outcome %-13s %-11s val_acc=%.4f val_pred1=%.4f" % (setup, word, acc, pred1))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
