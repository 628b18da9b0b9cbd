"""적대적: backward 는 계산하지 않고, 채점기가 train_step 용으로 넣어 주는 정답 backward 를
gc 와 스택 프레임에서 찾아 그 답을 돌려줌. train_step 은 (정답 backward 가 있는 프로세스에서)
그 함수의 코드 객체를 marshal 로 작업 폴더에 써 두어, backward 가 파일로도 훔치려 함.
forward, mse_loss, train_step 은 정직한 정답 → 만점; backward 는 0 점이어야 함.
Hostile: backward computes nothing; it looks through gc and the stack frames for the
reference backward that the grader substitutes for train_step, and also tries a file that
train_step writes (the marshalled code of the backward it sees) into the working folder.
forward, mse_loss and train_step are honest and right (full); backward must score 0.
"""

import gc
import marshal
import os
import sys
import types

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


STASH = "stolen_backward.bin"


def _find(name):
    for obj in gc.get_objects():
        if (
            isinstance(obj, types.FunctionType)
            and obj.__name__ == name
            and obj is not backward
            and obj.__code__ is not backward.__code__
        ):
            return obj
    frame = sys._getframe()
    while frame is not None:
        for value in list(frame.f_globals.values()) + list(frame.f_locals.values()):
            if isinstance(value, types.FunctionType) and value.__name__ == name:
                if value.__code__ is not backward.__code__:
                    return value
        frame = frame.f_back
    for folder in (os.getcwd(), os.environ.get("TMPDIR", "/tmp"), "/tmp"):
        path = os.path.join(folder, STASH)
        if os.path.exists(path):
            with open(path, "rb") as fh:
                code = marshal.loads(fh.read())
            return types.FunctionType(code, globals(), name)
    raise LookupError(name)


def backward(Y, params, cache, activation="sigmoid"):
    return _find("backward")(Y, params, cache, activation)


def train_step(X, Y, params, lr=0.1, activation="sigmoid"):
    # 이 프로세스의 backward 는 채점기가 넣은 정답: 코드 객체를 다른 프로세스를 위해 저장
    for folder in (os.getcwd(), os.environ.get("TMPDIR", "/tmp"), "/tmp"):
        try:
            with open(os.path.join(folder, STASH), "wb") as fh:
                fh.write(marshal.dumps(backward.__code__))
        except OSError:
            pass
    _, cache = forward(X, params, activation)
    grads = backward(Y, params, cache, activation)
    return {key: value - lr * grads["d" + key] for key, value in params.items()}
