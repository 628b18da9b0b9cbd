import numpy as np


def add_ones(x):
    x = np.asarray(x, dtype=float).reshape(-1, 1)
    return np.hstack([np.ones((x.shape[0], 1)), x])


def compute_cost(X, y, theta):
    m = len(y)
    predictions = X.dot(theta)
    sq_errors = (predictions - y) ** 2
    return 1 / (2 * m) * np.sum(sq_errors)


def mse(y, y_pred):
    m = len(y)
    return 1 / (2 * m) * np.sum((np.asarray(y_pred) - np.asarray(y)) ** 2)


def gradient(X, y, theta):
    m = len(y)
    return (1 / m) * X.T.dot(X.dot(theta) - y)


def partial_w0(w0, w1, x, y):
    return gradient(add_ones(x), np.asarray(y, dtype=float), np.array([w0, w1]))[0]


def partial_w1(w0, w1, x, y):
    return gradient(add_ones(x), np.asarray(y, dtype=float), np.array([w0, w1]))[1]


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    X = add_ones(x)
    y = np.asarray(y, dtype=float)
    theta = np.array([w0, w1], dtype=float)
    J_history = []
    for i in range(n_iters):
        theta = theta - alpha * gradient(X, y, theta)
        J_history.append(compute_cost(X, y, theta))
    return theta[0], theta[1]
