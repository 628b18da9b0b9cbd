"""Numbers for the feedback pictures (not graded): the student's fitted line on the public
dataset and the loss curve of their gradient_descent, from the values the sandbox returned.
The format is the generic one of autograder/writers/plots.py.
"""

from __future__ import annotations

import math

import numpy as np

from autograder.errors import StudentError
from autograder.suites.gradient_descent.misconceptions import DATASET

# alpha = 0.02 reaches the least-squares line of study_hours.csv within 400 steps, so the
# curve needs 791 descent steps in all (alpha = 0.01 and 2000 steps took 3891: the probes
# then cost more than the whole hidden suite).
ALPHA = 0.02
ITERS = (0, 1, 2, 3, 5, 10, 20, 50, 100, 200, 400)
Pair = tuple[float, float]


def _loss(ref, x, y, pair) -> float | None:
    if pair is None or not all(math.isfinite(v) for v in pair):
        return None
    value = float(ref.mse(y, pair[0] + pair[1] * x))
    return value if math.isfinite(value) else None


def _number(value: float) -> str:
    return f"{value:.4g}" if math.isfinite(value) else str(float(value))  # nan, inf, -inf


def _note(pair: Pair | None) -> str | None:
    """The pair as legend text, "w0=1.23, w1=0.45" (nan and inf shown as such)."""
    if pair is None:
        return None
    return ", ".join(
        f"{name}={_number(float(v))}" for name, v in zip(("w0", "w1"), pair, strict=True)
    )


def _line(pair: Pair | None, grid: list[float]) -> list[float] | None:
    """y = w0 + w1·x on the grid, or None when the pair is missing or not finite."""
    if pair is None or not all(math.isfinite(v) for v in pair):
        return None
    w0, w1 = float(pair[0]), float(pair[1])
    return [w0 + w1 * x for x in grid]  # may overflow to inf: the plot skips such points


def _grid(x: np.ndarray) -> list[float]:
    """The data's x range widened by 5% each side: two points draw a straight line."""
    lo, hi = float(x.min()), float(x.max())
    pad = (hi - lo) * 0.05 or 1.0
    return [lo - pad, hi + pad]


def collect(student, ref) -> dict:
    data = np.loadtxt(DATASET, delimiter=",", skiprows=1)
    x, y = data[:, 0], data[:, 1]
    student_pairs: list[Pair | None] = []
    for n in ITERS:
        try:
            student_pairs.append(student.gradient_descent(x, y, alpha=ALPHA, n_iters=n).pair())
        except StudentError:
            student_pairs.append(None)
            if n > 0 and all(p is None for p in student_pairs):
                break  # nothing works: do not spend the time budget on more calls
    student_pairs += [None] * (len(ITERS) - len(student_pairs))
    reference = [ref.gradient_descent(x, y, alpha=ALPHA, n_iters=n) for n in ITERS]
    final, grid = student_pairs[-1], _grid(x)
    return {
        "data": {"x": x.tolist(), "y": y.tolist()},
        "fit": {
            "x": grid,
            "reference": _line(reference[-1], grid),
            "student": _line(final, grid),
            "reference_note": _note(reference[-1]),
            "student_note": _note(final),
        },
        "loss": {
            "iters": list(ITERS),
            "student": [_loss(ref, x, y, p) for p in student_pairs],
            "reference": [_loss(ref, x, y, p) for p in reference],
            "ylabel": "MSE",
        },
    }
