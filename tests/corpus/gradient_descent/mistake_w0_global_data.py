import numpy as np

x_train = np.array([0.5, 1.0, 1.5, 2.0, 2.5, 3.0])
y_train = np.array([1.9, 3.1, 3.9, 5.2, 6.1, 6.8])


def predict(w0, w1, x):
    return w0 + w1 * np.asarray(x, dtype=float)


def mse(y, y_pred):
    return np.mean((y - y_pred) ** 2)


def partial_w0(w0, w1, x, y):
    # 편미분은 학습 데이터로 계산
    return 2 * np.mean(-(y_train - (w0 + w1 * x_train)))


def partial_w1(w0, w1, x, y):
    return 2 * np.mean(-(y - (w0 + w1 * x)) * x)


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    for _ in range(n_iters):
        g0 = partial_w0(w0, w1, x, y)
        g1 = partial_w1(w0, w1, x, y)
        w0, w1 = w0 - alpha * g0, w1 - alpha * g1
    return w0, w1
