"""Pure numbers about a class of reports: quartiles, pass rates, misconceptions.

No HTML and no language here; html_report.py turns these into the class page.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from autograder.model import Check, Outcome, Status, SubmissionReport
from autograder.scoring.points import function_scores, total
from autograder.writers.texts import diagnoses


def functions_of(reports: Iterable[SubmissionReport]) -> list[str]:
    """Every function named by the reports, in first-seen order."""
    names: dict[str, None] = {}
    for report in reports:
        names.update(dict.fromkeys(report.functions))
        names.update(dict.fromkeys(report.max_points))
        names.update(dict.fromkeys(r.check.function for r in report.results))
    return list(names)


def quartiles(values: Sequence[float]) -> tuple[float, float, float]:
    """(Q1, median, Q3), linear interpolation between order statistics (numpy's default)."""
    if not values:
        return (0.0, 0.0, 0.0)
    if len(values) == 1:
        return (values[0],) * 3
    q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, median, q3


def class_summary(reports: Sequence[SubmissionReport]) -> dict[str, float]:
    """The numbers at the top of the class page (totals of every submission, 0 if ungradable)."""
    totals = [total(r) for r in reports]
    q1, median, q3 = quartiles(totals)
    by_status = Counter(r.status for r in reports)
    return {
        "submissions": len(reports),
        "graded": by_status[Status.GRADED],
        "n_ungradable": by_status[Status.UNGRADABLE],
        "n_grader_error": by_status[Status.GRADER_ERROR],
        "mean": statistics.fmean(totals) if totals else 0.0,
        "median": median,
        "q1": q1,
        "q3": q3,
    }


@dataclass
class CheckStats:
    check: Check
    n: int = 0  # graded submissions that ran this check
    passed: int = 0
    outcomes: Counter[Outcome] = field(default_factory=Counter)

    @property
    def rate(self) -> float | None:
        return self.passed / self.n if self.n else None


@dataclass
class FunctionStats:
    function: str
    max_points: float = 0.0
    n: int = 0  # graded submissions
    all_passed: int = 0
    points: list[float] = field(default_factory=list)

    @property
    def rate(self) -> float | None:
        return self.all_passed / self.n if self.n else None


def _hardest_first(rate: float | None, *tie: object) -> tuple[object, ...]:
    return (2.0 if rate is None else rate, *tie)


def check_stats(reports: Sequence[SubmissionReport]) -> list[CheckStats]:
    """Per check, how many graded submissions passed it; lowest pass rate first."""
    order = {fn: i for i, fn in enumerate(functions_of(reports))}
    stats: dict[tuple[str, str], CheckStats] = {}
    for report in reports:
        if report.status is not Status.GRADED:
            continue
        for res in report.results:
            row = stats.setdefault((res.check.function, res.check.name), CheckStats(res.check))
            row.n += 1
            row.passed += res.outcome is Outcome.PASSED
            row.outcomes[res.outcome] += 1
    return sorted(
        stats.values(),
        key=lambda s: _hardest_first(s.rate, order[s.check.function], s.check.name),
    )


def function_stats(reports: Sequence[SubmissionReport]) -> list[FunctionStats]:
    """Per function, the share of graded submissions that passed all its checks."""
    functions = functions_of(reports)
    stats = {fn: FunctionStats(fn) for fn in functions}
    for report in reports:
        for fn, points in report.max_points.items():
            stats[fn].max_points = max(stats[fn].max_points, points)
        if report.status is not Status.GRADED:
            continue
        scores = function_scores(report)
        for fn in functions:
            results = [r for r in report.results if r.check.function == fn]
            stats[fn].n += 1
            stats[fn].all_passed += bool(results) and all(
                r.outcome is Outcome.PASSED for r in results
            )
            stats[fn].points.append(scores.get(fn, 0.0))
    return sorted(
        stats.values(),
        key=lambda s: _hardest_first(s.rate, functions.index(s.function)),
    )


def misconceptions(reports: Sequence[SubmissionReport]) -> list[tuple[str, str, list[str]]]:
    """(function, diagnosis key, student ids), the most common first."""
    order = {fn: i for i, fn in enumerate(functions_of(reports))}
    found: dict[tuple[str, str], set[str]] = {}
    for report in reports:
        for fn in report.functions:
            for key in diagnoses(report, fn):
                found.setdefault((fn, key), set()).add(report.student_id)
    ranked = sorted(found.items(), key=lambda kv: (-len(kv[1]), order[kv[0][0]], kv[0][1]))
    return [(fn, key, sorted(ids)) for (fn, key), ids in ranked]
