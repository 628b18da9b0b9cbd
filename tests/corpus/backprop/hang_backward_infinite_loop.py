"""고장: backward 의 while 반복문이 l 을 if l > 1 안에서만 줄여서, l = 1 에서 영원히 돎 (시간 초과).
나머지 세 함수는 정답이고, train_step 은 정답 backward 로 채점하므로 만점.
Broken: backward's while loop decrements l only inside `if l > 1`, so it spins forever at
l = 1 (timeout; nothing raises, the shapes stay valid). The other three are right;
train_step runs with the reference backward and keeps full points.
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
    while l != 0:
        grads[f"dW{l}"] = cache[f"A{l - 1}"].T @ dZ
        grads[f"db{l}"] = np.sum(dZ, axis=0)
        if l > 1:
            dA = dZ @ params[f"W{l}"].T
            dZ = dA * activation_derivative(cache[f"Z{l - 1}"], activation)
            l -= 1  # 다음 층으로
    return grads


def train_step(X, Y, params, lr=0.1, activation="sigmoid"):
    Y_hat, cache = forward(X, params, activation)
    grads = backward(Y, params, cache, activation)
    new_params = {}
    for key in params:
        new_params[key] = params[key] - lr * grads["d" + key]
    return new_params
