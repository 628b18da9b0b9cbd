import numpy as np

X = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
Y = np.array([3.1, 4.9, 7.2, 8.8, 11.1, 13.0])


def mse(y, y_pred):
    return np.mean((y - y_pred) ** 2)


def partial_w0(w0, w1, x, y):
    return -2 * np.mean(y - (w0 + w1 * x))


def partial_w1(w0, w1, x, y):
    return -2 * np.mean((y - (w0 + w1 * x)) * x)


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    for _ in range(n_iters):
        g0 = partial_w0(w0, w1, X, Y)
        g1 = partial_w1(w0, w1, X, Y)
        w0, w1 = w0 - alpha * g0, w1 - alpha * g1
    return w0, w1
