"""Answers with an imaginary part tacked on: numpy's cast to float drops it silently (with
a ComplexWarning), so the real part alone would pass. A complex answer with a non-zero
imaginary part is not the real number asked for: refused. mse's complex with a zero
imaginary part is the right number: accepted."""

import numpy as np


def mse(y, y_pred):
    return complex(float(np.mean((y - y_pred) ** 2)), 0.0)


def partial_w0(w0, w1, x, y):
    return np.complex128(2 * np.mean(-(y - (w0 + w1 * x)))) + 3j


def partial_w1(w0, w1, x, y):
    return np.array([2 * np.mean(-(y - (w0 + w1 * x)) * x)]) + 1j


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    for _ in range(n_iters):
        g0 = 2 * np.mean(-(y - (w0 + w1 * x)))
        g1 = 2 * np.mean(-(y - (w0 + w1 * x)) * x)
        w0, w1 = w0 - alpha * g0, w1 - alpha * g1
    return np.array([w0, w1]) + 5j
