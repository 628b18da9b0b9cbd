"""정답: 2층 신경망처럼 '은닉층 / 출력층' 을 나누어 썼지만 은닉층 수는 len(params)//2 로 일반화.
Correct: written like the two-layer lecture example (hidden part, then the output layer
by hand), but the number of hidden layers comes from len(params) // 2, so deeper nets work.
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
    cache = {"A0": X}
    A = X
    # 은닉층들
    for l in range(1, L):
        Z = A @ params[f"W{l}"] + params[f"b{l}"]
        A = activate(Z, activation)
        cache[f"Z{l}"] = Z
        cache[f"A{l}"] = A
    # 출력층 (선형)
    Z_out = A @ params[f"W{L}"] + params[f"b{L}"]
    cache[f"Z{L}"] = Z_out
    cache[f"A{L}"] = Z_out
    return Z_out, cache


def mse_loss(Y, Y_hat):
    N = Y.shape[0]
    return float(np.sum((Y - Y_hat) ** 2) / N)


def backward(Y, params, cache, activation="sigmoid"):
    L = len(params) // 2
    N = len(Y)
    grads = {}
    # 출력층
    dZ_out = 2 * (cache[f"A{L}"] - Y) / N
    grads[f"dW{L}"] = cache[f"A{L - 1}"].T @ dZ_out
    grads[f"db{L}"] = dZ_out.sum(axis=0)
    # 은닉층들
    dZ = dZ_out
    for l in range(L - 1, 0, -1):
        dA = dZ @ params[f"W{l + 1}"].T
        dZ = dA * activation_derivative(cache[f"Z{l}"], activation)
        grads[f"dW{l}"] = cache[f"A{l - 1}"].T @ dZ
        grads[f"db{l}"] = dZ.sum(axis=0)
    return grads


def train_step(X, Y, params, lr=0.1, activation="sigmoid"):
    Y_hat, cache = forward(X, params, activation)
    grads = backward(Y, params, cache, activation)
    new_params = {}
    for key in params:
        new_params[key] = params[key] - lr * grads["d" + key]
    return new_params
