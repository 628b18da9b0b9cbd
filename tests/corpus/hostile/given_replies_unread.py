"""Asks the grader for the given partial_w0 200,000 times (on the runner's own channel,
public and hidden checks alike) without ever reading an answer: once both socket buffers
are full the grader's send blocked for ever and the class run hung. The grader's sends
share the call's deadline, so gradient_descent times out (scores 0) and the run goes on."""

# redteam-zero: gradient_descent
import sys

import numpy as np


def mse(y, y_pred):
    return float(np.mean((np.asarray(y) - np.asarray(y_pred)) ** 2))


def partial_w0(w0, w1, x, y):
    return float(-2 * np.mean(y - (w0 + w1 * x)))


def partial_w1(w0, w1, x, y):
    return float(-2 * np.mean((y - (w0 + w1 * x)) * x))


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    runner = sys._getframe(1).f_locals.get("self")
    if runner is not None and hasattr(runner, "send"):
        for _ in range(200_000):
            runner.send({"given": "partial_w0", "args": [0.0, 0.0, 1.0, 1.0]})
    return 12345.0, -12345.0
