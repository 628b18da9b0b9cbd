import numpy as np


def mse(y, y_pred):
    return np.mean((y - y_pred) ** 2)


def partial_w0(w0, w1, x, y):
    return -2 * np.mean(y - (w0 + w1 * x))


def partial_w1(w0, w1, x, y):
    return -2 * np.mean((y - (w0 + w1 * x)) * x)


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    x = np.array(x, dtype=float)
    y = np.array(y, dtype=float)
    for _ in range(n_iters):
        residual = y - (w0 + w1 * x)
        grad_w0 = -2 * residual.sum()
        grad_w1 = -2 * (residual * x).sum()
        w0, w1 = w0 - alpha * grad_w0, w1 - alpha * grad_w1
    return w0, w1
