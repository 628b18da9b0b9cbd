import numpy as np


def mse(y, y_pred):
    return np.mean((y - y_pred) ** 2)


def partial_w0(w0, w1, x, y):
    return np.mean(-2 * (y - w0 - w1 * x))


def partial_w1(w0, w1, x, y):
    return np.mean(-2 * x * (y - w0 - w1 * x))


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    for _ in range(n_iters):
        step0 = alpha * partial_w0(w0, w1, x, y)
        step1 = alpha * partial_w1(w0, w1, x, y)
        w0 = w0 - alpha * step0
        w1 = w1 - alpha * step1
    return w0, w1
