import numpy as np


def predict(w0, w1, x):
    return w0 + w1 * np.asarray(x, dtype=float)


def mse(y, y_pred):
    diff = y - y_pred
    return float((diff * diff).sum() / diff.size)


def partial_w0(w0, w1, x, y):
    diff = y - (w0 + w1 * x)
    return float((2 / x.size) * (-diff).sum())


def partial_w1(w0, w1, x, y):
    diff = y - (w0 + w1 * x)
    return float((2 / x.size) * (-diff * x).sum())


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    params = (w0, w1)
    for _ in range(n_iters):
        a, b = params
        params = (a - alpha * partial_w0(a, b, x, y),
                  b - alpha * partial_w1(a, b, x, y))
    return tuple(params)
