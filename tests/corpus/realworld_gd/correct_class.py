import numpy as np


class SimpleLinearRegression:
    def __init__(self, w0=0.0, w1=0.0):
        self.w0 = w0
        self.w1 = w1

    def predict(self, x):
        return self.w0 + self.w1 * np.asarray(x, dtype=float)

    def loss(self, x, y):
        return float(np.mean((np.asarray(y) - self.predict(x)) ** 2))

    def grads(self, x, y):
        r = np.asarray(y, dtype=float) - self.predict(x)
        return -2.0 * r.mean(), -2.0 * (r * np.asarray(x, dtype=float)).mean()

    def step(self, x, y, lr):
        g0, g1 = self.grads(x, y)
        self.w0, self.w1 = self.w0 - lr * g0, self.w1 - lr * g1


def mse(y, y_pred):
    return float(np.mean((np.asarray(y) - np.asarray(y_pred)) ** 2))


def partial_w0(w0, w1, x, y):
    return SimpleLinearRegression(w0, w1).grads(x, y)[0]


def partial_w1(w0, w1, x, y):
    return SimpleLinearRegression(w0, w1).grads(x, y)[1]


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    model = SimpleLinearRegression(w0, w1)
    for _ in range(n_iters):
        model.step(x, y, alpha)
    return model.w0, model.w1
