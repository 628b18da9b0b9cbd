import numpy as np


def predict(w0, w1, x):
    return w0 + w1 * np.asarray(x, dtype=float)


def mse(y, y_pred):
    return np.mean((y - y_pred) ** 2)


def partial_w0(w0, w1, x, y):
    return -2 * np.mean(y - (w0 + w1 * x))


def partial_w1(w0, w1, x, y):
    return -2 * np.mean((y - (w0 + w1 * x)) * x)


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    # 편미분 함수를 부르지 않고 직접 계산 (더 빠름)
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    n = len(x)
    for _ in range(n_iters):
        err = (w0 + w1 * x) - y
        dw0 = (2.0 / n) * err.sum()
        dw1 = (2.0 / n) * (err * x).sum()
        w0 = w0 - alpha * dw0
        w1 = w1 - alpha * dw1
    return w0, w1
