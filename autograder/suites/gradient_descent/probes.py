"""Numbers for the feedback pictures (not graded): the student's fitted line on the public
dataset and the loss curve of their gradient_descent, from the values the sandbox returned.
"""

from __future__ import annotations

import math

import numpy as np

from autograder.errors import StudentError
from autograder.suites.gradient_descent.misconceptions import DATASET

ALPHA = 0.01
ITERS = (0, 1, 2, 3, 5, 10, 20, 50, 100, 200, 500, 1000, 2000)


def _loss(ref, x, y, pair) -> float | None:
    if pair is None or not all(math.isfinite(v) for v in pair):
        return None
    value = float(ref.mse(y, pair[0] + pair[1] * x))
    return value if math.isfinite(value) else None


def collect(student, ref) -> dict:
    data = np.loadtxt(DATASET, delimiter=",", skiprows=1)
    x, y = data[:, 0], data[:, 1]
    student_pairs: list[tuple[float, float] | None] = []
    for n in ITERS:
        try:
            student_pairs.append(student.gradient_descent(x, y, alpha=ALPHA, n_iters=n).pair())
        except StudentError:
            student_pairs.append(None)
            if n > 0 and all(p is None for p in student_pairs):
                break  # nothing works: do not spend the time budget on more calls
    student_pairs += [None] * (len(ITERS) - len(student_pairs))
    reference = [ref.gradient_descent(x, y, alpha=ALPHA, n_iters=n) for n in ITERS]
    final = student_pairs[-1]
    return {
        "data": {"x": x.tolist(), "y": y.tolist()},
        "lines": {"student": list(final) if final else None, "reference": list(reference[-1])},
        "loss": {
            "iters": list(ITERS),
            "student": [_loss(ref, x, y, p) for p in student_pairs],
            "reference": [_loss(ref, x, y, p) for p in reference],
        },
    }
