# Linear regression with one variable, the way the Coursera ML course writes it.
import numpy as np


def mse(y, y_pred):
    m = len(y)
    # cost J = 1/(2m) * sum((h - y)^2)
    return np.sum((y_pred - y) ** 2) / (2 * m)


def partial_w0(w0, w1, x, y):
    m = len(x)
    h = w0 + w1 * x
    return (1 / m) * np.sum(h - y)


def partial_w1(w0, w1, x, y):
    m = len(x)
    h = w0 + w1 * x
    return (1 / m) * np.sum((h - y) * x)


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    for i in range(n_iters):
        d0 = partial_w0(w0, w1, x, y)
        d1 = partial_w1(w0, w1, x, y)
        w0 = w0 - alpha * d0
        w1 = w1 - alpha * d1
    return w0, w1
