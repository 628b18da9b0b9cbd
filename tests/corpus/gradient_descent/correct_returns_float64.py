import numpy as np


def predict(w0, w1, x):
    return w0 + w1 * np.asarray(x, dtype=float)


def mse(y, y_pred):
    return np.float64(np.sum((y - y_pred) ** 2) / y.shape[0])


def partial_w0(w0, w1, x, y):
    n = x.shape[0]
    return np.float64(-2.0 / n * np.sum(y - w0 - w1 * x))


def partial_w1(w0, w1, x, y):
    n = x.shape[0]
    return np.float64(-2.0 / n * np.sum((y - w0 - w1 * x) * x))


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    w0 = np.float64(w0)
    w1 = np.float64(w1)
    for _ in range(n_iters):
        g0, g1 = partial_w0(w0, w1, x, y), partial_w1(w0, w1, x, y)
        w0, w1 = w0 - alpha * g0, w1 - alpha * g1
    return np.float64(w0), np.float64(w1)
