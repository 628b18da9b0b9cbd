import numpy as np


def predict(w0, w1, x):
    return w0 + w1 * np.asarray(x, dtype=float)


def mse(y, y_pred):
    return float(np.mean((np.asarray(y) - np.asarray(y_pred)) ** 2))


def partial_w0(w0, w1, x, y):
    y_hat = predict(w0, w1, x)
    return float(np.mean(-2 * (y - y_hat)))


def partial_w1(w0, w1, x, y):
    y_hat = predict(w0, w1, x)
    return float(np.mean(-2 * (y - y_hat) * x))


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    # 학습 과정을 보려고 손실값을 기록함
    history = []
    for _ in range(n_iters):
        history.append(mse(y, predict(w0, w1, x)))
        g0 = partial_w0(w0, w1, x, y)
        g1 = partial_w1(w0, w1, x, y)
        w0, w1 = w0 - alpha * g0, w1 - alpha * g1
    return w0, w1
