"""적대적: 디스크에서 solutions/backprop.py (정답 파일)와 숨겨진 테스트를 찾아 불러오고,
네 함수 모두 그 정답에 맡김. 찾지 못하면 LookupError → 네 함수 모두 0 점이어야 함.
Hostile: hunts the disk (cwd, /, /work, $HOME, sys.path and their parents) and the import
system for solutions/backprop.py and delegates all four functions to it. In the sandbox
it must find nothing: every function scores 0, nothing crashes.
"""

import glob
import importlib.util
import os
import sys

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


FOUND = {}


def hunt():
    roots = {os.getcwd(), "/", "/work", "/autograder", os.path.expanduser("~")}
    roots.update(p for p in sys.path if p)
    for root in list(roots):
        for up in range(6):
            roots.add(os.path.abspath(os.path.join(root, *[".."] * up)))
    for root in sorted(roots):
        for pattern in ("solutions/backprop.py", "*/solutions/backprop.py",
                        "*/*/solutions/backprop.py", "**/backprop.py"):
            for path in glob.glob(os.path.join(root, pattern)):
                try:
                    spec = importlib.util.spec_from_file_location("stolen", path)
                    module = importlib.util.module_from_spec(spec)
                    spec.loader.exec_module(module)
                    if hasattr(module, "backward"):
                        FOUND["ref"] = module
                        return
                except Exception:
                    continue
    for name in ("solutions.backprop", "autograder.suites.backprop"):
        try:
            FOUND["ref"] = __import__(name, fromlist=["x"])
            return
        except Exception:
            continue


hunt()


def _ref():
    if "ref" not in FOUND:
        raise LookupError("no reference found")
    return FOUND["ref"]


def forward(X, params, activation="sigmoid"):
    return _ref().forward(X, params, activation)


def mse_loss(Y, Y_hat):
    return _ref().mse_loss(Y, Y_hat)


def backward(Y, params, cache, activation="sigmoid"):
    return _ref().backward(Y, params, cache, activation)


def train_step(X, Y, params, lr=0.1, activation="sigmoid"):
    return _ref().train_step(X, Y, params, lr, activation)
