# 이서연 - 역전파 과제
# 층마다 리스트에 담아서 반복문으로 계산했습니다.
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
    num_layers = len(params) // 2
    As = [X]
    Zs = []
    for i in range(num_layers):
        W = params["W" + str(i + 1)]
        b = params["b" + str(i + 1)]
        Z = np.matmul(As[-1], W) + b
        Zs.append(Z)
        if i == num_layers - 1:
            As.append(Z)
        else:
            As.append(activate(Z, activation))
    cache = {"A0": X}
    for i in range(num_layers):
        cache["Z" + str(i + 1)] = Zs[i]
        cache["A" + str(i + 1)] = As[i + 1]
    return As[-1], cache


def mse_loss(Y, Y_hat):
    n = Y.shape[0]
    total = 0.0
    for i in range(n):
        for k in range(Y.shape[1]):
            total = total + (Y[i, k] - Y_hat[i, k]) ** 2
    return total / n


def backward(Y, params, cache, activation="sigmoid"):
    num_layers = len(params) // 2
    n = Y.shape[0]
    grads = {}
    delta = 2.0 * (cache["A" + str(num_layers)] - Y) / n
    for i in range(num_layers, 0, -1):
        grads["dW" + str(i)] = np.matmul(cache["A" + str(i - 1)].T, delta)
        grads["db" + str(i)] = np.sum(delta, axis=0)
        if i > 1:
            back = np.matmul(delta, params["W" + str(i)].T)
            delta = back * activation_derivative(cache["Z" + str(i - 1)], activation)
    return grads


def train_step(X, Y, params, lr=0.1, activation="sigmoid"):
    Y_hat, cache = forward(X, params, activation)
    grads = backward(Y, params, cache, activation)
    num_layers = len(params) // 2
    new_params = {}
    for i in range(1, num_layers + 1):
        new_params["W" + str(i)] = params["W" + str(i)] - lr * grads["dW" + str(i)]
        new_params["b" + str(i)] = params["b" + str(i)] - lr * grads["db" + str(i)]
    return new_params
