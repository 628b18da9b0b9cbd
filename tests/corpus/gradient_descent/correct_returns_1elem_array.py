import numpy as np


def predict(w0, w1, x):
    return w0 + w1 * np.asarray(x, dtype=float)


def mse(y, y_pred):
    err = (y - y_pred) ** 2
    # keepdims 때문에 shape (1,) 배열이 나옴
    return np.sum(err, keepdims=True) / len(err)


def partial_w0(w0, w1, x, y):
    r = y - (w0 + w1 * x)
    return np.array([2 * np.mean(-r)])


def partial_w1(w0, w1, x, y):
    r = y - (w0 + w1 * x)
    return np.array([2 * np.mean(-r * x)])


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    for _ in range(n_iters):
        g0 = partial_w0(w0, w1, x, y)
        g1 = partial_w1(w0, w1, x, y)
        w0, w1 = w0 - alpha * g0, w1 - alpha * g1
    return w0, w1
