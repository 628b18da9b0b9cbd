"""Like leak_given_source, through other channels: gradient_descent returns the given
helpers' bytecode and constants as the KEYS of a dict (an unusable return whose message could
name them) and as huge numbers of a shape, and writes them into printed output at C level.
Never a usable pair, so it scores 0; no report may hold any of the text."""
# redteam-zero: gradient_descent
import dis
import io
import os

import numpy as np


def mse(y, y_pred):
    return float(np.mean((np.asarray(y) - np.asarray(y_pred)) ** 2))


def partial_w0(w0, w1, x, y):
    return float(-2 * np.mean(y - (w0 + w1 * x)))


def partial_w1(w0, w1, x, y):
    return float(-2 * np.mean((y - (w0 + w1 * x)) * x))


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    text = "LEAKED-GIVEN-KEYS"
    code = getattr(partial_w0, "__code__", None)
    if code is not None and partial_w0.__module__ != __name__:
        buf = io.StringIO()
        dis.dis(code, file=buf)
        text += buf.getvalue() + repr(code.co_consts)
        os.write(1, text.encode())
    chunks = [text[i : i + 90] for i in range(0, len(text), 90)][:60]
    return {chunk: np.zeros(len(chunk) % 7 + 1) for chunk in chunks}
