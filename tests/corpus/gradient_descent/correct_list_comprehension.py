import numpy as np


def predict(w0, w1, x):
    return w0 + w1 * np.asarray(x, dtype=float)


def mse(y, y_pred):
    return sum([(a - b) ** 2 for a, b in zip(y, y_pred)]) / len(y)


def partial_w0(w0, w1, x, y):
    n = len(x)
    return (2 / n) * sum([-(y[i] - (w0 + w1 * x[i])) for i in range(n)])


def partial_w1(w0, w1, x, y):
    n = len(x)
    return (2 / n) * sum([-(y[i] - (w0 + w1 * x[i])) * x[i] for i in range(n)])


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    for _ in range(n_iters):
        grad = [partial_w0(w0, w1, x, y), partial_w1(w0, w1, x, y)]
        w0, w1 = [w - alpha * g for w, g in zip([w0, w1], grad)]
    return w0, w1
