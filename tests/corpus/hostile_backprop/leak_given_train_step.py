# Appended by tests/test_redteam_backprop.py to a copy of the reference solution, so that
# forward, backward and mse_loss are the student's own and right. This train_step tries to
# carry the given forward/backward's code out to the student: a wrapper on builtins.compile
# keeps any source compiled after this file's top-level code (the grader's helpers), and the
# given functions' bytecode and source are read; all of it is printed and raised. It never
# returns a right update (0 points); no report may hold any of the text.
import builtins as _builtins
import dis as _dis
import inspect as _inspect
import io as _io

_SEEN = []
_compile = _builtins.compile


def _spy(source, *args, **kwargs):
    if isinstance(source, str):
        _SEEN.append(source)
    return _compile(source, *args, **kwargs)


_builtins.compile = _spy


def train_step(X, Y, params, lr=0.1, activation="sigmoid"):
    parts = list(_SEEN)
    for fn in (forward, backward):  # noqa: F821 - defined by the reference part above
        code = getattr(fn, "__code__", None)
        if code is None or fn.__module__ == __name__:
            continue
        buf = _io.StringIO()
        _dis.dis(code, file=buf)
        parts.append(buf.getvalue())
        try:
            parts.append(_inspect.getsource(fn))
        except (OSError, TypeError):
            pass
    text = "\n".join(parts)
    if text:
        print("LEAKED-GIVEN-CODE", text)
        raise ValueError("LEAKED-GIVEN-CODE " + text[:3000])
    return {name: value * 0 + 123.0 for name, value in params.items()}
