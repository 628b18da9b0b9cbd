"""Numbers for the feedback pictures (not graded): a small network trained on data/wave.csv
by the student's train_step (reference forward/backward inside, as in grading), its fitted
curve and its loss, beside the reference's. Only returned numbers are used.
"""

from __future__ import annotations

import math
import time
from pathlib import Path

import numpy as np

from autograder.errors import StudentError

DATASET = Path(__file__).resolve().parents[3] / "data" / "wave.csv"
SIZES = (1, 16, 16, 1)
ACTIVATION = "relu"
LR = 0.05
STEPS = 200
RECORD = (0, 1, 2, 3, 5, 10, 20, 30, 50, 75, 100, 150, 200)
TIME_BUDGET_S = 5.0  # a slow train_step gets a shorter curve, never a longer grading run
GRID = 60


def _loss(ref, X, Y, params) -> float | None:
    if params is None:
        return None
    with np.errstate(all="ignore"):
        value = float(ref.mse_loss(Y, ref.forward(X, params, ACTIVATION)[0]))
    return value if math.isfinite(value) else None


def _params_from(returned, like: dict[str, np.ndarray]) -> dict[str, np.ndarray] | None:
    """The student's new params if they have the right names and shapes, else None."""
    try:
        parts = returned.entries()
        new = {name: parts[name].array() for name in like}
    except (StudentError, KeyError):
        return None
    if any(new[name].shape != like[name].shape for name in like):
        return None
    return new


def _curve(ref, X, params) -> list[float | None]:
    grid = np.linspace(float(X.min()), float(X.max()), GRID)[:, None]
    with np.errstate(all="ignore"):
        values = np.ravel(ref.forward(grid, params, ACTIVATION)[0])
    return [float(v) if math.isfinite(v) else None for v in values]


def collect(student, ref) -> dict:
    if not DATASET.is_file():
        return {}
    data = np.loadtxt(DATASET, delimiter=",", skiprows=1)
    X, Y = data[:, :1], data[:, 1:2]
    start = ref.init_params(list(SIZES), seed=1)
    reference = {0: start}
    params = start
    for step in range(1, STEPS + 1):
        params = ref.train_step(X, Y, params, lr=LR, activation=ACTIVATION)
        if step in RECORD:
            reference[step] = params
    mine: dict[int, dict | None] = {0: start}
    params, began = start, time.monotonic()
    for step in range(1, STEPS + 1):
        if params is None or time.monotonic() - began > TIME_BUDGET_S:
            break
        try:
            returned = student.train_step(X, Y, params, lr=LR, activation=ACTIVATION)
        except StudentError:
            break
        params = _params_from(returned, start)
        if step in RECORD:
            mine[step] = params
    last = max((s for s, p in mine.items() if p is not None and s > 0), default=None)
    grid = np.linspace(float(X.min()), float(X.max()), GRID)
    return {
        "data": {"x": X[:, 0].tolist(), "y": Y[:, 0].tolist()},
        "fit": {
            "x": grid.tolist(),
            "reference": _curve(ref, X, reference[STEPS]),
            "student": _curve(ref, X, mine[last]) if last else None,
            "reference_note": f"{STEPS} steps",
            "student_note": f"{last} steps" if last else "",
        },
        "loss": {
            "iters": list(RECORD),
            "student": [_loss(ref, X, Y, mine.get(s)) for s in RECORD],
            "reference": [_loss(ref, X, Y, reference[s]) for s in RECORD],
            "ylabel": "MSE",
        },
    }
