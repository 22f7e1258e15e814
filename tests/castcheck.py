#!/usr/bin/env python3
"""castcheck: checks that a file is an asciicast v2 recording and prints its final screen.

Usage: python3 tests/castcheck.py FILE [--no-timestamp | --timestamp] [--size WxH] [--screen OUT]

Checks (exit 1 with one line naming the first failure): the first line is a JSON object with
version 2, integer width and height and a string title; a "timestamp" only when --timestamp is
given (and never with --no-timestamp); every further line is a JSON array [time, type, data] with
a number time that never goes back, a type among o (output), r (resize "WxH"), m (marker), i
(input) and a string data; at least one "o" event. The "o" data are then played on a small
terminal emulator (cursor moves, erase, SGR and private modes ignored as attributes, UTF-8 text,
no auto-wrap) and the final screen is written to OUT (one line per row, trailing blanks cut).
Python 3 standard library only: a test tool, never a build dependency.
"""
import json
import re
import sys


def fail(msg):
    print("castcheck: " + msg)
    sys.exit(1)


def main(argv):
    if len(argv) < 2:
        fail("usage: castcheck.py FILE [--timestamp|--no-timestamp] [--size WxH] [--screen OUT]")
    path = argv[1]
    want_ts = None
    size = None
    out = None
    i = 2
    while i < len(argv):
        a = argv[i]
        if a == "--timestamp":
            want_ts = True
        elif a == "--no-timestamp":
            want_ts = False
        elif a == "--size":
            i += 1
            size = argv[i]
        elif a == "--screen":
            i += 1
            out = argv[i]
        else:
            fail("unknown argument " + a)
        i += 1
    with open(path, "rb") as f:
        raw = f.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        fail("%s: not UTF-8 (%s)" % (path, e))
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines:
        fail(path + ": empty")
    try:
        head = json.loads(lines[0])
    except ValueError as e:
        fail("%s:1: header is not JSON: %s" % (path, e))
    if not isinstance(head, dict):
        fail("%s:1: header is not a JSON object" % path)
    if head.get("version") != 2:
        fail("%s:1: version is %r, not 2" % (path, head.get("version")))
    for k in ("width", "height"):
        if not isinstance(head.get(k), int) or isinstance(head.get(k), bool) or head[k] < 1:
            fail("%s:1: %s is not a positive integer" % (path, k))
    if not isinstance(head.get("title"), str):
        fail("%s:1: no title string" % path)
    if want_ts is True and not isinstance(head.get("timestamp"), int):
        fail("%s:1: no integer timestamp" % path)
    if want_ts is False and "timestamp" in head:
        fail("%s:1: a timestamp although none was asked for" % path)
    if size and "%dx%d" % (head["width"], head["height"]) != size:
        fail("%s:1: size %dx%d, expected %s" % (path, head["width"], head["height"], size))
    w, h = head["width"], head["height"]
    screen = [[" "] * w for _ in range(h)]
    cy = cx = 0
    last_t = 0.0
    outputs = 0
    markers = 0
    csi = re.compile(r"\x1b\[([?0-9;]*)([A-Za-z])")
    for n, line in enumerate(lines[1:], start=2):
        try:
            ev = json.loads(line)
        except ValueError as e:
            fail("%s:%d: event is not JSON: %s" % (path, n, e))
        if not isinstance(ev, list) or len(ev) != 3:
            fail("%s:%d: event is not a 3-element array" % (path, n))
        t, kind, data = ev
        if not isinstance(t, (int, float)) or isinstance(t, bool) or t < last_t:
            fail("%s:%d: time %r is not a number >= the previous %r" % (path, n, t, last_t))
        last_t = t
        if kind not in ("o", "i", "m", "r"):
            fail("%s:%d: unknown event type %r" % (path, n, kind))
        if not isinstance(data, str):
            fail("%s:%d: data is not a string" % (path, n))
        if kind == "m":
            markers += 1
        if kind == "r":
            m = re.fullmatch(r"(\d+)x(\d+)", data)
            if not m:
                fail("%s:%d: resize %r is not WxH" % (path, n, data))
            w, h = int(m.group(1)), int(m.group(2))
            screen = [[" "] * w for _ in range(h)]
            cy = cx = 0
        if kind != "o":
            continue
        outputs += 1
        pos = 0
        while pos < len(data):
            ch = data[pos]
            if ch == "\x1b":
                m = csi.match(data, pos)
                if not m:
                    fail("%s:%d: an escape sequence castcheck does not know at %d" % (path, n, pos))
                args, op = m.group(1), m.group(2)
                if op == "H":
                    parts = [p for p in args.split(";")] if args else []
                    cy = (int(parts[0]) - 1) if parts and parts[0] else 0
                    cx = (int(parts[1]) - 1) if len(parts) > 1 and parts[1] else 0
                    cy = min(max(cy, 0), h - 1)
                    cx = min(max(cx, 0), w - 1)
                elif op == "J" and args == "2":
                    screen = [[" "] * w for _ in range(h)]
                pos = m.end()
                continue
            if ch == "\r":
                cx = 0
            elif ch == "\n":
                cy = min(cy + 1, h - 1)
            elif ord(ch) >= 0x20:
                screen[cy][cx] = ch
                if cx < w - 1:
                    cx += 1
            pos += 1
    if outputs == 0:
        fail(path + ": no output event")
    if out:
        with open(out, "w", encoding="utf-8") as f:
            for row in screen:
                f.write("".join(row).rstrip() + "\n")
    print("castcheck: %s: asciicast v2, %dx%d, %d events (%d markers), %.3f s" %
          (path, head["width"], head["height"], len(lines) - 1, markers, last_t))


if __name__ == "__main__":
    main(sys.argv)
