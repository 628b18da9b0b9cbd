"""The hidden suite, recorded: what each check calls and what it compares.

Every check of ``autograder/suites/<name>/test_*.py`` is run at build time against a
recording stand-in for the ``student`` fixture that answers with the reference
(``recorder.py``). Design, and why:

* The expected values are recorded **at the comparison point**, not taken from the
  reference's answer: each passing comparison the check declares through
  ``autograder.expect`` is tied to the part of the answer it read, with the values and the
  tolerance the kit used (the same records give a graded check's result its tolerance). A test cell therefore compares
  exactly what the kit compares. For backprop's finite-difference checks that is the
  finite-difference gradient with FD_RTOL/FD_ATOL (the reference's gradient, compared
  within the same tolerance, would be nearly but not exactly the same rule); a part the
  check never compares (``forward``'s cache in an output-only check, extra dict entries)
  is not compared by the test cell either.
* A check may accept answers shaped unlike the reference's (backprop: ``(grads, loss)``
  for ``grads``; a bare ``Y_hat`` for ``(Y_hat, cache)`` in an output-only check). Such
  leniencies live in branches that never run on the reference's answer, so each check is
  also run on the reference's answer in the generic other forms of ``ANSWER_FORMS``; a
  form the check accepts is recorded with what it compares then, and the test cell uses it
  when the student's answer has that form (told apart by the kind of the answer).
* What cannot be translated stops the build instead of being dropped: a passing comparison
  that reads no part of the answer (of a derived number, say), a check with no comparison
  through ``autograder.expect``, fixtures other than ``student``, ``ref`` and ``seed``.
* A hidden check's inputs come from the course secret (the ``seed`` fixture, given here
  as the grading plugin gives it), so the source notebook's hidden test cells hold this
  course's hidden inputs: the course folder keeps a copy of the secret beside them.

Not reproduced: leniencies beyond these forms, and rules a check enforces other than
through ``autograder.expect`` and the shapes of the arrays it reads (the same-answer rule,
``expect.distinct`` of ``check_two_datasets``, is written out by the helpers cell). tests/test_nbgrader.py grades the
backprop corpus both ways and finds the same points for every function.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import importlib.util
import inspect
import warnings
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from autograder.assignment import Assignment
from autograder.nbgrader.recorded import (
    Expectation,
    RecordedCall,
    SuiteCheck,
    check_grade_id,
    function_of_grade_id,
    points_per_function,
)
from autograder.nbgrader.recorder import Transform, run_check
from autograder.secret import CourseSecret
from autograder.secret import load as load_secret


def _first_part(answer: object) -> object:
    if not isinstance(answer, (list, tuple)) or not answer:
        raise TypeError("not a tuple or list")
    return answer[0]


def _with_extras(answer: object) -> object:
    return (answer, 0.0)


# Other forms of the reference's answer each check is tried on: a tuple answer given as its
# first part alone, and any answer given as the first part of a tuple with an extra value.
ANSWER_FORMS: dict[str, Transform] = {"first part": _first_part, "with extras": _with_extras}


def _marks(obj: object) -> list:
    found = getattr(obj, "pytestmark", [])
    found = found if isinstance(found, list) else [found]
    return [getattr(m, "mark", m) for m in found]


def _mark(obj: object, name: str):
    return next((m for m in _marks(obj) if m.name == name), None)


def load_reference(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"_nbgrader_reference_{path.stem}", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _suite_modules(spec: Assignment) -> list[ModuleType]:
    modules = []
    with warnings.catch_warnings():
        # Outside a grading run nobody registered the suite's markers; pytest would warn.
        warnings.filterwarnings("ignore", message=r"Unknown pytest\.mark\.")
        for path in sorted(spec.suite.glob("test_*.py")):
            modules.append(importlib.import_module(f"autograder.suites.{spec.name}.{path.stem}"))
    return modules


def _with_other_forms(
    test: Callable,
    ref: ModuleType,
    calls: tuple[RecordedCall, ...],
    seed: Callable[[object], int],
) -> tuple[RecordedCall, ...]:
    """``calls`` with what the check compares on each other answer form it accepts, kept only
    where the form's kind of answer differs from the reference's (so a cell can tell)."""
    found: list[dict[str, tuple[Expectation, ...]]] = [{} for _ in calls]
    for transform in ANSWER_FORMS.values():
        try:
            other, _ = run_check(test, ref, transform=transform, seed=seed)
        except ValueError:
            continue  # the check does not accept this form
        if [c.function for c in other] != [c.function for c in calls]:
            continue
        for forms, main, alt in zip(found, calls, other, strict=True):
            kind = alt.answer.kind
            if kind != main.answer.kind and kind not in forms and alt.expects:
                forms[kind] = alt.expects
    return tuple(
        dataclasses.replace(call, other_forms=tuple(sorted(forms.items())))
        for call, forms in zip(calls, found, strict=True)
    )


def suite_checks(spec: Assignment, *, secret: CourseSecret | None = None) -> list[SuiteCheck]:
    """Every check of the hidden suite with the calls it makes, in the assignment's function
    order and, within a function, in the order the checks are written. The hidden checks'
    inputs are those of ``secret`` (default: the course secret, autograder/secret.py)."""
    secret = secret or load_secret()
    ref = load_reference(spec.reference)
    checks: list[SuiteCheck] = []
    for module in _suite_modules(spec):
        target = _mark(module, "target")
        if target is None:
            raise ValueError(f"{module.__name__} has no pytestmark = pytest.mark.target(...)")
        function = str(target.args[0])
        tests = [
            obj
            for name, obj in vars(module).items()
            if name.startswith("test_") and inspect.isfunction(obj)
        ]
        for test in sorted(tests, key=lambda f: f.__code__.co_firstlineno):
            seed = functools.partial(secret.seed, spec.name, test.__name__)
            try:
                calls, two_datasets = run_check(test, ref, seed=seed)
            except ValueError as exc:
                raise ValueError(f"{spec.name}: {exc} (with the reference's answers)") from exc
            if any(call.function != function for call in calls):
                raise ValueError(f"{test.__name__}: calls a function other than {function}")
            points = _mark(test, "points")
            checks.append(
                SuiteCheck(
                    name=test.__name__,
                    function=function,
                    points=float(points.args[0]) if points and points.args else 1.0,
                    public=_mark(test, "public") is not None,
                    description=" ".join((test.__doc__ or "").split()),
                    calls=_with_other_forms(test, ref, calls, seed),
                    two_datasets=two_datasets,
                )
            )
    order = {name: i for i, name in enumerate(spec.functions)}
    unknown = {c.function for c in checks} - set(order)
    if unknown:
        raise ValueError(f"suite targets {sorted(unknown)}, not in {spec.functions}")
    checks.sort(key=lambda c: order[c.function])  # stable: keeps the written order
    ids = [c.grade_id for c in checks]
    if len(set(ids)) != len(ids):
        raise ValueError(f"duplicate grade ids: {ids}")
    return checks


__all__ = [
    "ANSWER_FORMS",
    "Expectation",
    "RecordedCall",
    "SuiteCheck",
    "check_grade_id",
    "function_of_grade_id",
    "load_reference",
    "points_per_function",
    "suite_checks",
]
