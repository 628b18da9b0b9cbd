"""One recorded suite: an assignment's checks, run once against the reference, as typed
records of what each check calls and what it compares.

:func:`record_suite` runs every check of ``autograder/suites/<name>/test_*.py`` against a
stand-in for the ``student`` fixture that answers each call with the reference's answer,
turned into a ``Returned`` exactly as the sandbox reads a student's value. What a check
*compares* is what it declares through :mod:`autograder.checks.expectations`: each passing comparison is
tied, by identity, to the part of the answer it read, with the values it was compared with
and the declared :class:`~autograder.model.Expectation` (kind and tolerance). Nothing of the
suite is patched and nothing is re-derived: the public checks' generator
(autograder/integrations/release/public_checks.py) and the nbgrader export (autograder/integrations/nbgrader/hidden_suite.py) both
read these records.

The reference solution is loaded by path here and only here (:func:`load_reference`, also
the grading plugin's ``ref`` fixture).

A check that cannot be recorded stops the build with its name: one that fails on the
reference's answers, calls no student function, compares nothing through
``autograder.checks.expectations`` (so no kind and no tolerance are declared), compares something that
is not a part of the student's answer, or takes fixtures other than ``student``, ``ref``
and ``seed``.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import importlib
import importlib.util
import inspect
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

from autograder.assignment import SUITES, Assignment
from autograder.checks import expectations as expect
from autograder.model import Expectation
from autograder.sandbox.session import Returned, returned_from
from autograder.secret import CourseSecret
from autograder.secret import load as load_secret

PartPath = tuple[str | int, ...]  # dict entries by name, list/tuple items (or array rows) by index
Transform = Callable[[object], object]  # the reference's answer -> the answer given instead
Seed = Callable[[object], int]


def load_reference(path: Path) -> ModuleType:
    """The module at ``path`` (the reference solution, or a suite's own file), executed."""
    spec = importlib.util.spec_from_file_location(f"_reference_{path.stem}", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------------------------------------
# The records
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Compared:
    """One passing comparison of a check: a part of the answer, the values the kit compared
    it with, and the expectation (kind, tolerance) the check declared for it."""

    path: PartPath  # () is the whole answer
    read: str  # "numbers" (.scalar()/.pair(): any container, count only) or "array" (shape)
    shape: tuple[int, ...]  # the array's shape for "array"; (count,) for "numbers"
    values: tuple[float, ...]  # what the kit compared the part with (flat, C order)
    expectation: Expectation
    name: str = ""  # the comparison's name as the check gave it, e.g. "fn dW1"

    @property
    def kind(self) -> str:
        return self.expectation.kind

    @property
    def rtol(self) -> float:
        return self.expectation.rtol

    @property
    def atol(self) -> float:
        return self.expectation.atol

    @property
    def tolerance(self) -> tuple[float, float]:
        return (self.rtol, self.atol)


@dataclass(frozen=True)
class RecordedCall:
    """One call a check makes: the student function, its inputs, the reference's answer as
    the sandbox reads it, and the comparisons the check made on that answer.

    ``other_forms`` holds, by the kind of answer ("leaf", "dict", "list"), what the check
    compares when the same answer comes back in another form that it also accepts (say a
    tuple whose first part is the expected dict): see ``record_suite``'s ``answer_forms``.
    """

    function: str
    args: tuple[object, ...]
    kwargs: tuple[tuple[str, object], ...]
    answer: Returned
    expects: tuple[Compared, ...]
    other_forms: tuple[tuple[str, tuple[Compared, ...]], ...] = ()

    @property
    def expected(self) -> tuple[float, ...]:
        """Every number the check compares this call's answer with, in order."""
        return tuple(v for e in self.expects for v in e.values)


@dataclass(frozen=True)
class RecordedCheck:
    """One check of the suite with its calls."""

    name: str  # the pytest function name, e.g. test_mse_random
    function: str  # the graded student function (the target marker)
    points: float
    public: bool
    description: str
    calls: tuple[RecordedCall, ...]
    two_datasets: bool  # the two answers must differ (an expect.distinct, the same-answer rule)


# ---------------------------------------------------------------------------------------------
# Recording one check
# ---------------------------------------------------------------------------------------------
class _Log:
    """An ``expect.recording`` sink: the comparisons of one check, tied to the parts of the
    answers they read."""

    def __init__(self) -> None:
        self.parts: dict[int, tuple[int, PartPath]] = {}  # id(part) -> (call, path)
        self.held: list[Returned] = []  # keeps every part alive, so no id is reused
        self.expects: dict[int, list[Compared]] = {}
        self.untied: list[str] = []
        self.distinct: list[tuple[int, ...]] = []  # the calls each same-answer rule read

    def watch(self, node: Returned, call: int, path: PartPath = ()) -> None:
        self.held.append(node)
        self.parts[id(node)] = (call, path)
        for key, part in node.items:
            self.watch(part, call, (*path, key if node.kind == "dict" else int(key)))

    def __call__(self, record: expect.Record) -> None:
        if not record.ok:  # a declaration, or a failing comparison (the check raises)
            return
        tied = [self.parts.get(id(got)) for got in record.got]
        if any(t is None for t in tied):
            self.untied.append(record.name)
            return
        if record.expectation.kind == "distinct":
            self.distinct.append(tuple(t[0] for t in tied if t is not None))
            return
        read = "array" if record.expectation.kind == "array" else "numbers"
        for where, shape, want in zip(tied, record.shapes, record.expected, strict=True):
            assert where is not None
            call, path = where
            found = self.expects.setdefault(call, [])
            compared = Compared(path, read, shape, want, record.expectation, record.name)
            if compared not in found:
                found.append(compared)


class _RecordingStudent:
    """Stands in for the ``student`` fixture: records every call, answers like the reference."""

    def __init__(self, ref: ModuleType, log: _Log, transform: Transform | None) -> None:
        self._ref = ref
        self._log = log
        self._transform = transform
        self.calls: list[tuple[str, tuple, tuple, Returned]] = []

    def show(self, shown: object) -> None:  # the plugin's display hook; nothing to show here
        pass

    def __getattr__(self, name: str) -> Callable[..., Returned]:
        if name.startswith("_"):
            raise AttributeError(name)

        def call(*args: object, **kwargs: object) -> Returned:
            answer = getattr(self._ref, name)(*copy.deepcopy(args), **copy.deepcopy(kwargs))
            if self._transform is not None:
                answer = self._transform(answer)
            returned = returned_from(answer, name)
            self.calls.append(
                (name, copy.deepcopy(args), tuple(copy.deepcopy(kwargs).items()), returned)
            )
            self._log.watch(returned, len(self.calls) - 1)
            return returned

        return call


def run_check(
    test: Callable,
    ref: ModuleType,
    *,
    transform: Transform | None = None,
    seed: Seed | None = None,
) -> tuple[tuple[RecordedCall, ...], bool]:
    """Run one check against the recording student: (its calls, whether the two calls'
    answers must differ: a passing ``expect.distinct``, the same-answer rule).

    ``seed`` is the check's ``seed`` fixture (a hidden check's seeds from the course
    secret, as the grading plugin gives them); a check that takes it needs it.
    ``transform`` changes every answer before the check sees it (another answer form).
    Raises ``ValueError`` when the check fails on the answers it gets, or compares
    something that is not a declared comparison of a part of the answer.
    """
    params = set(inspect.signature(test).parameters)
    if not params <= {"student", "ref", "seed"} or ("seed" in params and seed is None):
        raise ValueError(f"{test.__name__}: cannot record fixtures {sorted(params)}")
    log = _Log()
    student = _RecordingStudent(ref, log, transform)
    fixtures = {"student": student, "ref": ref, "seed": seed}
    try:
        with expect.recording(log):
            test(**{k: v for k, v in fixtures.items() if k in params})
    except Exception as exc:
        raise ValueError(f"{test.__name__}: the check fails on these answers: {exc}") from exc
    if log.untied:
        raise ValueError(
            f"{test.__name__}: compares {log.untied} with something that is not a part of "
            "the student's answer"
        )
    calls = tuple(
        RecordedCall(name, args, kwargs, answer, tuple(log.expects.get(index, ())))
        for index, (name, args, kwargs, answer) in enumerate(student.calls)
    )
    if not calls:
        raise ValueError(f"{test.__name__}: calls no student function")
    if not any(call.expects for call in calls):
        raise ValueError(
            f"{test.__name__}: compares nothing through autograder.checks.expectations"
        )
    if log.distinct and (log.distinct != [(0, 1)] or len(calls) != 2):
        raise ValueError(
            f"{test.__name__}: a same-answer rule (expect.distinct) must compare the check's "
            "only two calls"
        )
    return calls, bool(log.distinct)


def _with_other_forms(
    test: Callable,
    ref: ModuleType,
    calls: tuple[RecordedCall, ...],
    seed: Seed | None,
    forms: Mapping[str, Transform],
) -> tuple[RecordedCall, ...]:
    """``calls`` with what the check compares on each other answer form it accepts, kept only
    where the form's kind of answer differs from the reference's (so a reader can tell)."""
    found: list[dict[str, tuple[Compared, ...]]] = [{} for _ in calls]
    for transform in forms.values():
        try:
            other, _ = run_check(test, ref, transform=transform, seed=seed)
        except ValueError:
            continue  # the check does not accept this form
        if [c.function for c in other] != [c.function for c in calls]:
            continue
        for kinds, main, alt in zip(found, calls, other, strict=True):
            kind = alt.answer.kind
            if kind != main.answer.kind and kind not in kinds and alt.expects:
                kinds[kind] = alt.expects
    return tuple(
        dataclasses.replace(call, other_forms=tuple(sorted(kinds.items())))
        for call, kinds in zip(calls, found, strict=True)
    )


# ---------------------------------------------------------------------------------------------
# The suite
# ---------------------------------------------------------------------------------------------
def suite_module(spec: Assignment, stem: str) -> ModuleType:
    """A module of the suite, imported as the grader's pytest imports it (by package name
    when the suite lives in the kit's package, else from its file: a suite being built by
    ``python -m autograder new`` before it is moved into place)."""
    path = spec.suite / f"{stem}.py"
    with warnings.catch_warnings():  # its marks are registered by the grading plugin only
        warnings.simplefilter("ignore", pytest.PytestUnknownMarkWarning)
        try:
            parts = path.resolve().relative_to(SUITES.resolve()).with_suffix("").parts
        except ValueError:
            return load_reference(path)
        return importlib.import_module(".".join(("autograder", "suites", *parts)))


def _mark(obj: object, name: str):
    found = getattr(obj, "pytestmark", [])
    found = found if isinstance(found, list) else [found]
    return next((getattr(m, "mark", m) for m in found if getattr(m, "name", "") == name), None)


def record_suite(
    spec: Assignment,
    *,
    secret: CourseSecret | None = None,
    public_only: bool = False,
    answer_forms: Mapping[str, Transform] | None = None,
) -> tuple[RecordedCheck, ...]:
    """Every check of the suite (only the ``public`` ones with ``public_only``) with the calls
    it makes, in the assignment's function order and, within a function, in the order the
    checks are written. Hidden checks draw their inputs from ``secret`` (default: the course
    secret, autograder/secret.py, read only when a hidden check is recorded). Each call is
    also tried on the reference's answer in each of ``answer_forms``' other forms."""
    ref = load_reference(spec.reference)
    checks: list[RecordedCheck] = []
    for path in sorted(spec.suite.glob("test_*.py")):
        module = suite_module(spec, path.stem)
        tests = [
            obj
            for name, obj in vars(module).items()
            if name.startswith("test") and inspect.isfunction(obj)
        ]
        for test in sorted(tests, key=lambda f: f.__code__.co_firstlineno):
            public = _mark(test, "public") is not None
            if public_only and not public:
                continue
            target = _mark(test, "target") or _mark(module, "target")
            if target is None or not target.args:
                raise ValueError(f"{test.__name__}: no pytest.mark.target(...) names its function")
            seed = None
            if "seed" in inspect.signature(test).parameters:
                secret = secret or load_secret()
                seed = functools.partial(secret.seed, spec.name, test.__name__)
            try:
                calls, two_datasets = run_check(test, ref, seed=seed)
            except ValueError as exc:
                raise ValueError(f"{spec.name}: {exc} (with the reference's answers)") from exc
            function = str(target.args[0])
            if any(call.function != function for call in calls):
                raise ValueError(f"{test.__name__}: calls a function other than {function}")
            if answer_forms:
                calls = _with_other_forms(test, ref, calls, seed, answer_forms)
            points = _mark(test, "points")
            checks.append(
                RecordedCheck(
                    name=test.__name__,
                    function=function,
                    points=float(points.args[0]) if points and points.args else 1.0,
                    public=public,
                    description=" ".join((test.__doc__ or "").split()),
                    calls=calls,
                    two_datasets=two_datasets,
                )
            )
    order = {name: i for i, name in enumerate(spec.functions)}
    unknown = {c.function for c in checks} - set(order)
    if unknown:
        raise ValueError(f"suite targets {sorted(unknown)}, not in {spec.functions}")
    checks.sort(key=lambda c: order[c.function])  # stable: keeps the written order
    return tuple(checks)
