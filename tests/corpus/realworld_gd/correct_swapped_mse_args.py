import numpy as np


def mse(y, y_pred):
    # order does not matter once squared
    return np.square(np.subtract(y_pred, y)).mean()


def partial_w0(w0, w1, x, y):
    y_pred = w0 + w1 * x
    return 2 * np.mean(y_pred - y)


def partial_w1(w0, w1, x, y):
    y_pred = w0 + w1 * x
    return 2 * np.mean((y_pred - y) * x)


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    w = np.array([w0, w1], dtype=float)
    for _ in range(n_iters):
        g = np.array([partial_w0(w[0], w[1], x, y), partial_w1(w[0], w[1], x, y)])
        w = w - alpha * g
    return tuple(w)
