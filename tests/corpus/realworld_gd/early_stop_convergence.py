import numpy as np


def mse(y, y_pred):
    return np.mean((y - y_pred) ** 2)


def partial_w0(w0, w1, x, y):
    return -2 * np.mean(y - (w0 + w1 * x))


def partial_w1(w0, w1, x, y):
    return -2 * np.mean((y - (w0 + w1 * x)) * x)


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0, tolerance=1e-4):
    previous_cost = float("inf")
    for i in range(n_iters):
        cost = mse(y, w0 + w1 * x)
        if abs(previous_cost - cost) < tolerance:
            break  # converged
        previous_cost = cost
        g0 = partial_w0(w0, w1, x, y)
        g1 = partial_w1(w0, w1, x, y)
        w0 = w0 - alpha * g0
        w1 = w1 - alpha * g1
    return w0, w1
