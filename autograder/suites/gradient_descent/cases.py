"""Seeded inputs and the one comparison helper of the hidden checks.

``default_rng`` (PCG64) gives the same numbers on every machine and numpy version, so a
submission always meets the same inputs.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from autograder.checks import ATOL, RTOL, check_close
from autograder.errors import CheckFailed
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


def pair_data(seed: int, n: int, scale: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """Two unrelated arrays (targets and predictions) for the loss."""
    rng = np.random.default_rng(seed)
    return rng.normal(0.0, scale, n), rng.normal(0.0, scale, n)


def describe_inputs(args: Sequence[object], kwargs: dict[str, object]) -> str:
    def one(value: object) -> str:
        if isinstance(value, np.ndarray):
            items = ", ".join(f"{v:.6g}" for v in value[:6])
            return f"[{items}{', …' if value.size > 6 else ''}] (N={value.size})"
        return f"{value:g}" if isinstance(value, float) else str(value)

    return ", ".join([*(one(a) for a in args), *(f"{k}={one(v)}" for k, v in kwargs.items())])


def _call(student, ref, fn: str, args: Sequence[object], kwargs: dict[str, object]):
    expected = [float(v) for v in np.ravel(getattr(ref, fn)(*args, **kwargs))]
    inputs = describe_inputs(args, kwargs)
    student.show(Shown(inputs, (), tuple(expected), RTOL, ATOL))
    returned = getattr(student, fn)(*args, **kwargs)
    got = list(returned.pair() if fn in PAIR_FUNCTIONS else [returned.scalar()])
    student.show(Shown(inputs, tuple(got), tuple(expected), RTOL, ATOL))
    return got, expected


def _compare(ref, fn: str, got, expected, args, kwargs) -> None:
    comparison = check_close(fn, expected, got)
    if not comparison.ok:
        raise CheckFailed(comparison.message, diagnosis=diagnose(ref, fn, got, args, kwargs))


def check_call(student, ref, fn: str, *args: object, **kwargs: object) -> None:
    """Call ``fn`` in the sandbox and in the reference with the same inputs and compare.

    Records input/got/expected for display (the plugin keeps it for public checks only);
    on a mismatch, names the known misconception the value matches, if any.
    """
    got, expected = _call(student, ref, fn, args, kwargs)
    _compare(ref, fn, got, expected, args, kwargs)


def check_two_datasets(
    student, ref, fn: str, first: Sequence[object], second: Sequence[object], **kwargs: object
) -> None:
    """The same call on two different datasets. Both must be right; the same answer for
    both (when the right answers differ) means the function ignores its data arguments."""
    got_a, expected_a = _call(student, ref, fn, first, kwargs)
    got_b, expected_b = _call(student, ref, fn, second, kwargs)
    if got_a == got_b and not check_close(fn, expected_a, expected_b).ok:
        # A constant that needs no data at all (zeros, or the starting weights handed back)
        # is a different mistake: name global data only when real work was done on some data.
        start = [float(kwargs.get("w0", 0.0)), float(kwargs.get("w1", 0.0))]  # type: ignore[arg-type]
        trivial = all(v == 0 for v in got_a) or (fn in PAIR_FUNCTIONS and got_a == start)
        raise CheckFailed(
            f"{fn}: the same answer for two different datasets",
            diagnosis="" if trivial else "diag_global_data",
        )
    _compare(ref, fn, got_a, expected_a, first, kwargs)
    _compare(ref, fn, got_b, expected_b, second, kwargs)
