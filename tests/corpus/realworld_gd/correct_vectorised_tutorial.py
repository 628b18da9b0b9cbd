import numpy as np


def mse(y, y_pred):
    return np.mean((y - y_pred) ** 2)


def partial_w0(w0, w1, x, y):
    y_hat = w0 + w1 * x
    return -2 * np.mean(y - y_hat)


def partial_w1(w0, w1, x, y):
    y_hat = w0 + w1 * x
    return -2 * np.mean(x * (y - y_hat))


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    for epoch in range(n_iters):
        D_w0 = partial_w0(w0, w1, x, y)
        D_w1 = partial_w1(w0, w1, x, y)
        w0 = w0 - alpha * D_w0
        w1 = w1 - alpha * D_w1
    return w0, w1
