"""적대적: 무엇과도 '같다' 고 답하는 객체를 돌려줌. float 하위 클래스 (__eq__ 항상 True),
numpy 하위 클래스 (__array_ufunc__/__array_function__ 가 True), dict 하위 클래스 (__eq__ True,
어떤 키든 EqualArray). 계산은 하나도 하지 않음 → 네 함수 모두 0 점, 아무것도 멈추지 않음.
Hostile: returns objects that claim to equal anything: a float subclass (__eq__ always
True), an ndarray subclass whose ufuncs and array functions answer True, and a dict
subclass equal to everything that hands out such arrays for any key. No computation at
all: every function must score 0, and nothing may crash.
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


class Equal(float):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = float.__hash__


class EqualArray(np.ndarray):
    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        return np.True_

    def __array_function__(self, func, types, args, kwargs):
        return True

    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False


class EqualDict(dict):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    def __missing__(self, key):
        return np.zeros(1).view(EqualArray)

    def __contains__(self, key):
        return True

    __hash__ = None


def forward(X, params, activation="sigmoid"):
    return np.zeros((1, 1)).view(EqualArray), EqualDict()


def mse_loss(Y, Y_hat):
    return Equal(12345.0)


def backward(Y, params, cache, activation="sigmoid"):
    return EqualDict()


def train_step(X, Y, params, lr=0.1, activation="sigmoid"):
    return EqualDict()
