"""summary.py -- one table of the training outcomes in tests/fixtures/reference/train-*.txt:
configuration x framework -> outcome word (true validation accuracy, reported loss at the end).
    python3 tools/reference/summary.py [folder]
"""
import glob
import os
import sys


def read(path):
    fw, blocks, cur = "", [], None
    with open(path) as f:
        for ln in f:
            ln = ln.rstrip("\n")
            kw, _, arg = ln.partition(" ")
            if kw == "framework":
                fw = arg
            elif kw == "config":
                cur = {"config": arg, "epochs": []}
            elif kw == "epoch" and cur is not None:
                t = arg.split()
                d = {t[i]: t[i + 1] for i in range(1, len(t) - 1, 2)}
                cur["epochs"].append(d)
            elif kw in ("outcome", "setup", "error") and cur is not None:
                cur[kw] = arg
            elif kw == "end" and cur is not None:
                blocks.append(cur)
                cur = None
    return fw, blocks


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/reference"
    for p in sorted(glob.glob(os.path.join(d, "train-*.txt"))):
        fw, blocks = read(p)
        print("%s  (%s)" % (os.path.basename(p), fw))
        for b in blocks:
            last = b["epochs"][-1] if b["epochs"] else {}
            extra = ""
            if last:
                extra = "loss %-10s shown acc %-6s val shown %-6s val true %-6s shares %s" % (
                    last.get("loss", "-")[:9], last.get("acc", "-")[:6], last.get("val_acc", "-")[:6],
                    last.get("val_true_acc", "-")[:6], last.get("shares", "-"))
            elif b.get("error"):
                extra = b["error"][:90]
            print("  %-24s %-20s %-12s %s" % (b["config"], b.get("setup", "-"), b.get("outcome", "?"), extra))


if __name__ == "__main__":
    main()
