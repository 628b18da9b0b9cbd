import numpy as np


class Network:
    """A small fully connected network; hidden activation chosen by name."""

    def __init__(self, params, activation="sigmoid"):
        self.params = params
        self.activation = activation
        self.n_layers = len(params) // 2

    def act(self, z):
        if self.activation == "relu":
            return np.maximum(z, 0.0)
        return 1.0 / (1.0 + np.exp(-z))

    def act_grad(self, z):
        if self.activation == "relu":
            return np.where(z > 0, 1.0, 0.0)
        s = 1.0 / (1.0 + np.exp(-z))
        return s * (1.0 - s)

    def forward(self, X):
        cache = {"A0": X}
        A = X
        for k in range(1, self.n_layers + 1):
            Z = np.dot(A, self.params[f"W{k}"]) + self.params[f"b{k}"]
            A = Z if k == self.n_layers else self.act(Z)
            cache[f"Z{k}"], cache[f"A{k}"] = Z, A
        return A, cache

    def backward(self, Y, cache):
        m = Y.shape[0]
        grads = {}
        delta = 2.0 / m * (cache[f"A{self.n_layers}"] - Y)
        for k in reversed(range(1, self.n_layers + 1)):
            grads[f"dW{k}"] = np.dot(cache[f"A{k - 1}"].T, delta)
            grads[f"db{k}"] = delta.sum(axis=0)
            if k > 1:
                delta = np.dot(delta, self.params[f"W{k}"].T) * self.act_grad(cache[f"Z{k - 1}"])
        return grads


def forward(X, params, activation="sigmoid"):
    return Network(params, activation).forward(X)


def mse_loss(Y, Y_hat):
    return float(((Y - Y_hat) ** 2).sum(axis=1).mean())


def backward(Y, params, cache, activation="sigmoid"):
    return Network(params, activation).backward(Y, cache)


def train_step(X, Y, params, lr=0.1, activation="sigmoid"):
    net = Network(params, activation)
    _, cache = net.forward(X)
    grads = net.backward(Y, cache)
    return {name: value - lr * grads["d" + name] for name, value in params.items()}
