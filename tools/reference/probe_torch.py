"""probe_torch.py -- head-level measurements in real PyTorch: its own loss modules, autograd on z.

For every configuration the batch z (float32, requires_grad) goes through the output activation the
user wrote (torch.sigmoid / torch.softmax / none) and the nn loss module with the label tensor in
the dtype and shape the user passed (the shape traps included); loss.backward() gives dz.
PyTorch has no 'accuracy' string, so acc is '-' (acc_bin / acc_argmax are what a user computes).
"""
import os
import sys
import warnings

import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

torch.set_num_threads(1)
B_ = common.batches()
EPS = 1e-7

sig = torch.sigmoid


def sm(z):
    return torch.softmax(z, dim=1)


def ident(z):
    return z


def textbook(out, y):
    """The usual answer's formula written by hand: -y log p, p clipped as Keras clips it."""
    return -(y * torch.log(torch.clamp(out, EPS, 1 - EPS))).sum(-1).mean()


# (id, batch, activation, activation text, loss, loss text, label maker, label text, setup)
def yf1(y, U):
    return torch.tensor(y, dtype=torch.float32).view(-1, 1)


def yf(y, U):
    return torch.tensor(y, dtype=torch.float32)


def yl(y, U):
    return torch.tensor(y, dtype=torch.long)


def yl1(y, U):
    return torch.tensor(y, dtype=torch.long).view(-1, 1)


def yoh(y, U):
    return torch.eye(U)[torch.tensor(y)]


CONFIGS = [
    ("bcewithlogits", "binary", ident, "none (logits)", nn.BCEWithLogitsLoss(), "BCEWithLogitsLoss()",
     yf1, "float32 (N,1)", "bce"),
    ("sigmoid-bce", "binary", sig, "torch.sigmoid", nn.BCELoss(), "BCELoss()", yf1, "float32 (N,1)", "-"),
    ("sigmoid-textbook", "binary", sig, "torch.sigmoid", textbook,
     "hand-written -(y*log(clamp(p,1e-7,1-1e-7))).sum(-1).mean()", yf1, "float32 (N,1)", "cce1-textbook"),
    ("ce-1unit-long", "binary", ident, "none (logits)", nn.CrossEntropyLoss(), "CrossEntropyLoss()",
     yl, "int64 (N,)", "-"),
    ("ce-1unit-float", "binary", ident, "none (logits)", nn.CrossEntropyLoss(), "CrossEntropyLoss()",
     yf1, "float32 (N,1)", "ce1-float"),
    ("ce-1unit-long1", "binary", ident, "none (logits)", nn.CrossEntropyLoss(), "CrossEntropyLoss()",
     yl1, "int64 (N,1)", "-"),
    ("ce-2unit", "binary2", ident, "none (logits)", nn.CrossEntropyLoss(), "CrossEntropyLoss()",
     yl, "int64 (N,)", "cce2"),
    ("softmax1-bce", "binary", sm, "torch.softmax(dim=1)", nn.BCELoss(), "BCELoss()", yf1, "float32 (N,1)",
     "softmax1-bce-torch"),
    ("softmax1-bcewithlogits", "binary", sm, "torch.softmax(dim=1)", nn.BCEWithLogitsLoss(),
     "BCEWithLogitsLoss()", yf1, "float32 (N,1)", "-"),
    ("softmax1-ce-float", "binary", sm, "torch.softmax(dim=1)", nn.CrossEntropyLoss(), "CrossEntropyLoss()",
     yf1, "float32 (N,1)", "-"),
    ("sigmoid-bcewithlogits", "binary", sig, "torch.sigmoid", nn.BCEWithLogitsLoss(), "BCEWithLogitsLoss()",
     yf1, "float32 (N,1)", "bce-double"),
    ("linear-bce", "binary", ident, "none (logits)", nn.BCELoss(), "BCELoss()", yf1, "float32 (N,1)", "-"),
    ("sigmoid-mse", "binary", sig, "torch.sigmoid", nn.MSELoss(), "MSELoss()", yf1, "float32 (N,1)", "mse"),
    ("sigmoid-mse-broadcast", "binary", sig, "torch.sigmoid", nn.MSELoss(), "MSELoss()", yf,
     "float32 (N,) against an (N,1) output", "mse-broadcast"),
    ("sigmoid-bce-shape", "binary", sig, "torch.sigmoid", nn.BCELoss(), "BCELoss()", yf,
     "float32 (N,) against an (N,1) output", "-"),
    ("bcewithlogits-shape", "binary", ident, "none (logits)", nn.BCEWithLogitsLoss(), "BCEWithLogitsLoss()",
     yf, "float32 (N,) against an (N,1) output", "-"),
    ("ce", "multi", ident, "none (logits)", nn.CrossEntropyLoss(), "CrossEntropyLoss()", yl, "int64 (N,)",
     "cce"),
    ("ce-onehot-float", "multi", ident, "none (logits)", nn.CrossEntropyLoss(), "CrossEntropyLoss()", yoh,
     "one-hot float32 (N,K)", "cce"),
    ("ce-softmax", "multi", sm, "torch.softmax(dim=1)", nn.CrossEntropyLoss(), "CrossEntropyLoss()", yl,
     "int64 (N,)", "ce-softmax"),
    ("ce-sigmoid", "multi", sig, "torch.sigmoid", nn.CrossEntropyLoss(), "CrossEntropyLoss()", yl,
     "int64 (N,)", "-"),
    ("nll-raw", "multi", ident, "none (logits)", nn.NLLLoss(), "NLLLoss()", yl, "int64 (N,)", "nll-raw"),
    ("nll-softmax", "multi", sm, "torch.softmax(dim=1)", nn.NLLLoss(), "NLLLoss()", yl, "int64 (N,)", "-"),
    ("nll-logsoftmax", "multi", lambda z: torch.log_softmax(z, 1), "torch.log_softmax(dim=1)", nn.NLLLoss(),
     "NLLLoss()", yl, "int64 (N,)", "cce"),
    ("softmax-bce", "multi", sm, "torch.softmax(dim=1)", nn.BCELoss(), "BCELoss()", yoh,
     "one-hot float32 (N,K)", "-"),
    ("bcewithlogits-k", "multi", ident, "none (logits)", nn.BCEWithLogitsLoss(), "BCEWithLogitsLoss()", yoh,
     "one-hot float32 (N,K)", "softmax-bce"),
    ("ce-int-n1", "multi", ident, "none (logits)", nn.CrossEntropyLoss(), "CrossEntropyLoss()", yl1,
     "int64 (N,1)", "-"),
    ("ce-float-targets", "multi", ident, "none (logits)", nn.CrossEntropyLoss(), "CrossEntropyLoss()", yf,
     "float32 (N,) class indices", "-"),
    ("ce-onehot-long", "multi", ident, "none (logits)", nn.CrossEntropyLoss(), "CrossEntropyLoss()",
     lambda y, U: yoh(y, U).long(), "one-hot int64 (N,K)", "-"),
]


NEAR = {
    "sigmoid-bce": "near bce: BCELoss clamps log at -100, so a saturated wrong-side sample (z = 25, y = 0, "
    "sigmoid = 1.0 in float32) reports 100 and gets gradient exactly 0 (1e12 times sigmoid' = 0)",
}


def probe(cfg):
    cid, bname, act, atext, lossf, ltext, ymake, ytext, setup = cfg
    b = B_[bname]
    U = b.get("K", 2 if bname == "binary2" else 1)
    zl, y = b["z"], b["y"]
    B = len(y)
    rec = dict(config=cid, B=B, U=U, z=zl, y=y, setup=setup,
               head="Linear(., %d) then %s" % (U, atext), loss_name=ltext, labels=ytext,
               warns=[], notes=[NEAR[cid]] if cid in NEAR else [], cache=None)
    z = torch.tensor(zl, dtype=torch.float32).view(B, U).requires_grad_(True)
    with warnings.catch_warnings(record=True) as wl:
        warnings.simplefilter("always")
        try:
            out = act(z)
            loss = lossf(out, ymake(y, U))
            loss.backward()
            rec["loss"] = loss.item()
            rec["dz"] = z.grad.reshape(-1).tolist()
            rec["acc"] = None
            rec["acc_bin"], rec["acc_argmax"] = common.ref_accs(out.detach().numpy(), y, U)
        except Exception as e:
            rec["error"] = common.exc_text(e)
    for w in wl:
        t = "%s: %s" % (w.category.__name__, w.message)
        if t not in rec["warns"] and w.category is not DeprecationWarning:
            rec["warns"].append(t)
    return rec


def main():
    path = os.path.join(common.FIXDIR, "heads-torch-%s.txt" % torch.__version__.split("+")[0])
    wr = common.Writer(path, "torch %s" % torch.__version__)
    for cfg in CONFIGS:
        rec = probe(cfg)
        wr.block(rec)
        print("%-22s %s" % (cfg[0], rec.get("error", "loss %s" % rec.get("loss")))[:150])
    wr.close()


if __name__ == "__main__":
    main()
