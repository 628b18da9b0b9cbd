"""정답: numpy 벡터 연산, f-string 키, 반복문은 층에 대해서만.
Correct: vectorised numpy with f-string keys; the only loop is over the layers.
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
    n_layers = len(params) // 2
    A = np.asarray(X, dtype=float)
    cache = {"A0": A}
    for k in range(1, n_layers + 1):
        Z = A @ params[f"W{k}"] + params[f"b{k}"]
        A = Z if k == n_layers else activate(Z, activation)
        cache[f"Z{k}"] = Z
        cache[f"A{k}"] = A
    return A, cache


def mse_loss(Y, Y_hat):
    Y = np.asarray(Y, dtype=float)
    Y_hat = np.asarray(Y_hat, dtype=float)
    return float(np.sum((Y - Y_hat) ** 2) / Y.shape[0])


def backward(Y, params, cache, activation="sigmoid"):
    n_layers = len(params) // 2
    Y = np.asarray(Y, dtype=float)
    grads = {}
    dZ = 2.0 * (cache[f"A{n_layers}"] - Y) / Y.shape[0]
    for k in range(n_layers, 0, -1):
        grads[f"dW{k}"] = cache[f"A{k - 1}"].T @ dZ
        grads[f"db{k}"] = dZ.sum(axis=0)
        if k > 1:
            dZ = (dZ @ params[f"W{k}"].T) * activation_derivative(cache[f"Z{k - 1}"], activation)
    return grads


def train_step(X, Y, params, lr=0.1, activation="sigmoid"):
    _, cache = forward(X, params, activation)
    grads = backward(Y, params, cache, activation)
    return {name: value - lr * grads["d" + name] for name, value in params.items()}
