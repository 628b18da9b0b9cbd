"""What the recorded suite holds: checks, their calls, and what each call's answer is
compared with (``record.py`` records them, ``cells.py`` writes them out)."""

from __future__ import annotations

from dataclasses import dataclass

from autograder.sandbox.session import Returned

PartPath = tuple[str | int, ...]  # dict entries by name, list/tuple items (or array rows) by index


@dataclass(frozen=True)
class Expectation:
    """One comparison of a check: a part of the answer against the values the kit used."""

    path: PartPath  # () is the whole answer
    read: str  # "numbers" (.scalar()/.pair(): any container, count only) or "array" (shape)
    shape: tuple[int, ...]  # the array's shape for "array"; (count,) for "numbers"
    values: tuple[float, ...]  # what the kit compared the part with (flat, C order)
    rtol: float
    atol: float

    @property
    def tolerance(self) -> tuple[float, float]:
        return (self.rtol, self.atol)


@dataclass(frozen=True)
class RecordedCall:
    """One call a check makes: the student function, its inputs, the reference's answer as
    the sandbox reads it, and the comparisons the check made on that answer.

    ``other_forms`` holds, by the kind of answer ("leaf", "dict", "list"), what the check
    compares when the same answer comes back in another form that it also accepts (say a
    tuple whose first part is the expected dict): see ``record.ANSWER_FORMS``.
    """

    function: str
    args: tuple[object, ...]
    kwargs: tuple[tuple[str, object], ...]
    answer: Returned
    expects: tuple[Expectation, ...]
    other_forms: tuple[tuple[str, tuple[Expectation, ...]], ...] = ()

    @property
    def expected(self) -> tuple[float, ...]:
        """Every number the check compares this call's answer with, in order."""
        return tuple(v for e in self.expects for v in e.values)


@dataclass(frozen=True)
class SuiteCheck:
    """One check of the hidden suite, with everything a notebook test cell needs."""

    name: str  # the pytest function name, e.g. test_mse_random
    function: str  # the graded student function (the module's target marker)
    points: float
    public: bool
    description: str
    calls: tuple[RecordedCall, ...]
    two_datasets: bool  # the two answers must differ (an expect.distinct, the same-answer rule)

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
