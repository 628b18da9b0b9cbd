import numpy as np


def mse(y, y_pred):
    diff = y_pred - y
    return diff.dot(diff) / (2 * len(y))


def partial_w0(w0, w1, x, y):
    return np.sum(w0 + w1 * x - y) / len(x)


def partial_w1(w0, w1, x, y):
    return np.dot(w0 + w1 * x - y, x) / len(x)


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    m = len(x)
    cost_history = []
    for i in range(n_iters):
        h = w0 + w1 * x
        w0, w1 = w0 - alpha / m * np.sum(h - y), w1 - alpha / m * np.dot(h - y, x)
        cost_history.append(mse(y, w0 + w1 * x))
    return w0, w1
