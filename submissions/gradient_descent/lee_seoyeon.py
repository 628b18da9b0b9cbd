# 이서연 - 경사하강법 과제
# numpy 없이 반복문으로 구현해 보았습니다.
import numpy as np


def predict(w0, w1, x):
    return w0 + w1 * np.asarray(x, dtype=float)


def mse(y, y_pred):
    n = len(y)
    total = 0.0
    for i in range(n):
        diff = y[i] - y_pred[i]
        total = total + diff * diff
    return total / n


def partial_w0(w0, w1, x, y):
    n = len(x)
    total = 0.0
    for i in range(n):
        total = total + (y[i] - (w0 + w1 * x[i])) * (-1)
    return 2 * total / n


def partial_w1(w0, w1, x, y):
    n = len(x)
    total = 0.0
    for i in range(n):
        total = total + (y[i] - (w0 + w1 * x[i])) * (-x[i])
    return 2 * total / n


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    for i in range(n_iters):
        grad0 = partial_w0(w0, w1, x, y)
        grad1 = partial_w1(w0, w1, x, y)
        w0 = w0 - alpha * grad0
        w1 = w1 - alpha * grad1
    return w0, w1
