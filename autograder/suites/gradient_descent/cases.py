"""Seeded inputs and the comparison helpers of the hidden checks (through autograder.checks.expectations).

``default_rng`` (PCG64) gives the same numbers on every machine and numpy version. A hidden
check's seeds come from the ``seed`` fixture (a keyed hash of the course secret, see
autograder/secret.py), so a submission always meets the same inputs under one secret and
inputs no table holds under another; public checks use fixed inputs.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from autograder.checks import expectations as expect
from autograder.model import Shown
from autograder.suites.gradient_descent.misconceptions import diagnose

PAIR_FUNCTIONS = ("gradient_descent",)


def line_data(
    seed: int,
    n: int,
    *,
    x_low: float = -3.0,
    x_high: float = 3.0,
    w0: float = 1.5,
    w1: float = -0.7,
    noise: float = 0.5,
) -> tuple[np.ndarray, np.ndarray]:
    """Points scattered around the line y = w0 + w1·x."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(x_low, x_high, n)
    y = w0 + w1 * x + rng.normal(0.0, noise, n)
    return x, y


def pair_data(
    seed: int, n: int, scale: float = 1.0, *, errors: float | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Two arrays (targets and predictions) for the loss: unrelated, or with ``errors``
    predictions within ±errors of the targets."""
    rng = np.random.default_rng(seed)
    y = rng.normal(0.0, scale, n)
    if errors is None:
        return y, rng.normal(0.0, scale, n)
    return y, y + rng.uniform(-errors, errors, n)


def describe_inputs(args: Sequence[object], kwargs: dict[str, object]) -> str:
    def one(value: object) -> str:
        if isinstance(value, np.ndarray):
            items = ", ".join(f"{v:.6g}" for v in value[:6])
            return f"[{items}{', …' if value.size > 6 else ''}] (N={value.size})"
        return f"{value:g}" if isinstance(value, float) else str(value)

    return ", ".join([*(one(a) for a in args), *(f"{k}={one(v)}" for k, v in kwargs.items())])


def _call(student, ref, fn: str, args: Sequence[object], kwargs: dict[str, object]):
    expected = [float(v) for v in np.ravel(getattr(ref, fn)(*args, **kwargs))]
    expectation = expect.pair() if fn in PAIR_FUNCTIONS else expect.scalar()
    inputs = describe_inputs(args, kwargs)
    rtol, atol = expectation.rtol, expectation.atol
    student.show(Shown(inputs, (), tuple(expected), rtol, atol))
    returned = getattr(student, fn)(*args, **kwargs)
    got = list(returned.pair() if fn in PAIR_FUNCTIONS else [returned.scalar()])
    student.show(Shown(inputs, tuple(got), tuple(expected), rtol, atol))
    return returned, got, expected, expectation


def _compare(ref, fn: str, answer, expectation, expected, args, kwargs) -> None:
    returned, got = answer

    def named() -> str:
        return diagnose(ref, fn, got, args, kwargs)

    expect.compare(expectation, fn, returned, expected, diagnose=named)


def check_call(student, ref, fn: str, *args: object, **kwargs: object) -> None:
    """Call ``fn`` in the sandbox and in the reference with the same inputs and compare.

    Records input/got/expected for display (the plugin keeps it for public checks only);
    on a mismatch, names the known misconception the value matches, if any.
    """
    returned, got, expected, expectation = _call(student, ref, fn, args, kwargs)
    _compare(ref, fn, (returned, got), expectation, expected, args, kwargs)


def check_two_datasets(
    student, ref, fn: str, first: Sequence[object], second: Sequence[object], **kwargs: object
) -> None:
    """The same call on two different datasets. Both must be right; the same answer for
    both (when the right answers differ) means the function ignores its data arguments."""
    returned_a, got_a, expected_a, expectation = _call(student, ref, fn, first, kwargs)
    returned_b, got_b, expected_b, _ = _call(student, ref, fn, second, kwargs)

    def global_data() -> str:
        # A constant that needs no data at all (zeros, or the starting weights handed back)
        # is a different mistake: name global data only when real work was done on some data.
        start = [float(kwargs.get("w0", 0.0)), float(kwargs.get("w1", 0.0))]  # type: ignore[arg-type]
        trivial = all(v == 0 for v in got_a) or (fn in PAIR_FUNCTIONS and got_a == start)
        return "" if trivial else "diag_global_data"

    expect.distinct(
        expectation, fn, (returned_a, returned_b), (expected_a, expected_b), diagnose=global_data
    )
    _compare(ref, fn, (returned_a, got_a), expectation, expected_a, first, kwargs)
    _compare(ref, fn, (returned_b, got_b), expectation, expected_b, second, kwargs)
