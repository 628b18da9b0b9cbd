"""Pure scoring: results in, points out. No I/O, no student code."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from autograder.model import Check, CheckResult, Message, Outcome, SubmissionReport


def clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def score_for(check: Check, outcome: Outcome) -> float:
    """All-or-nothing per check; anything but a pass earns 0 of its points."""
    return clamp(check.points, 0.0, check.points) if outcome is Outcome.PASSED else 0.0


def result(
    check: Check,
    outcome: Outcome,
    message: Message | None = None,
    output: str = "",
    detail: str = "",
    **extra: Any,
) -> CheckResult:
    """A CheckResult whose score follows from its outcome (extra: trace, diagnosis, shown)."""
    return CheckResult(check, outcome, score_for(check, outcome), message, output, detail, **extra)


def max_points(checks: Iterable[Check], functions: Sequence[str]) -> dict[str, float]:
    totals = {name: 0.0 for name in functions}
    for check in checks:
        totals[check.function] = totals.get(check.function, 0.0) + check.points
    return totals


def function_scores(report: SubmissionReport) -> dict[str, float]:
    """Points per function, each clamped to [0, max]. A report is immutable, so the answer
    is kept on it: the class page asks for it several times per student."""
    known = report.__dict__.get("_function_scores")
    if known is not None:
        return dict(known)
    earned = {name: 0.0 for name in report.max_points}
    for res in report.results:
        earned[res.check.function] = earned.get(res.check.function, 0.0) + res.score
    scores = {
        name: round(clamp(earned[name], 0.0, report.max_points.get(name, 0.0)), 6)
        for name in earned
    }
    object.__setattr__(report, "_function_scores", scores)
    return dict(scores)


def total(report: SubmissionReport) -> float:
    return round(sum(function_scores(report).values()), 6)


def max_total(report: SubmissionReport) -> float:
    return round(sum(report.max_points.values()), 6)
