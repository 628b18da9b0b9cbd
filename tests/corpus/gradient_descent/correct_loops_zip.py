import numpy as np


def predict(w0, w1, x):
    return w0 + w1 * np.asarray(x, dtype=float)


def mse(y, y_pred):
    total = 0.0
    for yi, pi in zip(y, y_pred):
        total += (yi - pi) ** 2
    return total / len(y)


def partial_w0(w0, w1, x, y):
    total = 0.0
    for xi, yi in zip(x, y):
        total += (yi - (w0 + w1 * xi)) * (-1)
    return 2 * total / len(x)


def partial_w1(w0, w1, x, y):
    total = 0.0
    for xi, yi in zip(x, y):
        total += (yi - (w0 + w1 * xi)) * (-xi)
    return 2 * total / len(x)


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    for i in range(n_iters):
        d0 = partial_w0(w0, w1, x, y)
        d1 = partial_w1(w0, w1, x, y)
        w0 = w0 - alpha * d0
        w1 = w1 - alpha * d1
    return w0, w1
