def mse(y, y_pred):
    total = 0.0
    for i in range(len(y)):
        total = total + (y[i] - y_pred[i]) ** 2
    return total / len(y)


def partial_w0(w0, w1, x, y):
    n = len(x)
    s = 0.0
    for i in range(n):
        s += -2 * (y[i] - (w0 + w1 * x[i]))
    return s / n


def partial_w1(w0, w1, x, y):
    n = len(x)
    s = 0.0
    for i in range(n):
        s += -2 * x[i] * (y[i] - (w0 + w1 * x[i]))
    return s / n


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    i = 0
    while i < n_iters:
        grad0 = partial_w0(w0, w1, x, y)
        grad1 = partial_w1(w0, w1, x, y)
        w0 -= alpha * grad0
        w1 -= alpha * grad1
        i += 1
    return (w0, w1)
