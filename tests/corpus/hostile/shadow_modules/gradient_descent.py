"""The released stub, plus files that would hijack a naive pytest harness."""
# redteam-zero: all


def mse(y, y_pred):
    raise NotImplementedError


def partial_w0(w0, w1, x, y):
    raise NotImplementedError


def partial_w1(w0, w1, x, y):
    raise NotImplementedError


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    raise NotImplementedError
