import numpy as np


def mse(y, y_pred):
    return ((y - y_pred) ** 2).mean()


def partial_w0(w0, w1, x, y):
    # dL/dw0 = -2 * sum(y - y_hat)
    return -2 * np.sum(y - (w0 + w1 * x))


def partial_w1(w0, w1, x, y):
    return -2 * np.sum(x * (y - (w0 + w1 * x)))


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    for _ in range(n_iters):
        g0, g1 = partial_w0(w0, w1, x, y), partial_w1(w0, w1, x, y)
        w0, w1 = w0 - alpha * g0, w1 - alpha * g1
    return w0, w1
