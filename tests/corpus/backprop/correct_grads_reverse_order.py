"""정답: grads 를 출력층부터 "db" 먼저 넣어 역순으로 만들고, train_step 은 params 가 아니라
grads 를 돌며 갱신 (딕셔너리 순서는 상관없음).
Correct: grads built output layer first, "db" before "dW" (reverse order); train_step
walks over grads (not params) and strips the leading "d" to find the parameter.
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
        Z = A @ params["W" + str(l)] + params["b" + str(l)]
        if l < L:
            A = activate(Z, activation)
        else:
            A = Z
        cache["Z" + str(l)] = Z
        cache["A" + str(l)] = A
    return A, cache


def mse_loss(Y, Y_hat):
    N = Y.shape[0]
    return float(np.sum((Y - Y_hat) ** 2) / N)


def backward(Y, params, cache, activation="sigmoid"):
    L = len(params) // 2
    N = Y.shape[0]
    grads = {}
    dZ = 2 * (cache[f"A{L}"] - Y) / N
    l = L
    while l >= 1:
        grads[f"db{l}"] = dZ.sum(axis=0)
        grads[f"dW{l}"] = cache[f"A{l - 1}"].T @ dZ
        if l > 1:
            dZ = (dZ @ params[f"W{l}"].T) * activation_derivative(cache[f"Z{l - 1}"], activation)
        l -= 1
    return grads


def train_step(X, Y, params, lr=0.1, activation="sigmoid"):
    _, cache = forward(X, params, activation)
    grads = backward(Y, params, cache, activation)
    updated = {}
    for gname, g in grads.items():
        pname = gname[1:]
        updated[pname] = params[pname] - lr * g
    return updated
