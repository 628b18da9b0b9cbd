import math

import numpy as np


def predict(w0, w1, x):
    return w0 + w1 * np.asarray(x, dtype=float)


def mse(y, y_pred):
    # math.fsum 으로 정확하게 더하기
    return math.fsum((float(a) - float(b)) ** 2 for a, b in zip(y, y_pred)) / len(y)


def partial_w0(w0, w1, x, y):
    n = len(x)
    s = math.fsum(-(yi - (w0 + w1 * xi)) for xi, yi in zip(x, y))
    return 2.0 * s / n


def partial_w1(w0, w1, x, y):
    n = len(x)
    s = math.fsum(-(yi - (w0 + w1 * xi)) * xi for xi, yi in zip(x, y))
    return 2.0 * s / n


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    for _ in range(int(math.floor(n_iters))):
        g0 = partial_w0(w0, w1, x, y)
        g1 = partial_w1(w0, w1, x, y)
        w0, w1 = w0 - alpha * g0, w1 - alpha * g1
    return w0, w1
