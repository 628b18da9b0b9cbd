"""The recorded suite as the nbgrader export reads it: the records of autograder/checks/recording.py
(checks, their calls, and what each call's answer is compared with), with the grade ids of
the notebook's test cells (``hidden_suite.py`` gathers them, ``cells.py`` writes them out)."""

from __future__ import annotations

from dataclasses import dataclass

from autograder.checks.recording import Compared, PartPath, RecordedCall, RecordedCheck

Expectation = Compared  # what cells.py calls one comparison of a call

__all__ = [
    "Expectation",
    "PartPath",
    "RecordedCall",
    "SuiteCheck",
    "check_grade_id",
    "function_of_grade_id",
    "points_per_function",
]


@dataclass(frozen=True)
class SuiteCheck(RecordedCheck):
    """One check of the recorded suite (autograder/checks/recording.py), named as a notebook test
    cell names it."""

    @property
    def grade_id(self) -> str:
        return check_grade_id(self.name, self.function)


def check_grade_id(check_name: str, function: str) -> str:
    """``test_<function>_<what>``: the kit check's name, led by the function it grades.

    test_mse_random -> test_mse_random; test_gd_one_step -> test_gradient_descent_one_step
    (a leading abbreviation made of the function's initials is dropped).
    """
    rest = check_name.removeprefix("test_")
    initials = "".join(part[:1] for part in function.split("_"))
    if rest.startswith(function + "_"):
        rest = rest[len(function) + 1 :]
    elif len(initials) > 1 and rest.startswith(initials + "_"):
        rest = rest[len(initials) + 1 :]
    return f"test_{function}_{rest}"


def function_of_grade_id(grade_id: str, functions: tuple[str, ...] | list[str]) -> str | None:
    """The graded function a test cell's grade_id belongs to (longest name first)."""
    for name in sorted(functions, key=len, reverse=True):
        if grade_id.startswith(f"test_{name}_"):
            return name
    return None


def points_per_function(checks: list[SuiteCheck]) -> dict[str, float]:
    totals: dict[str, float] = {}
    for check in checks:
        totals[check.function] = totals.get(check.function, 0.0) + check.points
    return totals
