import numpy as np


def mse(y, y_pred):
    return np.sum((y - y_pred) ** 2)  # sum of squared errors


def partial_w0(w0, w1, x, y):
    return -2 * np.mean(y - (w0 + w1 * x))


def partial_w1(w0, w1, x, y):
    return -2 * np.mean(x * (y - (w0 + w1 * x)))


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    for _ in range(n_iters):
        a = partial_w0(w0, w1, x, y)
        b = partial_w1(w0, w1, x, y)
        w0 -= alpha * a
        w1 -= alpha * b
    return w0, w1
