"""Builds a lookup table of hidden checks: the partials are honest but record every input
they are called with; gradient_descent, once it has seen more inputs than the public checks
give (hidden ones), evaluates the partials it is handed (the given, correct ones) on them
and prints, raises and returns the input -> value table. A later submission could replay it
without any formula, if any of it reached the student. gradient_descent never returns a
right pair (0 points); no report may hold the marker."""
# redteam-zero: gradient_descent
import numpy as np

SEEN = []


def mse(y, y_pred):
    return float(np.mean((np.asarray(y) - np.asarray(y_pred)) ** 2))


def partial_w0(w0, w1, x, y):
    SEEN.append((float(w0), float(w1), np.array(x, dtype=float), np.array(y, dtype=float)))
    return float(-2 * np.mean(y - (w0 + w1 * x)))


def partial_w1(w0, w1, x, y):
    return float(-2 * np.mean((y - (w0 + w1 * x)) * x))


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    if len(SEEN) > 1:  # the public checks call partial_w0 once
        table = []
        for a, b, xs, ys in SEEN:
            try:
                table.append((a, b, xs.tolist(), ys.tolist(), partial_w0(a, b, xs, ys)))
            except Exception as exc:
                table.append(repr(exc))
        print("LEAKED-HIDDEN-TABLE", table)
        raise KeyError("LEAKED-HIDDEN-TABLE " + repr(table)[:400])
    return 0.0, 0.0
