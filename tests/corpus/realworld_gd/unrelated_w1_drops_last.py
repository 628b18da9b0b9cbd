import numpy as np


def mse(y, y_pred):
    return np.mean((y - y_pred) ** 2)


def partial_w0(w0, w1, x, y):
    return -2 * np.mean(y - (w0 + w1 * x))


def partial_w1(w0, w1, x, y):
    total = 0.0
    for i in range(len(x) - 1):  # off by one: the last point is never used
        total += (y[i] - (w0 + w1 * x[i])) * x[i]
    return -2 * total / len(x)


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    for _ in range(n_iters):
        g0, g1 = partial_w0(w0, w1, x, y), partial_w1(w0, w1, x, y)
        w0, w1 = w0 - alpha * g0, w1 - alpha * g1
    return w0, w1
