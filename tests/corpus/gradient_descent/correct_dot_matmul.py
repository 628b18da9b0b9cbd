import numpy as np


def predict(w0, w1, x):
    return w0 + w1 * np.asarray(x, dtype=float)


def mse(y, y_pred):
    e = np.asarray(y, dtype=float) - np.asarray(y_pred, dtype=float)
    return np.dot(e, e) / len(e)


def partial_w0(w0, w1, x, y):
    e = y - (w0 + w1 * x)
    ones = np.ones_like(x)
    return -2.0 * (e @ ones) / len(x)


def partial_w1(w0, w1, x, y):
    e = y - (w0 + w1 * x)
    return -2.0 * (e @ x) / len(x)


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    w = np.array([w0, w1], dtype=float)
    for _ in range(n_iters):
        grad = np.array([partial_w0(w[0], w[1], x, y),
                         partial_w1(w[0], w[1], x, y)])
        w = w - alpha * grad
    return w[0], w[1]
