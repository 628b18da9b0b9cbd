"""Comparisons of a student's numbers with the reference's. Pure: values in, verdict out."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from autograder.model import ATOL, RTOL

__all__ = ["ATOL", "RTOL", "Comparison", "check_close"]


@dataclass(frozen=True)
class Comparison:
    name: str
    ok: bool
    message: str


def _fmt(values: Sequence[float]) -> str:
    parts = [f"{v:.10g}" for v in values]
    return parts[0] if len(parts) == 1 else "(" + ", ".join(parts) + ")"


def check_close(
    name: str,
    expected: float | Sequence[float],
    got: float | Sequence[float],
    *,
    rtol: float = RTOL,
    atol: float = ATOL,
) -> Comparison:
    exp = [float(expected)] if isinstance(expected, (int, float)) else [float(v) for v in expected]
    val = [float(got)] if isinstance(got, (int, float)) else [float(v) for v in got]
    detail = f"got {_fmt(val)} / expected {_fmt(exp)} (rtol={rtol:g}, atol={atol:g})"
    if len(exp) != len(val):
        return Comparison(name, False, f"{name}: wrong number of values; {detail}")
    ok = all(
        math.isfinite(v) and abs(v - e) <= atol + rtol * abs(e)
        for v, e in zip(val, exp, strict=True)
    )
    return Comparison(name, ok, f"{name}: {detail}")
