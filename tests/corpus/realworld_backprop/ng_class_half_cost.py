import numpy as np


class NeuralNet:
    def __init__(self, parameters, activation="sigmoid"):
        self.parameters = parameters
        self.activation = activation
        self.L = len(parameters) // 2

    def g(self, Z):
        return 1 / (1 + np.exp(-Z)) if self.activation == "sigmoid" else np.maximum(0, Z)

    def g_prime(self, Z):
        if self.activation == "sigmoid":
            s = 1 / (1 + np.exp(-Z))
            return s * (1 - s)
        return (Z > 0) * 1.0

    def forward_propagation(self, X):
        caches = {"A0": X}
        A = X
        for l in range(1, self.L + 1):
            Z = A.dot(self.parameters["W%d" % l]) + self.parameters["b%d" % l]
            A = self.g(Z) if l != self.L else Z
            caches["Z%d" % l] = Z
            caches["A%d" % l] = A
        return A, caches

    def compute_cost(self, Y, AL):
        m = Y.shape[0]
        return 1.0 / (2 * m) * np.sum(np.square(AL - Y))

    def backward_propagation(self, Y, caches):
        m = Y.shape[0]
        grads = {}
        dZ = (caches["A%d" % self.L] - Y) / m
        for l in reversed(range(1, self.L + 1)):
            grads["dW%d" % l] = caches["A%d" % (l - 1)].T.dot(dZ)
            grads["db%d" % l] = np.sum(dZ, axis=0)
            if l > 1:
                dZ = dZ.dot(self.parameters["W%d" % l].T) * self.g_prime(caches["Z%d" % (l - 1)])
        return grads

    def update_parameters(self, grads, learning_rate):
        return {
            key: value - learning_rate * grads["d" + key] for key, value in self.parameters.items()
        }


def forward(X, params, activation="sigmoid"):
    return NeuralNet(params, activation).forward_propagation(X)


def mse_loss(Y, Y_hat):
    return NeuralNet({}).compute_cost(Y, Y_hat)


def backward(Y, params, cache, activation="sigmoid"):
    return NeuralNet(params, activation).backward_propagation(Y, cache)


def train_step(X, Y, params, lr=0.1, activation="sigmoid"):
    net = NeuralNet(params, activation)
    _, caches = net.forward_propagation(X)
    grads = net.backward_propagation(Y, caches)
    return net.update_parameters(grads, lr)
