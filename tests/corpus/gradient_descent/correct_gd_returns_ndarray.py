import numpy as np


def predict(w0, w1, x):
    return w0 + w1 * np.asarray(x, dtype=float)


def mse(y, y_pred):
    return np.mean((y - y_pred) ** 2)


def partial_w0(w0, w1, x, y):
    return 2 * np.mean(predict(w0, w1, x) - y)


def partial_w1(w0, w1, x, y):
    return 2 * np.mean((predict(w0, w1, x) - y) * x)


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    theta = np.array([w0, w1], dtype=np.float64)
    for _ in range(n_iters):
        grad = np.array([partial_w0(theta[0], theta[1], x, y),
                         partial_w1(theta[0], theta[1], x, y)])
        theta -= alpha * grad
    return theta
