def predict(w0, w1, xs):
    return [w0 + w1 * v for v in xs]


def mse(y, y_pred):
    return sum((a - b) * (a - b) for a, b in zip(y, y_pred)) / len(y)


def partial_w0(w0, w1, x, y):
    preds = predict(w0, w1, x)
    return 2 * sum(p - t for p, t in zip(preds, y)) / len(y)


def partial_w1(w0, w1, x, y):
    preds = predict(w0, w1, x)
    return 2 * sum((p - t) * v for p, t, v in zip(preds, y, x)) / len(y)


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    step = 0
    while step < n_iters:
        d0, d1 = partial_w0(w0, w1, x, y), partial_w1(w0, w1, x, y)
        w0, w1 = w0 - alpha * d0, w1 - alpha * d1
        step += 1
    return w0, w1
