import numpy as np


def predict(w0, w1, x):
    return w0 + w1 * np.asarray(x, dtype=float)


def mse(y, y_pred):
    return np.mean((y - y_pred) ** 2)


def partial_w0(w0, w1, x, y):
    return np.mean(-2 * (y - (w0 + w1 * x)))


def partial_w1(w0, w1, x, y):
    return np.mean(-2 * (y - (w0 + w1 * x)) * x)


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    for _ in range(n_iters):
        d0 = partial_w0(w0, w1, x, y)
        d1 = partial_w1(w0, w1, x, y)
        w0, w1 = w0 - alpha * d0, w1 - alpha * d1
    return w0, w1


# 확인용 (y = 1 + 2x)
x_test = np.array([0.0, 1.0, 2.0, 3.0])
y_test = np.array([1.0, 3.0, 5.0, 7.0])
print(mse(y_test, predict(1, 2, x_test)))
print(gradient_descent(x_test, y_test, alpha=0.05, n_iters=2000))
