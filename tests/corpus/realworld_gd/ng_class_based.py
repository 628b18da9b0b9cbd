import numpy as np


class LinearRegressionGD:
    """Univariate linear regression trained with batch gradient descent."""

    def __init__(self, lr=0.01, epochs=1000):
        self.lr = lr
        self.epochs = epochs
        self.b = 0.0
        self.w = 0.0

    def predict(self, x):
        return self.b + self.w * x

    def cost(self, y, y_hat):
        m = len(y)
        return (1.0 / (2 * m)) * np.sum(np.square(y_hat - y))

    def gradients(self, x, y):
        m = len(x)
        error = self.predict(x) - y
        db = (1.0 / m) * np.sum(error)
        dw = (1.0 / m) * np.sum(error * x)
        return db, dw

    def fit(self, x, y):
        for _ in range(self.epochs):
            db, dw = self.gradients(x, y)
            self.b -= self.lr * db
            self.w -= self.lr * dw
        return self


def mse(y, y_pred):
    return LinearRegressionGD().cost(np.asarray(y), np.asarray(y_pred))


def partial_w0(w0, w1, x, y):
    model = LinearRegressionGD()
    model.b, model.w = w0, w1
    return model.gradients(np.asarray(x), np.asarray(y))[0]


def partial_w1(w0, w1, x, y):
    model = LinearRegressionGD()
    model.b, model.w = w0, w1
    return model.gradients(np.asarray(x), np.asarray(y))[1]


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    model = LinearRegressionGD(lr=alpha, epochs=n_iters)
    model.b, model.w = w0, w1
    model.fit(np.asarray(x, dtype=float), np.asarray(y, dtype=float))
    return model.b, model.w
