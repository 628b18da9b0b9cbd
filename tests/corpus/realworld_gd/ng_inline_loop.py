import numpy as np


def mse(y, y_pred):
    m = y.shape[0]
    J = 0
    for i in range(m):
        J += (y_pred[i] - y[i]) ** 2
    return J / (2 * m)


def partial_w0(w0, w1, x, y):
    m = x.shape[0]
    total = 0
    for i in range(m):
        total += (w0 + w1 * x[i]) - y[i]
    return total / m


def partial_w1(w0, w1, x, y):
    m = x.shape[0]
    total = 0
    for i in range(m):
        total += ((w0 + w1 * x[i]) - y[i]) * x[i]
    return total / m


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    m = x.shape[0]
    for it in range(n_iters):
        h = w0 + w1 * x
        # simultaneous update
        temp0 = w0 - alpha * (1 / m) * np.sum(h - y)
        temp1 = w1 - alpha * (1 / m) * np.sum((h - y) * x)
        w0, w1 = temp0, temp1
    return (w0, w1)
