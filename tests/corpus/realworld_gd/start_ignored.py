import numpy as np


def mse(y, y_pred):
    return np.mean((y - y_pred) ** 2)


def partial_w0(w0, w1, x, y):
    return -2 * np.mean(y - (w0 + w1 * x))


def partial_w1(w0, w1, x, y):
    return -2 * np.mean((y - (w0 + w1 * x)) * x)


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    w = [0.0, 0.0]  # initialise the weights
    for _ in range(n_iters):
        g0 = partial_w0(w[0], w[1], x, y)
        g1 = partial_w1(w[0], w[1], x, y)
        w = [w[0] - alpha * g0, w[1] - alpha * g1]
    return w[0], w[1]
