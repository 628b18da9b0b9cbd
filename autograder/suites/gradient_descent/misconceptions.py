"""Known wrong answers, computed from the reference on the same inputs as a check.

A wrong value that matches one of these (within the checks' tolerance) is named in the
feedback by its catalogue key (messages.toml). Detection compares outputs only; the
student's source is never read. Variants of gradient_descent use the reference partials.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from autograder import relations
from autograder.checks.compare import ATOL, RTOL, check_close
from autograder.checks.naming import Combined

DATASET = Path(__file__).resolve().parents[3] / "data" / "study_hours.csv"


# The 1/(2N) cost convention (Andrew Ng's course): the student's mse is exactly half, and
# they differentiated their own cost correctly, so both partials are half too (and a loop
# that inlines those partials steps half as far). Named once, on all of them.
HALF = frozenset({"diag_factor_half", "diag_partial_no_2"})
COMBINED = (
    Combined(
        "diag_cost_half_convention",
        needs={"mse": frozenset({"diag_factor_half"}), "partial_w0": HALF, "partial_w1": HALF},
        optional={"gradient_descent": frozenset({"diag_lr_half"})},
    ),
)


def _loss_variants() -> dict[str, Callable[..., float]]:
    def err(y, y_pred):
        return np.asarray(y, float) - np.asarray(y_pred, float)

    return {
        "diag_mse_sum": lambda y, p: float(np.sum(err(y, p) ** 2)),
        "diag_mse_mae": lambda y, p: float(np.mean(np.abs(err(y, p)))),
        "diag_mse_rmse": lambda y, p: float(np.sqrt(np.mean(err(y, p) ** 2))),
        "diag_mse_n_minus_1": lambda y, p: float(np.sum(err(y, p) ** 2) / max(len(y) - 1, 1)),
        "diag_mse_no_square": lambda y, p: float(np.mean(err(y, p))),
    }


def _partial_variants(ref, fn: str) -> dict[str, Callable[..., float]]:
    right = getattr(ref, fn)

    def residual(w0, w1, x, y):
        return np.asarray(y, float) - (w0 + w1 * np.asarray(x, float))

    found = {
        "diag_partial_no_2": lambda *a: right(*a) / 2,
        "diag_partial_sign": lambda *a: -right(*a),
        "diag_partial_sum": lambda w0, w1, x, y: right(w0, w1, x, y) * len(np.atleast_1d(x)),
    }
    if fn == "partial_w1":
        found["diag_partial_w1_no_x"] = lambda w0, w1, x, y: float(
            -2 * np.mean(residual(w0, w1, x, y))
        )
        found["diag_partial_w1_x_squared"] = lambda w0, w1, x, y: float(
            -2 * np.mean(residual(w0, w1, x, y) * np.asarray(x, float) ** 2)
        )
    return found


def _descent(
    ref, x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0, *, sequential=False, ascent=False
) -> tuple[float, float]:
    """The reference's descent with one mistake switched on, from the data's means: the
    partials are ∂/∂w0 = 2(w0 + w1·E[x] − E[y]) and ∂/∂w1 = 2(w0·E[x] + w1·E[x²] − E[xy]),
    the same numbers as solutions/gradient_descent.py to ~1e-15. Plain floats: a thousand
    steps cost about a millisecond (calling the partials in the loop cost 15 ms a variant)."""
    sign = 1.0 if ascent else -1.0
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    mx, my = float(np.mean(x)), float(np.mean(y))
    mxx, mxy = float(np.mean(x * x)), float(np.mean(x * y))
    w0, w1 = float(w0), float(w1)
    for _ in range(max(int(n_iters), 0)):
        g0 = 2.0 * (w0 + w1 * mx - my)
        new_w0 = w0 + sign * alpha * g0
        at = new_w0 if sequential else w0
        g1 = 2.0 * (at * mx + w1 * mxx - mxy)
        w0, w1 = new_w0, w1 + sign * alpha * g1
    return w0, w1


def _descent_variants(ref) -> dict[str, Callable[..., tuple[float, float]]]:
    def call(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0, **flags):
        return _descent(ref, x, y, alpha, n_iters, w0, w1, **flags)

    def global_data(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
        data = np.loadtxt(DATASET, delimiter=",", skiprows=1)
        return call(data[:, 0], data[:, 1], alpha, n_iters, w0, w1)

    return {
        "diag_gd_sequential": lambda *a, **k: call(*a, **k, sequential=True),
        "diag_gd_ascent": lambda *a, **k: call(*a, **k, ascent=True),
        "diag_gd_alpha_ignored": lambda x, y, alpha=0.01, **k: call(x, y, 1.0, **k),
        "diag_gd_alpha_fixed": lambda x, y, alpha=0.01, **k: call(x, y, 0.01, **k),
        "diag_gd_start_ignored": lambda x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0: call(
            x, y, alpha, n_iters, 0.0, 0.0
        ),
        "diag_gd_one_fewer": lambda x, y, alpha=0.01, n_iters=1000, **k: call(
            x, y, alpha, n_iters - 1, **k
        ),
        "diag_gd_one_more": lambda x, y, alpha=0.01, n_iters=1000, **k: call(
            x, y, alpha, n_iters + 1, **k
        ),
        "diag_global_data": global_data,
        "diag_gd_swapped": lambda *a, **k: tuple(reversed(call(*a, **k))),
    }


def variants(ref, fn: str) -> dict[str, Callable[..., object]]:
    if fn == "mse":
        return _loss_variants()
    if fn in ("partial_w0", "partial_w1"):
        return _partial_variants(ref, fn)
    if fn == "gradient_descent":
        return _descent_variants(ref)
    return {}


# gradient_descent's parameters and defaults (the exercise's signature, as in _descent).
GD_DEFAULTS: dict[str, object] = {
    "x": None,
    "y": None,
    "alpha": 0.01,
    "n_iters": 1000,
    "w0": 0.0,
    "w1": 0.0,
}


DEFAULT_ITERS = 1000


def _trajectory(x, y, alpha, w0, w1, steps: int):
    """The weights after 0, 1, …, ``steps`` reference updates (see :func:`_descent`)."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    mx, my = float(np.mean(x)), float(np.mean(y))
    mxx, mxy = float(np.mean(x * x)), float(np.mean(x * y))
    w0, w1 = float(w0), float(w1)
    yield (w0, w1)
    for _ in range(steps):
        g0 = 2.0 * (w0 + w1 * mx - my)
        g1 = 2.0 * (w0 * mx + w1 * mxx - mxy)
        w0, w1 = w0 - alpha * g0, w1 - alpha * g1
        if not (math.isfinite(w0) and math.isfinite(w1)):
            return
        yield (w0, w1)


def _loop_relations(ref, got, args, kwargs) -> list[str]:
    """The loop off by a factor: the learning rate (each step c times as long, or α²) or
    the number of iterations (a convergence test, a different count)."""
    bound = {**GD_DEFAULTS, **dict(zip(GD_DEFAULTS, args, strict=False)), **kwargs}
    x, y = bound["x"], bound["y"]
    alpha, n_iters = float(bound["alpha"]), int(bound["n_iters"])  # type: ignore[arg-type]
    w0, w1 = bound["w0"], bound["w1"]
    n = len(np.atleast_1d(x))
    found = []
    rates = [("diag_lr_squared", alpha * alpha)] if 0 < alpha < 1 else []
    for sign, a, b in relations.FACTORS:
        if sign > 0 and abs(b) <= 1:
            rates.append((f"diag_lr_{relations.factor_token(1, a, b)}", alpha * 2.0**a * n**b))
    for key, rate in rates:
        if n_iters > 0 and _matches(_descent(ref, x, y, rate, n_iters, w0, w1), got):
            found.append(key)
    path = list(_trajectory(x, y, alpha, w0, w1, max(2 * n_iters + 2, DEFAULT_ITERS)))
    if (
        n_iters != DEFAULT_ITERS
        and len(path) > DEFAULT_ITERS
        and _matches(path[DEFAULT_ITERS], got)
    ):
        found.append("diag_iters_ignored")  # the default count, whatever n_iters says
    matched = relations.first_match(path, got, rtol=RTOL, atol=ATOL)
    if matched is not None and n_iters > 0:
        found.append(relations.iteration_key(matched, n_iters))
    return [k for k in found if k]


def _matches(value: Sequence[float], got: Sequence[float]) -> bool:
    """``got`` is what the mistake gives: close where it is finite, and non-finite (a
    descent that diverged) exactly where it is not."""
    value, got = [float(v) for v in value], [float(v) for v in got]
    if len(value) != len(got):
        return False
    finite = [math.isfinite(v) for v in value]
    if finite != [math.isfinite(g) for g in got]:
        return False
    pairs = [(v, g) for v, g, ok in zip(value, got, finite, strict=True) if ok]
    return check_close("", [v for v, _ in pairs], [g for _, g in pairs]).ok


def relation_keys(ref, fn: str, got: Sequence[float], args, kwargs) -> list[str]:
    """The relations between ``got`` and the right answer on these inputs."""
    right = [float(v) for v in np.ravel(getattr(ref, fn)(*args, **kwargs))]
    if fn == "gradient_descent":
        return _loop_relations(ref, got, args, kwargs)
    data = args[0] if fn == "mse" else args[2]
    return relations.factor_keys(got, right, n=len(np.atleast_1d(data)))


def diagnose(
    ref, fn: str, got: Sequence[float], args: Sequence[object], kwargs: dict[str, object]
) -> str:
    """Every known misconception whose answer matches ``got`` and differs from the right
    answer, then every relation that holds ("|"-joined, see autograder/checks/naming.py), or ""."""
    right = [float(v) for v in np.ravel(getattr(ref, fn)(*args, **kwargs))]
    found = []
    for key, variant in variants(ref, fn).items():
        try:
            with np.errstate(all="ignore"):
                value = [float(v) for v in np.ravel(variant(*args, **kwargs))]
        except Exception:  # a variant that does not apply to these inputs
            continue
        if len(value) != len(got) or check_close(fn, right, value).ok:
            continue
        if _matches(value, got):
            found.append(key)
    try:
        with np.errstate(all="ignore"):
            found += relation_keys(ref, fn, got, args, kwargs)
    except Exception:  # inputs a relation cannot read: no relation
        pass
    if not found and not relations.finite(got):
        return relations.NEUTRAL  # an overflow no known mistake explains: no evidence
    return relations.join(found)
