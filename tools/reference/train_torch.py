"""train_torch.py -- outcome runs in real PyTorch (its own nn.LSTM and loss modules).

    python train_torch.py DATA.csv OUT.txt [--hidden H] [--epochs E] [--seed S] [--data-cmd TEXT]

Model: nn.LSTM(F, H) (PyTorch has no hard_sigmoid recurrent activation: sigmoid) -> last h ->
Linear(H, 16) -> Linear(16, U) -> the configuration's output activation; torch.optim.Adam(lr=1e-3)
(its defaults, eps 1e-8), batch 32, shuffled (seeded), validation = the last 10% of the rows.
PyTorch displays no accuracy: acc is '-'; val_true_acc thresholds the output the model returns at
0.5 (after a sigmoid when the model returns logits) or takes its argmax.
"""
import argparse
import os
import sys
import time
import warnings

import numpy as np
import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
import train_common as tc  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("data")
ap.add_argument("out")
ap.add_argument("--hidden", type=int, default=32)
ap.add_argument("--epochs", type=int, default=5)
ap.add_argument("--seed", type=int, default=1)
ap.add_argument("--timesteps", type=int, default=5)
ap.add_argument("--data-cmd", default="")
args = ap.parse_args()
torch.set_num_threads(1)

EPS = 1e-7


def textbook(out, y):
    return -(y * torch.log(torch.clamp(out, EPS, 1 - EPS))).sum(-1).mean()


sig = torch.sigmoid


def sm(z):
    return torch.softmax(z, 1)


def ident(z):
    return z


def f1(y):
    return y.float().view(-1, 1)


def f0(y):
    return y.float()


def lng(y):
    return y.long()


def oh(K):
    return lambda y: torch.eye(K)[y]


# id, units (1, 2, 'K'), activation, activation text, loss, loss text, labels, label text,
# output is logits (threshold after a sigmoid), setup
CONFIGS = [
    ("bcewithlogits", 1, ident, "none", nn.BCEWithLogitsLoss(), "BCEWithLogitsLoss()", f1, "float (N,1)", True, "bce"),
    ("sigmoid-bce", 1, sig, "sigmoid", nn.BCELoss(), "BCELoss()", f1, "float (N,1)", False, "bce"),
    ("sigmoid-textbook", 1, sig, "sigmoid", textbook, "hand-written -y log p", f1, "float (N,1)", False,
     "cce1-textbook"),
    ("sigmoid-bcewithlogits", 1, sig, "sigmoid", nn.BCEWithLogitsLoss(), "BCEWithLogitsLoss()", f1, "float (N,1)",
     False, "bce-double"),
    ("softmax1-bce", 1, sm, "softmax(dim=1)", nn.BCELoss(), "BCELoss()", f1, "float (N,1)", False,
     "softmax1-bce-torch"),
    ("ce-1unit-float", 1, ident, "none", nn.CrossEntropyLoss(), "CrossEntropyLoss()", f1, "float (N,1)", True,
     "ce1-float"),
    ("ce-1unit-long", 1, ident, "none", nn.CrossEntropyLoss(), "CrossEntropyLoss()", lng, "int64 (N,)", True, "-"),
    ("linear-bce", 1, ident, "none", nn.BCELoss(), "BCELoss()", f1, "float (N,1)", False, "-"),
    ("sigmoid-mse", 1, sig, "sigmoid", nn.MSELoss(), "MSELoss()", f1, "float (N,1)", False, "mse"),
    ("sigmoid-mse-broadcast", 1, sig, "sigmoid", nn.MSELoss(), "MSELoss()", f0, "float (N,) vs output (N,1)",
     False, "mse-broadcast"),
    ("ce-2unit", 2, ident, "none", nn.CrossEntropyLoss(), "CrossEntropyLoss()", lng, "int64 (N,)", False, "cce2"),
    ("ce", "K", ident, "none", nn.CrossEntropyLoss(), "CrossEntropyLoss()", lng, "int64 (N,)", False, "cce"),
    ("ce-softmax", "K", sm, "softmax(dim=1)", nn.CrossEntropyLoss(), "CrossEntropyLoss()", lng, "int64 (N,)",
     False, "ce-softmax"),
    ("ce-sigmoid", "K", sig, "sigmoid", nn.CrossEntropyLoss(), "CrossEntropyLoss()", lng, "int64 (N,)", False, "-"),
    ("nll-raw", "K", ident, "none", nn.NLLLoss(), "NLLLoss()", lng, "int64 (N,)", False, "nll-raw"),
    ("nll-softmax", "K", sm, "softmax(dim=1)", nn.NLLLoss(), "NLLLoss()", lng, "int64 (N,)", False, "-"),
    ("softmax-bce", "K", sm, "softmax(dim=1)", nn.BCELoss(), "BCELoss()", "onehot", "one-hot float (N,K)", False,
     "-"),
]


class Net(nn.Module):
    def __init__(self, F, H, U):
        super().__init__()
        self.lstm = nn.LSTM(F, H, batch_first=True)
        self.d1 = nn.Linear(H, 16)
        self.d2 = nn.Linear(16, U)

    def forward(self, x):
        _, (h, _) = self.lstm(x)
        return self.d2(self.d1(h[-1]))


def predict(out, U, logits):
    if U == 1:
        p = torch.sigmoid(out) if logits else out
        return (p[:, 0] > 0.5).long().numpy()
    return torch.argmax(out, 1).numpy()


def run(cfg, x, y, K):
    cid, units, act, atext, lossf, ltext, ymk, ytext, logits, setup = cfg
    if units == "K" and K == 2 or units != "K" and K > 2:
        return None
    U = K if units == "K" else units
    if ymk == "onehot":
        ymk = oh(K)
    xtr, ytr, xv, yv = tc.split(x, y)
    xtr, xv = torch.tensor(xtr), torch.tensor(xv)
    ytr_t = torch.tensor(ytr)
    rec = dict(config=cid, setup=setup, head="Linear(16, %d) then %s" % (U, atext), loss_cfg=ltext,
               labels=ytext, notes=[], warns=[], epochs=[])
    torch.manual_seed(args.seed)
    net = Net(x.shape[2], args.hidden, U)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    p0 = [p.detach().clone() for p in net.parameters()]
    g = torch.Generator().manual_seed(args.seed)
    refused = False
    t0 = time.time()
    with warnings.catch_warnings(record=True) as wl:
        warnings.simplefilter("always")
        try:
            for ep in range(args.epochs):
                perm = torch.randperm(len(ytr), generator=g)
                tot, n = 0.0, 0
                for i in range(0, len(ytr), 32):
                    idx = perm[i:i + 32]
                    out = act(net(xtr[idx]))
                    loss = lossf(out, ymk(ytr_t[idx]))
                    opt.zero_grad()
                    loss.backward()
                    opt.step()
                    tot += loss.item() * len(idx)
                    n += len(idx)
                with torch.no_grad():
                    out = act(net(xv))
                    pred = predict(out, U, logits)
                rec["epochs"].append(dict(epoch=ep + 1, loss=tot / n, acc=None, val_acc=None,
                                          val_true_acc=float(np.mean(pred == yv)),
                                          shares=tc.shares(pred, max(U, 2))))
        except Exception as e:
            refused = True
            rec["error"] = common.exc_text(e)
    for w in wl:
        t = "%s: %s" % (w.category.__name__, w.message)
        if t not in rec["warns"]:
            rec["warns"].append(t)
    rec["notes"].append("loss = the epoch's mean of the batch losses (sample-weighted); %.1f s" % (time.time() - t0))
    frozen = all(torch.equal(a, b) for a, b in zip(p0, net.parameters()))
    rec["outcome"] = tc.outcome(rec["epochs"], frozen, refused, max(np.mean(yv == k) for k in range(K)))
    return rec


def main():
    x, y, K, F, _ = tc.load(args.data, args.timesteps)
    L = ["# losslab reference outcomes: written by tools/reference (make reference); do not edit",
         "# format: tools/reference/README.md",
         "framework torch %s" % torch.__version__,
         "data " + args.data_cmd,
         "model nn.LSTM(%d) (sigmoid gates) -> Linear(16) -> head; Adam(1e-3, eps 1e-8); batch 32; epochs %d; "
         "validation the last 10%%; seed %d" % (args.hidden, args.epochs, args.seed),
         "classes %d" % K]
    for cfg in CONFIGS:
        rec = run(cfg, x, y, K)
        if rec is None:
            continue
        tc.write_block(L, rec)
        last = rec["epochs"][-1] if rec["epochs"] else {}
        print("%-22s %-12s loss %s true %s shares %s" % (cfg[0], rec["outcome"], last.get("loss"),
                                                          last.get("val_true_acc"), last.get("shares")), flush=True)
    with open(args.out, "w") as f:
        f.write("\n".join(L) + "\n")
    print("wrote", args.out)


if __name__ == "__main__":
    main()
