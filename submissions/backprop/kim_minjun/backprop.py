# 김민준 - 역전파 과제 (numpy 벡터 연산)
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
        Z = A @ params[f"W{l}"] + params[f"b{l}"]
        A = Z if l == L else activate(Z, activation)
        cache[f"Z{l}"] = Z
        cache[f"A{l}"] = A
    return A, cache


def mse_loss(Y, Y_hat):
    return float(np.sum((Y - Y_hat) ** 2) / Y.shape[0])


def backward(Y, params, cache, activation="sigmoid"):
    L = len(params) // 2
    dZ = 2.0 * (cache[f"A{L}"] - Y) / Y.shape[0]
    grads = {}
    for l in range(L, 0, -1):
        grads[f"dW{l}"] = cache[f"A{l - 1}"].T @ dZ
        grads[f"db{l}"] = dZ.sum(axis=0)
        if l > 1:
            dZ = (dZ @ params[f"W{l}"].T) * activation_derivative(cache[f"Z{l - 1}"], activation)
    return grads


def train_step(X, Y, params, lr=0.1, activation="sigmoid"):
    _, cache = forward(X, params, activation)
    grads = backward(Y, params, cache, activation)
    return {name: value - lr * grads["d" + name] for name, value in params.items()}


if __name__ == "__main__":
    X = np.linspace(-3, 3, 60).reshape(-1, 1)
    Y = np.sin(X)
    params = init_params([1, 16, 16, 1])
    for step in range(3000):
        params = train_step(X, Y, params, lr=0.1)
        if step % 500 == 0:
            print(step, mse_loss(Y, forward(X, params)[0]))
