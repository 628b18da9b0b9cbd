import numpy as np


def mse(y, y_pred):
    m = len(y)
    return 1. / 2 * m * np.sum((y_pred - y) ** 2)


def partial_w0(w0, w1, x, y):
    m = len(x)
    return 2 / m * np.sum((w0 + w1 * x) - y)


def partial_w1(w0, w1, x, y):
    m = len(x)
    return 2 / m * np.sum(((w0 + w1 * x) - y) * x)


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    for _ in range(n_iters):
        w0, w1 = (
            w0 - alpha * partial_w0(w0, w1, x, y),
            w1 - alpha * partial_w1(w0, w1, x, y),
        )
    return w0, w1
