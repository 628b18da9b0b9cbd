import numpy as np


def predict(w0, w1, x):
    return w0 + w1 * np.asarray(x, dtype=float)


def mse(y, y_pred):
    return np.mean((y - y_pred) ** 2)


def partial_w0(w0, w1, x, y):
    return 2 * np.mean(-(y - (w0 + w1 * x)))


def partial_w1(w0, w1, x, y):
    return 2 * np.mean(-(y - (w0 + w1 * x)) * x)


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    for _ in range(n_iters):
        g0 = partial_w0(w0, w1, x, y)
        g1 = partial_w1(w0, w1, x, y)
        w0, w1 = w0 - alpha * g0, w1 - alpha * g1
    return w0, w1


# 테스트
x_data = np.array([1.0, 2.0, 3.0])
y_data = np.array([2.0, 4.0, 6.0])
w0_final, w1_final = gradient_descent(x_data, y_data)
print(mse(y_data, predict(w_0, w_1, x_data)))   # NameError: w_0
