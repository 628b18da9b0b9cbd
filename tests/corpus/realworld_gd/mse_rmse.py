import math


def mse(y, y_pred):
    n = len(y)
    return math.sqrt(sum((a - b) ** 2 for a, b in zip(y, y_pred)) / n)


def partial_w0(w0, w1, x, y):
    n = len(x)
    return -2 / n * sum(yi - (w0 + w1 * xi) for xi, yi in zip(x, y))


def partial_w1(w0, w1, x, y):
    n = len(x)
    return -2 / n * sum((yi - (w0 + w1 * xi)) * xi for xi, yi in zip(x, y))


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    for _ in range(n_iters):
        g0, g1 = partial_w0(w0, w1, x, y), partial_w1(w0, w1, x, y)
        w0, w1 = w0 - alpha * g0, w1 - alpha * g1
    return w0, w1
