import numpy as np

LEARNING_RATE = 0.01
EPOCHS = 1000
x_train = np.array([1.0, 2.0, 3.0, 4.0])
y_train = np.array([2.1, 3.9, 6.2, 7.8])


def mse(y, y_pred):
    errors = y - y_pred
    return np.dot(errors, errors) / errors.size


def partial_w0(w0, w1, x, y):
    return (2.0 / x.size) * np.sum((w0 + w1 * x) - y)


def partial_w1(w0, w1, x, y):
    return (2.0 / x.size) * np.dot((w0 + w1 * x) - y, x)


def gradient_descent(x, y, alpha=LEARNING_RATE, n_iters=EPOCHS, w0=0.0, w1=0.0):
    for _ in range(n_iters):
        w0, w1 = w0 - alpha * partial_w0(w0, w1, x, y), w1 - alpha * partial_w1(w0, w1, x, y)
    return w0, w1


if __name__ == "__main__":
    print(gradient_descent(x_train, y_train))
