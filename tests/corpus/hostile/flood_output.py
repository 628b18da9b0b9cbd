"""Floods stdout and stderr (Python and file-descriptor level) at import and in mse."""
# redteam-zero: none
import os
import sys
import numpy as np


def mse(y, y_pred):
    return float(np.mean((np.asarray(y) - np.asarray(y_pred)) ** 2))


def partial_w0(w0, w1, x, y):
    return float(-2 * np.mean(y - (w0 + w1 * x)))


def partial_w1(w0, w1, x, y):
    return float(-2 * np.mean((y - (w0 + w1 * x)) * x))


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    for _ in range(n_iters):
        g0, g1 = partial_w0(w0, w1, x, y), partial_w1(w0, w1, x, y)
        w0, w1 = w0 - alpha * g0, w1 - alpha * g1
    return w0, w1

honest_mse = mse
for _ in range(50):
    print("x" * 1_000_000)
    os.write(1, b"y" * 1_000_000)
    os.write(2, b"z" * 1_000_000)
    sys.stderr.write("e" * 100_000)


def mse(y, y_pred):  # noqa: F811
    print("spam " * 2_000_000)
    return honest_mse(y, y_pred)
