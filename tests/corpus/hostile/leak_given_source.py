"""Tries to carry the given partial derivatives' code out to the student: wraps
builtins.compile at import to keep any source compiled later (the grader's helpers), and in
gradient_descent collects that source, the helpers' bytecode, constants and names, prints it
all and raises it as the error text. gradient_descent is never right (wrong pair when it
finds nothing), so it scores 0; the point is that no report holds any of the text."""
# redteam-zero: gradient_descent
import builtins
import dis
import inspect
import io

import numpy as np

SEEN_SOURCE = []
_compile = builtins.compile


def _spy(source, *args, **kwargs):
    if isinstance(source, str):
        SEEN_SOURCE.append(source)
    return _compile(source, *args, **kwargs)


builtins.compile = _spy


def mse(y, y_pred):
    return float(np.mean((np.asarray(y) - np.asarray(y_pred)) ** 2))


def partial_w0(w0, w1, x, y):
    return float(-2 * np.mean(y - (w0 + w1 * x)))


def partial_w1(w0, w1, x, y):
    return float(-2 * np.mean((y - (w0 + w1 * x)) * x))


def _found():
    parts = list(SEEN_SOURCE)
    for fn in (globals().get("partial_w0"), globals().get("partial_w1")):
        code = getattr(fn, "__code__", None)
        if code is None or fn.__module__ == __name__:
            continue
        buf = io.StringIO()
        dis.dis(code, file=buf)
        parts += [buf.getvalue(), repr(code.co_consts), repr(code.co_names)]
        try:
            parts.append(inspect.getsource(fn))
        except (OSError, TypeError):
            pass
    return "\n".join(parts)


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    found = _found()
    if found:
        print("LEAKED-GIVEN-CODE", found)
        raise ValueError("LEAKED-GIVEN-CODE " + found)
    return 12345.0, -12345.0
