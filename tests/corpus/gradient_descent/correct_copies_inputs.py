import numpy as np


def predict(w0, w1, x):
    return w0 + w1 * np.asarray(x, dtype=float)


def mse(y, y_pred):
    y = np.array(y, dtype=float)
    y_pred = np.array(y_pred, dtype=float)
    y -= y_pred          # 복사본이라 원본은 안 바뀜
    y **= 2
    return y.mean()


def partial_w0(w0, w1, x, y):
    x = np.array(x, dtype=float)
    y = np.array(y, dtype=float)
    y -= w0 + w1 * x     # y 를 잔차로 덮어씀 (복사본)
    return -2.0 * y.mean()


def partial_w1(w0, w1, x, y):
    x = np.array(x, dtype=float)
    y = np.array(y, dtype=float)
    y -= w0 + w1 * x
    y *= x
    return -2.0 * y.mean()


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    x = np.array(x, dtype=float)
    y = np.array(y, dtype=float)
    w0 = float(w0)
    w1 = float(w1)
    for _ in range(n_iters):
        g0 = partial_w0(w0, w1, x, y)
        g1 = partial_w1(w0, w1, x, y)
        w0, w1 = w0 - alpha * g0, w1 - alpha * g1
    return w0, w1
