"""정답: train_step 이 copy.deepcopy 로 params 를 복사한 뒤, 복사본을 반복문에서 -= 로 갱신.
Correct: train_step deep-copies params with copy.deepcopy and updates the copy in place in
a loop (-=); forward copies X too. The caller's params are never touched.
"""

import copy

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
    X = copy.deepcopy(X)
    L = len(params) // 2
    cache = {"A0": X}
    A = X
    for l in range(1, L + 1):
        Z = A @ params[f"W{l}"] + params[f"b{l}"]
        A = activate(Z, activation) if l != L else Z
        cache[f"Z{l}"], cache[f"A{l}"] = Z, A
    return A, cache


def mse_loss(Y, Y_hat):
    N = Y.shape[0]
    return float(np.sum((Y - Y_hat) ** 2) / N)


def backward(Y, params, cache, activation="sigmoid"):
    L = len(params) // 2
    N = Y.shape[0]
    grads = {}
    dZ = 2 * (cache["A" + str(L)] - Y) / N
    for l in range(L, 0, -1):
        grads["dW" + str(l)] = cache["A" + str(l - 1)].T @ dZ
        grads["db" + str(l)] = np.sum(dZ, axis=0)
        if l > 1:
            dA = dZ @ params["W" + str(l)].T
            dZ = dA * activation_derivative(cache["Z" + str(l - 1)], activation)
    return grads


def train_step(X, Y, params, lr=0.1, activation="sigmoid"):
    new_params = copy.deepcopy(params)
    _, cache = forward(X, params, activation)
    grads = backward(Y, params, cache, activation)
    for name in new_params:
        new_params[name] -= lr * grads["d" + name]
    return new_params
