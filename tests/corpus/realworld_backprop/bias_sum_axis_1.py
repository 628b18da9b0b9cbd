import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def sigmoid_prime(z):
    s = sigmoid(z)
    return s * (1 - s)


def relu(z):
    return np.maximum(0, z)


def relu_prime(z):
    return (z > 0).astype(float)


def forward(X, params, activation="sigmoid"):
    L = len(params) // 2
    A = X
    cache = {"A0": X}
    for l in range(1, L + 1):
        Z = A @ params["W" + str(l)] + params["b" + str(l)]
        if l < L:
            A = sigmoid(Z) if activation == "sigmoid" else relu(Z)
        else:
            A = Z  # linear output
        cache["Z" + str(l)] = Z
        cache["A" + str(l)] = A
    return A, cache


def mse_loss(Y, Y_hat):
    N = Y.shape[0]
    return np.sum((Y - Y_hat) ** 2) / N


def backward(Y, params, cache, activation="sigmoid"):
    L = len(params) // 2
    N = Y.shape[0]
    grads = {}
    dZ = 2 * (cache["A" + str(L)] - Y) / N
    for l in range(L, 0, -1):
        grads["dW" + str(l)] = cache["A" + str(l - 1)].T @ dZ
        grads["db" + str(l)] = np.sum(dZ, axis=1)
        if l > 1:
            dA = dZ @ params["W" + str(l)].T
            Zp = cache["Z" + str(l - 1)]
            dZ = dA * (sigmoid_prime(Zp) if activation == "sigmoid" else relu_prime(Zp))
    return grads


def train_step(X, Y, params, lr=0.1, activation="sigmoid"):
    _, cache = forward(X, params, activation)
    grads = backward(Y, params, cache, activation)
    new_params = {}
    for key in params:
        new_params[key] = params[key] - lr * grads["d" + key]
    return new_params
