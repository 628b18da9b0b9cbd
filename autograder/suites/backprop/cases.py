"""Seeded networks and batches, and the comparisons of the backprop checks.

``default_rng`` (PCG64) gives the same numbers on every machine. A hidden check's seeds come
from the ``seed`` fixture (a keyed hash of the course secret, autograder/secret.py), so a
submission always meets the same inputs under one secret; public checks use fixed seeds.

A returned dict (``grads``, ``cache``, new ``params``) is compared name by name: a missing
name or a wrong shape gets a message a student may see even in a hidden check ("dW2 has
shape (3, 4), expected (4, 3)"), since it reveals no value.

Tolerances (README "Scoring"), declared through autograder.checks.expectations: against the reference,
the kit's RTOL/ATOL; against central finite differences of the reference loss (step
FD_STEP), FD_RTOL/FD_ATOL, which are loose enough for the differencing error and far
tighter than any known mistake.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from autograder.checks import expectations as expect
from autograder.errors import CheckFailed, StudentRaised
from autograder.model import Expectation, Message, Shown
from autograder.suites.backprop.misconceptions import diagnose

FD_STEP = 1e-6
FD_RTOL = 1e-4
FD_ATOL = 1e-7


def network(
    seed: int, sizes: Sequence[int], *, bias: float = 0.3, weight: float = 0.8
) -> dict[str, np.ndarray]:
    """Weights and (non-zero, so that a forgotten bias shows) biases for layer ``sizes``."""
    rng = np.random.default_rng(seed)
    params = {}
    for k in range(1, len(sizes)):
        params[f"W{k}"] = rng.normal(0.0, weight, (sizes[k - 1], sizes[k]))
        params[f"b{k}"] = rng.normal(0.0, bias, sizes[k])
    return params


def batch(seed: int, n: int, d: int, k: int, *, scale: float = 1.0) -> tuple[np.ndarray, ...]:
    """Inputs X (n, d) and targets Y (n, k)."""
    rng = np.random.default_rng(seed)
    return rng.normal(0.0, scale, (n, d)), rng.normal(0.0, scale, (n, k))


def shape_text(shape: Sequence[int]) -> str:
    return "(" + ", ".join(str(n) for n in shape) + ("," if len(shape) == 1 else "") + ")"


def describe(args: Sequence[object], kwargs: Mapping[str, object]) -> str:
    """Inputs in words for a public check: shapes of arrays, values of the rest."""

    def one(value: object) -> str:
        if isinstance(value, np.ndarray):
            if value.size <= 6:
                return np.array2string(value, precision=4, separator=", ").replace("\n", "")
            return f"array{shape_text(value.shape)}"
        if isinstance(value, dict):
            inner = ", ".join(f"{k}: {one(v)}" for k, v in value.items())
            return "{" + inner + "}"
        return repr(value)

    return ", ".join([*(one(a) for a in args), *(f"{k}={one(v)}" for k, v in kwargs.items())])


def _flat(value: object) -> tuple[float, ...]:
    if isinstance(value, dict):
        return tuple(v for part in value.values() for v in _flat(part))
    return tuple(float(v) for v in np.ravel(np.asarray(value, dtype=float)))


def _wrong(fn, text, *, message=None, ref=None, got=None, args=(), kwargs=None, part=None):
    diagnosis = "" if ref is None else diagnose(ref, fn, got, args, kwargs or {}, part=part)
    return CheckFailed(text, message=message, diagnosis=diagnosis)


def compare_array(
    fn: str,
    name: str,
    got,
    expected: np.ndarray,
    expectation: Expectation,
    *,
    diagnose_with: tuple | None = None,
) -> None:
    """One returned array (a ``Returned`` leaf) against the expected one: shape, then values."""
    context = {}
    if diagnose_with is not None:
        ref, whole, args, kwargs, part = diagnose_with
        context = {"ref": ref, "got": whole, "args": args, "kwargs": kwargs, "part": part}
    value = got.array()
    expected = np.asarray(expected, dtype=float)
    if value.shape != expected.shape:
        got_shape, want = shape_text(value.shape), shape_text(expected.shape)
        message = Message.of("bp_shape", fn=fn, name=name, got=got_shape, expected=want)
        raise _wrong(fn, f"{name}: shape {got_shape}, expected {want}", message=message, **context)

    def named() -> str:
        return _wrong(fn, "", **context).diagnosis

    expect.compare(expectation, f"{fn} {name}", got, expected, diagnose=named)


def entries(fn: str, got, names: Sequence[str]) -> dict:
    """The named parts of a returned dict; a missing name fails with a readable message.

    A tuple that starts with the dict (say ``(params, loss)``) is accepted: the extra
    values are ignored, as the README says."""
    if got.kind == "list" and got.items and got.items[0][1].kind == "dict":
        got = got.items[0][1]
    parts = got.entries()
    for name in names:
        if name not in parts:
            have = ", ".join(sorted(parts)[:12]) or "-"
            message = Message.of("bp_missing_key", fn=fn, name=name, have=have)
            raise CheckFailed(f"{fn}: no {name!r} (has {have})", message=message)
    return parts


def call(
    student,
    fn: str,
    args: Sequence[object],
    kwargs: Mapping[str, object],
    expected,
    expectation: Expectation,
):
    """Call the student's ``fn`` and record what a public check shows."""
    inputs, want = describe(args, kwargs), _flat(expected)
    rtol, atol = expectation.rtol, expectation.atol
    student.show(Shown(inputs, (), want, rtol, atol))
    try:
        got = getattr(student, fn)(*args, **kwargs)
    except StudentRaised as exc:
        text = str(exc)
        if fn == "backward" and ("matmul" in text or "not aligned" in text):
            exc.diagnosis = "diag_bp_matmul_shapes"  # a product with a missing transpose
        raise
    student.show(Shown(inputs, _flat_like(got, expected)[:200], want, rtol, atol))
    return got


def _flat_like(got, expected: object) -> tuple[float, ...]:
    """The student's numbers in the order of the expected value's names (for display)."""
    if got.kind == "list" and got.items and got.items[0][1].kind == "dict":
        got = got.items[0][1]
    if got.kind == "dict" and isinstance(expected, Mapping):
        parts = dict(got.items)
        return tuple(v for name in expected if name in parts for v in parts[name].values)
    return got.values if got.kind != "dict" else ()


def check_dict(
    student,
    ref,
    fn: str,
    expected: Mapping[str, np.ndarray],
    args: Sequence[object],
    kwargs: Mapping[str, object],
    *,
    rtol: float = expect.RTOL,
    atol: float = expect.ATOL,
) -> None:
    """A returned dict (grads or new params) against ``expected``, name by name."""
    expectation = expect.array(rtol=rtol, atol=atol)
    got = call(student, fn, args, kwargs, expected, expectation)
    parts = entries(fn, got, list(expected))
    for name, want in expected.items():
        context = (ref, got, args, kwargs, None)
        compare_array(fn, name, parts[name], want, expectation, diagnose_with=context)


def forward_parts(got):
    """(Y_hat, cache) from what forward returned; a bare Y_hat is accepted as the output."""
    if got.kind == "list" and len(got.items) == 2:
        return got.items[0][1], got.items[1][1]
    if got.kind == "leaf" and len(got.shape) == 2:
        return got, None
    raise CheckFailed("forward: not (Y_hat, cache)", message=Message.of("bp_forward_pair"))


def check_forward(student, ref, X, params, *, activation: str, output=True, cache=True) -> None:
    kwargs = {"activation": activation}
    args = (X, params)
    y_hat, want_cache = ref.forward(*args, **kwargs)
    expectation = expect.array()
    got = call(student, "forward", args, kwargs, y_hat, expectation)
    got_y, got_cache = forward_parts(got)
    if output:
        context = (ref, got, args, kwargs, "output")
        compare_array("forward", "Y_hat", got_y, y_hat, expectation, diagnose_with=context)
    if cache:
        if got_cache is None:
            raise CheckFailed("forward: no cache", message=Message.of("bp_forward_pair"))
        parts = entries("forward", got_cache, list(want_cache))
        for name, want in want_cache.items():
            context = (ref, got, args, kwargs, "cache")
            compare_array("forward", name, parts[name], want, expectation, diagnose_with=context)


def check_loss(student, ref, Y, Y_hat) -> None:
    expected = ref.mse_loss(Y, Y_hat)
    expectation = expect.scalar()
    got = call(student, "mse_loss", (Y, Y_hat), {}, expected, expectation)

    def named() -> str:
        return diagnose(ref, "mse_loss", got, (Y, Y_hat), {})

    expect.compare(expectation, "mse_loss", got, float(expected), diagnose=named)


def finite_differences(ref, X, Y, params, activation: str) -> dict[str, np.ndarray]:
    """Central differences of the reference loss for every weight and bias."""
    grads = {}
    for name, value in params.items():
        grad = np.zeros_like(value)
        for index in np.ndindex(value.shape):
            moved = {k: v.copy() for k, v in params.items()}
            moved[name][index] = value[index] + FD_STEP
            up = ref.mse_loss(Y, ref.forward(X, moved, activation)[0])
            moved[name][index] = value[index] - FD_STEP
            down = ref.mse_loss(Y, ref.forward(X, moved, activation)[0])
            grad[index] = (up - down) / (2 * FD_STEP)
        grads["d" + name] = grad
    return grads


def check_backward(student, ref, X, Y, params, *, activation: str, fd: bool = False) -> None:
    """backward on the reference cache, against the reference or finite differences."""
    _, cache = ref.forward(X, params, activation)
    args = (Y, params, cache)
    kwargs = {"activation": activation}
    if fd:
        expected = finite_differences(ref, X, Y, params, activation)
        check_dict(student, ref, "backward", expected, args, kwargs, rtol=FD_RTOL, atol=FD_ATOL)
    else:
        check_dict(student, ref, "backward", ref.backward(*args, **kwargs), args, kwargs)


def check_train_step(student, ref, X, Y, params, *, lr: float, activation: str) -> None:
    args, kwargs = (X, Y, params), {"lr": lr, "activation": activation}
    check_dict(student, ref, "train_step", ref.train_step(*args, **kwargs), args, kwargs)
