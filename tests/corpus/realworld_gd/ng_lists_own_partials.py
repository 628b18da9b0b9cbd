# plain python, no numpy: cost with the 1/2m convention


def mse(y, y_pred):
    m = len(y)
    return sum((p - t) ** 2 for p, t in zip(y_pred, y)) / (2 * m)


def partial_w0(w0, w1, x, y):
    m = len(x)
    return sum((w0 + w1 * xi) - yi for xi, yi in zip(x, y)) / m


def partial_w1(w0, w1, x, y):
    m = len(x)
    return sum(((w0 + w1 * xi) - yi) * xi for xi, yi in zip(x, y)) / m


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    for _ in range(n_iters):
        g0 = partial_w0(w0, w1, x, y)
        g1 = partial_w1(w0, w1, x, y)
        w0, w1 = w0 - alpha * g0, w1 - alpha * g1
    return [w0, w1]
