import numpy as np


def act(z, activation):
    return 1 / (1 + np.exp(-z)) if activation == "sigmoid" else np.maximum(0, z)


def act_prime(z, activation):
    if activation == "sigmoid":
        a = act(z, "sigmoid")
        return a * (1 - a)
    return np.heaviside(z, 0.0)


def forward(X, params, activation="sigmoid"):
    n_layers = len(params) // 2
    cache = {"A0": X}
    # hidden layers
    for l in range(1, n_layers):
        cache[f"Z{l}"] = cache[f"A{l - 1}"] @ params[f"W{l}"] + params[f"b{l}"]
        cache[f"A{l}"] = act(cache[f"Z{l}"], activation)
    # output layer
    Z = cache[f"A{n_layers - 1}"] @ params[f"W{n_layers}"] + params[f"b{n_layers}"]
    cache[f"Z{n_layers}"] = Z
    cache[f"A{n_layers}"] = Z
    return Z, cache


def mse_loss(Y, Y_hat):
    diff = Y_hat - Y
    return np.einsum("ij,ij->", diff, diff) / Y.shape[0]


def backward(Y, params, cache, activation="sigmoid"):
    n_layers = len(params) // 2
    grads = {}
    delta = 2 * (cache[f"A{n_layers}"] - Y) / len(Y)
    for l in range(n_layers, 0, -1):
        grads[f"dW{l}"] = np.einsum("ni,nj->ij", cache[f"A{l - 1}"], delta)
        grads[f"db{l}"] = delta.sum(0)
        if l > 1:
            delta = (delta @ params[f"W{l}"].T) * act_prime(cache[f"Z{l - 1}"], activation)
    return grads


def train_step(X, Y, params, lr=0.1, activation="sigmoid"):
    _, cache = forward(X, params, activation)
    grads = backward(Y, params, cache, activation)
    updated = {}
    for name in params:
        updated[name] = params[name] - lr * grads["d" + name]
    return updated
