import numpy as np


def predict(w0, w1, x):
    return w0 + w1 * np.asarray(x, dtype=float)


def mse(y, y_pred):
    return ((y - y_pred) ** 2).mean()


def partial_w0(w0, w1, x, y):
    return (-2 * (y - predict(w0, w1, x))).mean()


def partial_w1(w0, w1, x, y):
    return (-2 * (y - predict(w0, w1, x)) * x).mean()


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    w = [w0, w1]
    for _ in range(n_iters):
        grads = [partial_w0(w[0], w[1], x, y), partial_w1(w[0], w[1], x, y)]
        w = [w[0] - alpha * grads[0], w[1] - alpha * grads[1]]
    return w
