"""정답: db 를 keepdims=True 로 합한 뒤 reshape(-1) 로 (H,) 모양으로 되돌림. 손실도 keepdims.
Correct: db summed with keepdims=True, then reshaped back to (H,); the loss sums per row
with keepdims before the total.
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
    per_sample = np.sum((Y - Y_hat) ** 2, axis=1, keepdims=True)  # (N, 1)
    return float(np.mean(per_sample))


def backward(Y, params, cache, activation="sigmoid"):
    L = len(params) // 2
    N = Y.shape[0]
    grads = {}
    dZ = 2 * (cache[f"A{L}"] - Y) / N
    for l in range(L, 0, -1):
        grads[f"dW{l}"] = cache[f"A{l - 1}"].T @ dZ
        db = np.sum(dZ, axis=0, keepdims=True)  # (1, H)
        grads[f"db{l}"] = db.reshape(-1)  # (H,)
        if l > 1:
            dZ = (dZ @ params[f"W{l}"].T) * activation_derivative(cache[f"Z{l - 1}"], activation)
    return grads


def train_step(X, Y, params, lr=0.1, activation="sigmoid"):
    Y_hat, cache = forward(X, params, activation)
    grads = backward(Y, params, cache, activation)
    new_params = {}
    for key in params:
        new_params[key] = params[key] - lr * grads["d" + key]
    return new_params
