# 학번: 20241234
# 경사하강법 과제
import numpy as np


def predict(w0, w1, x):
    return w0 + w1 * np.asarray(x, dtype=float)


def mse(y, y_pred):
    return np.mean(np.square(np.subtract(y, y_pred)))


def partial_w0(w0, w1, x, y):
    # dL/dw0 = 평균( 2 * (y - y_hat) * (-1) )
    return np.mean(2 * (y - predict(w0, w1, x)) * (-1))


def partial_w1(w0, w1, x, y):
    # dL/dw1 = 평균( 2 * (y - y_hat) * (-x) )
    return np.mean(2 * (y - predict(w0, w1, x)) * (-x))


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    for step in range(n_iters):
        grad_w0 = partial_w0(w0, w1, x, y)
        grad_w1 = partial_w1(w0, w1, x, y)
        w0 -= alpha * grad_w0
        w1 -= alpha * grad_w1
    return w0, w1
