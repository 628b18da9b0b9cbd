"""Writes forged replies straight into every open descriptor (the grader's socket among
them), then answers late: mse a reply whose number has 400 digits (OverflowError in a
naive reader), partial_w0 one nested 100,000 arrays deep (RecursionError). Each must be
this student's own error (0 for those two), never the grader's, and cost none of the
honest functions that follow: partial_w1 and gradient_descent score full."""
# redteam-zero: mse, partial_w0
import os
import time

import numpy as np

HUGE = b'{"id": 1, "ok": true, "value": {"shape": [], "values": [1' + b"0" * 400 + b"]}}\n"
DEEP = b'{"id": 2, "ok": true, "value": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n"


def _forge(line):
    for fd in range(3, 256):
        try:
            os.write(fd, line)
        except OSError:
            pass
    time.sleep(0.3)


def mse(y, y_pred):
    _forge(HUGE)
    return float(np.mean((np.asarray(y) - np.asarray(y_pred)) ** 2))


def partial_w0(w0, w1, x, y):
    _forge(DEEP)
    return float(-2 * np.mean(y - (w0 + w1 * x)))


def partial_w1(w0, w1, x, y):
    return float(-2 * np.mean((y - (w0 + w1 * x)) * x))


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    for _ in range(n_iters):
        g0 = float(-2 * np.mean(y - (w0 + w1 * x)))
        g1 = partial_w1(w0, w1, x, y)
        w0, w1 = w0 - alpha * g0, w1 - alpha * g1
    return w0, w1
