"""정답: 가중치와 편향을 리스트로 꺼내 층마다 명시적인 for 반복문으로 계산.
Correct: weights and biases pulled into Python lists, explicit per-layer loops forward
and backward (reversed(range(...))), the dicts rebuilt at the end.
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
    num_layers = len(params) // 2
    weights = []
    biases = []
    for i in range(num_layers):
        weights.append(params["W" + str(i + 1)])
        biases.append(params["b" + str(i + 1)])

    activations = [X]
    pre_activations = []
    for i in range(num_layers):
        z = np.matmul(activations[i], weights[i]) + biases[i]
        pre_activations.append(z)
        if i == num_layers - 1:
            activations.append(z)
        else:
            activations.append(activate(z, activation))

    cache = {}
    cache["A0"] = activations[0]
    for i in range(num_layers):
        cache["Z" + str(i + 1)] = pre_activations[i]
        cache["A" + str(i + 1)] = activations[i + 1]
    return activations[-1], cache


def mse_loss(Y, Y_hat):
    N = Y.shape[0]
    return float(np.sum((Y - Y_hat) ** 2) / N)


def backward(Y, params, cache, activation="sigmoid"):
    num_layers = len(params) // 2
    n_samples = Y.shape[0]
    dW_list = [None] * num_layers
    db_list = [None] * num_layers

    delta = (2.0 / n_samples) * (cache["A" + str(num_layers)] - Y)
    for i in reversed(range(num_layers)):
        a_prev = cache["A" + str(i)]
        dW_list[i] = np.matmul(a_prev.T, delta)
        db_list[i] = np.sum(delta, axis=0)
        if i > 0:
            w = params["W" + str(i + 1)]
            z_prev = cache["Z" + str(i)]
            delta = np.matmul(delta, w.T) * activation_derivative(z_prev, activation)

    grads = {}
    for i in range(num_layers):
        grads["dW" + str(i + 1)] = dW_list[i]
        grads["db" + str(i + 1)] = db_list[i]
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
