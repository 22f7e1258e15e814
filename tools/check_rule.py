#!/usr/bin/python3
"""check_rule — does the built-in label rule behave as data_generate promises?

Reads a CSV written by data_write_csv (export one with:
  ./losslab --export /tmp/seed.csv --n 60000 --seed 1)
and reports, on a Keras-style validation split (the last --val share validates):
  * a logistic regression on the LAST time step, one-hot encoded (should sit near the majority
    class: the rule needs memory), and on the whole sequence, raw and one-hot (for reference);
  * an LSTM(32) -> Dense(16, linear) -> Dense(1, sigmoid) on the RAW label-encoded inputs,
    hard_sigmoid recurrent activation, Keras initialisers (glorot kernel, orthogonal recurrent,
    forget bias 1), Adam lr 1e-3 eps 1e-7, batch 32: validation accuracy vs training steps.
Only for checking the rule; it is not part of the build. Needs Debian's python3-torch:
run with /usr/bin/python3.
"""
import argparse, math, sys, time
import numpy as np
import torch


def load(path, T):
    A = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float32)
    F = (A.shape[1] - 1) // T
    return A[:, :-1].reshape(len(A), T, F), A[:, -1]


def hard_sigmoid(x):
    return torch.clamp(0.2 * x + 0.5, 0.0, 1.0)


class Net(torch.nn.Module):
    def __init__(self, F, H=32, D=16, ract="hard"):
        super().__init__()
        self.H = H
        lim = math.sqrt(6.0 / (F + 4 * H))
        self.W = torch.nn.Parameter(torch.empty(F, 4 * H).uniform_(-lim, lim))
        U = torch.empty(H, 4 * H)
        torch.nn.init.orthogonal_(U)
        self.U = torch.nn.Parameter(U)
        b = torch.zeros(4 * H)
        b[H:2 * H] = 1.0                      # unit_forget_bias; gate order i, f, c, o
        self.b = torch.nn.Parameter(b)
        self.d1 = torch.nn.Linear(H, D)
        self.d2 = torch.nn.Linear(D, 1)
        for lin in (self.d1, self.d2):
            torch.nn.init.xavier_uniform_(lin.weight)
            torch.nn.init.zeros_(lin.bias)
        self.act = hard_sigmoid if ract == "hard" else torch.sigmoid

    def forward(self, x):                     # x (B, T, F) -> logits (B)
        B, T, _ = x.shape
        H = self.H
        h = torch.zeros(B, H)
        c = torch.zeros(B, H)
        for t in range(T):
            z = x[:, t] @ self.W + h @ self.U + self.b
            i, f = self.act(z[:, :H]), self.act(z[:, H:2 * H])
            g, o = torch.tanh(z[:, 2 * H:3 * H]), self.act(z[:, 3 * H:])
            c = f * c + i * g
            h = o * torch.tanh(c)
        return self.d2(self.d1(h)).squeeze(1)


def train_lstm(Xtr, ytr, Xv, yv, steps, checks, seed, H, ract):
    torch.manual_seed(seed)
    Xt, yt = torch.tensor(Xtr), torch.tensor(ytr)
    Xv, yv = torch.tensor(Xv), torch.tensor(yv)
    net = Net(Xtr.shape[2], H=H, ract=ract)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3, eps=1e-7)
    lossf = torch.nn.BCEWithLogitsLoss()
    g = torch.Generator().manual_seed(seed)
    n = len(Xt)
    perm, pos, out = torch.randperm(n, generator=g), 0, []
    for step in range(1, steps + 1):
        if pos + 32 > n:
            perm, pos = torch.randperm(n, generator=g), 0
        idx = perm[pos:pos + 32]
        pos += 32
        loss = lossf(net(Xt[idx]), yt[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step in checks:
            with torch.no_grad():
                acc = ((net(Xv) > 0).float() == yv).float().mean().item()
            out.append((step, acc))
            print(f"  step {step:5d}  val_acc {acc:.4f}", flush=True)
    return out


def onehot(X, card):
    N, T, F = X.shape
    cols = []
    for t in range(T):
        for f in range(F):
            oh = np.zeros((N, card[f]), np.float32)
            oh[np.arange(N), X[:, t, f].astype(int)] = 1.0
            cols.append(oh)
    return np.concatenate(cols, 1)


def logreg(A, y, ntr):
    A = torch.tensor(A)
    mu, sd = A[:ntr].mean(0), A[:ntr].std(0) + 1e-6
    A = (A - mu) / sd
    Y = torch.tensor(y)
    lin = torch.nn.Linear(A.shape[1], 1)
    opt = torch.optim.LBFGS(lin.parameters(), max_iter=500, line_search_fn="strong_wolfe")
    lossf = torch.nn.BCEWithLogitsLoss()

    def closure():
        opt.zero_grad()
        loss = lossf(lin(A[:ntr]).squeeze(1), Y[:ntr])
        loss.backward()
        return loss
    opt.step(closure)
    with torch.no_grad():
        return ((lin(A[ntr:]).squeeze(1) > 0).float() == Y[ntr:]).float().mean().item()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("csv")
    ap.add_argument("--timesteps", type=int, default=5)
    ap.add_argument("--val", type=float, default=0.1)
    ap.add_argument("--steps", type=int, default=3000)
    ap.add_argument("--checks", default="250,500,1000,1500,3000")
    ap.add_argument("--hidden", type=int, default=32)
    ap.add_argument("--recurrent", choices=["hard", "sigmoid"], default="hard")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--max-val", type=int, default=20000, help="validation samples scored (speed)")
    a = ap.parse_args()
    torch.set_num_threads(1)
    X, y = load(a.csv, a.timesteps)
    N, T, F = X.shape
    ntr = int(math.floor(N * (1.0 - a.val)))
    card = [int(X[:, :, f].max()) + 1 for f in range(F)]
    yv = y[ntr:]
    maj = max(yv.mean(), 1 - yv.mean())
    print(f"{a.csv}: N={N} T={T} F={F} ones={y.mean():.4f} train={ntr} val={N - ntr}")
    print(f"majority class on validation:            {maj:.4f}")
    print(f"logreg, last step one-hot:               {logreg(onehot(X[:, -1:], card), y, ntr):.4f}")
    print(f"logreg, last step raw:                   {logreg(X[:, -1].copy(), y, ntr):.4f}")
    print(f"logreg, whole sequence raw:              {logreg(X.reshape(N, -1).copy(), y, ntr):.4f}")
    print(f"logreg, whole sequence one-hot:          {logreg(onehot(X, card), y, ntr):.4f}")
    checks = sorted(int(s) for s in a.checks.split(","))
    print(f"LSTM({a.hidden}, {a.recurrent}_sigmoid) raw inputs, Adam 1e-3, batch 32, seed {a.seed}:")
    t0 = time.time()
    train_lstm(X[:ntr], y[:ntr], X[ntr:][:a.max_val], yv[:a.max_val], max(a.steps, checks[-1]),
               set(checks), a.seed, a.hidden, a.recurrent)
    print(f"  ({time.time() - t0:.1f} s)")


if __name__ == "__main__":
    sys.exit(main())
