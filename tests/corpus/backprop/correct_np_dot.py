"""정답: @ 대신 np.dot 과 np.transpose, 손실은 np.square 와 len(Y).
Correct: np.dot and np.transpose instead of @, the loss with np.square and len(Y).
"""

import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))


def relu(z):
    return np.maximum(0.0, np.asarray(z, dtype=float))


def activate(z, activation):
    if activation == "sigmoid":
        return sigmoid(z)
    if activation == "relu":
        return relu(z)
    raise ValueError(f"unknown activation {activation!r}")


def activation_derivative(z, activation):
    z = np.asarray(z, dtype=float)
    if activation == "sigmoid":
        s = sigmoid(z)
        return s * (1.0 - s)
    if activation == "relu":
        return (z > 0).astype(float)
    raise ValueError(f"unknown activation {activation!r}")


def init_params(layer_sizes, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for k in range(1, len(layer_sizes)):
        fan_in, fan_out = layer_sizes[k - 1], layer_sizes[k]
        params[f"W{k}"] = rng.normal(0.0, 1.0 / np.sqrt(fan_in), (fan_in, fan_out))
        params[f"b{k}"] = np.zeros(fan_out)
    return params


def forward(X, params, activation="sigmoid"):
    L = len(params) // 2
    A = X
    cache = {"A0": X}
    for l in range(1, L + 1):
        Z = np.dot(A, params["W%d" % l]) + params["b%d" % l]
        A = Z if l == L else activate(Z, activation)
        cache["Z%d" % l] = Z
        cache["A%d" % l] = A
    return A, cache


def mse_loss(Y, Y_hat):
    return np.sum(np.square(np.subtract(Y, Y_hat))) / len(Y)


def backward(Y, params, cache, activation="sigmoid"):
    L = len(params) // 2
    grads = {}
    dZ = np.dot(2.0 / len(Y), np.subtract(cache["A%d" % L], Y))
    for l in range(L, 0, -1):
        grads["dW%d" % l] = np.dot(np.transpose(cache["A%d" % (l - 1)]), dZ)
        grads["db%d" % l] = np.sum(dZ, axis=0)
        if l > 1:
            dA = np.dot(dZ, np.transpose(params["W%d" % l]))
            dZ = np.multiply(dA, activation_derivative(cache["Z%d" % (l - 1)], activation))
    return grads


def train_step(X, Y, params, lr=0.1, activation="sigmoid"):
    Y_hat, cache = forward(X, params, activation)
    grads = backward(Y, params, cache, activation)
    new_params = {}
    for key in params:
        new_params[key] = params[key] - lr * grads["d" + key]
    return new_params
