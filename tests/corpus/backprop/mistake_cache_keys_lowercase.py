"""실수: cache 키를 명세의 "A0", "Z1" 대신 소문자 "a0", "z1" 로 씀. forward 의 cache 가 명세와
다르고, backward 는 명세대로 만든 cache 에서 "a0" 를 찾다가 KeyError. train_step 은 정답.
Mistake: cache keys in lower case ("a0", "z1", …) instead of the spec's "A0", "Z1". The
forward cache is not the specified one, and backward, given a spec cache, raises KeyError.
Both break the pinned API; train_step (graded with the reference pair) is right.
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
    cache = {"a0": X}
    for l in range(1, L + 1):
        Z = A @ params[f"W{l}"] + params[f"b{l}"]
        A = Z if l == L else activate(Z, activation)
        cache[f"z{l}"] = Z
        cache[f"a{l}"] = A
    return A, cache


def mse_loss(Y, Y_hat):
    N = Y.shape[0]
    return float(np.sum((Y - Y_hat) ** 2) / N)


def backward(Y, params, cache, activation="sigmoid"):
    L = len(params) // 2
    N = Y.shape[0]
    grads = {}
    dZ = 2 * (cache[f"a{L}"] - Y) / N
    for l in range(L, 0, -1):
        grads[f"dW{l}"] = cache[f"a{l - 1}"].T @ dZ
        grads[f"db{l}"] = np.sum(dZ, axis=0)
        if l > 1:
            dZ = (dZ @ params[f"W{l}"].T) * activation_derivative(cache[f"z{l - 1}"], activation)
    return grads


def train_step(X, Y, params, lr=0.1, activation="sigmoid"):
    Y_hat, cache = forward(X, params, activation)
    grads = backward(Y, params, cache, activation)
    new_params = {}
    for key in params:
        new_params[key] = params[key] - lr * grads["d" + key]
    return new_params
