"""Calls sys.exit() in top-level code after defining mse only."""
# redteam-zero: partial_w0, partial_w1, gradient_descent
import sys

import numpy as np


def mse(y, y_pred):
    return float(np.mean((np.asarray(y) - np.asarray(y_pred)) ** 2))


sys.exit(0)


def partial_w0(w0, w1, x, y):
    return 0.0
