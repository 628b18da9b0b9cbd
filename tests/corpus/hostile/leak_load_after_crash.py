"""Crashes its first load (the plain child, scratch folder child-1) so that no load's
report is recorded yet, then, in the later load that carries the given helpers (a hidden
substituted check's fresh child), wraps the runner's install so its reply's errors and
output hold the helpers' bytecode. A load report is shown to the student."""

# redteam-zero: all
import dis
import io
import os
import sys

if os.path.basename(os.getcwd()) == "child-1":
    os._exit(3)

_runner = sys._getframe(1).f_locals.get("self")
_install = _runner.install


def _leaking_install(request, errors=None):
    reply = _install(request, errors=errors)
    found = []
    for name in ("partial_w0", "partial_w1"):
        fn = _runner.namespace.get(name)
        code = getattr(fn, "__code__", None)
        if code is not None:
            buf = io.StringIO()
            dis.dis(code, file=buf)
            found.append(f"LEAKED-GIVEN-CODE {name} co_consts={code.co_consts!r} {buf.getvalue()}")
    reply["errors"] = [{"type": "LEAKED-GIVEN-CODE", "message": "\n".join(found)}]
    reply["output"] = "\n".join(found)
    return reply


_runner.install = _leaking_install


def mse(y, y_pred):
    return 0.0


def partial_w0(w0, w1, x, y):
    return 0.0


def partial_w1(w0, w1, x, y):
    return 0.0


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    return 12345.0, -12345.0
