"""The pytest plugin that turns a hidden suite into per-student, per-check scores.

Markers (registered in ``pytest_configure``):
  ``@pytest.mark.points(n)``        points a check is worth (default 1)
  ``@pytest.mark.target("mse")``    which student function the check grades
A check is a test function that takes the ``student`` fixture. The plugin parametrizes
``student`` over the class (session scope, so pytest runs one student's checks together),
maps each test's end to an Outcome, and hands a finished SubmissionReport to a callback
as soon as that student's last check ran. State lives in ``config.stash``.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from autograder.errors import StudentError
from autograder.model import Check, CheckResult, Outcome, Source, Status, SubmissionReport
from autograder.sandbox import Limits, StudentSession, Zygote
from autograder.scoring import max_points, result

RESULTS = pytest.StashKey[dict[str, list[CheckResult]]]()
CHECKS = pytest.StashKey[dict[str, Check]]()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "points(n): points this check is worth")
    config.addinivalue_line("markers", "target(name): the student function this check grades")
    config.stash[RESULTS] = {}
    config.stash[CHECKS] = {}


def check_of(item: pytest.Item) -> Check:
    points = item.get_closest_marker("points")
    target = item.get_closest_marker("target")
    doc = (getattr(item, "function", None).__doc__ or "").strip()
    return Check(
        name=getattr(item, "originalname", item.name),
        function=str(target.args[0]) if target else "",
        points=float(points.args[0]) if points and points.args else 1.0,
        hidden=item.get_closest_marker("public") is None,
        description=" ".join(doc.split()),
    )


def load_reference(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"_reference_{path.stem}", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _key(value: object) -> object:
    if isinstance(value, np.ndarray):
        return ("ndarray", value.dtype.str, value.shape, value.tobytes())
    if isinstance(value, (list, tuple)):
        return tuple(_key(v) for v in value)
    return value


class MemoReference:
    """The reference module with each answer computed once per grading run.

    Every student meets the same seeded inputs, so expected values repeat; this keeps the
    grader's own work per student near zero. Arguments are copied before each real call.
    """

    def __init__(self, module: ModuleType) -> None:
        self._module = module
        self._cache: dict[object, object] = {}

    def __getattr__(self, name: str) -> object:
        attr = getattr(self._module, name)
        if not callable(attr):
            return attr

        def call(*args: object, **kwargs: object) -> object:
            key = (name, _key(args), _key(tuple(sorted(kwargs.items()))))
            if key not in self._cache:
                copied = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
                self._cache[key] = attr(*copied, **kwargs)
            return self._cache[key]

        return call


def outcome_of(
    excinfo: pytest.ExceptionInfo | None, *, hidden: bool
) -> tuple[Outcome, str, str, str]:
    """(outcome, student-safe message, printed output, instructor detail) of a call phase.

    A wrong value in a hidden check gets no student message (the writer shows a hint):
    its "got / expected" text would leak the hidden expected value.
    """
    if excinfo is None:
        return Outcome.PASSED, "", "", ""
    exc = excinfo.value
    if isinstance(exc, StudentError):
        message = exc.message + (f"\n{exc.trace}" if exc.trace else "")
        return exc.outcome, message, exc.output, message
    if isinstance(exc, AssertionError):
        text = str(exc).splitlines()[0] if str(exc) else "wrong value"
        return Outcome.WRONG, "" if hidden else text, "", text
    if excinfo.errisinstance(pytest.skip.Exception):
        return Outcome.SKIPPED, str(exc), "", str(exc)
    text = f"grader error: {type(exc).__name__}: {exc}"
    return Outcome.GRADER_ERROR, "", "", text


class GradingPlugin:
    """Registered per grading run with the class to grade and where reports go."""

    def __init__(
        self,
        sources: Mapping[str, Source],
        *,
        functions: Sequence[str],
        reference: Path,
        substitute: Mapping[str, Sequence[str]],
        substitute_source: str,
        limits: Limits,
        on_report: Callable[[SubmissionReport], None],
        on_checks: Callable[[list[Check]], None] = lambda checks: None,
    ) -> None:
        self.sources = dict(sources)
        self.functions = tuple(functions)
        self.reference = reference
        self.substitute = substitute
        self.substitute_source = substitute_source
        self.limits = limits
        self.on_report = on_report
        self.on_checks = on_checks
        self.config: pytest.Config | None = None

    def pytest_configure(self, config: pytest.Config) -> None:
        self.config = config

    @pytest.fixture(scope="session")
    def zygote(self):
        with Zygote() as zygote:
            yield zygote

    def pytest_generate_tests(self, metafunc: pytest.Metafunc) -> None:
        if "student" in metafunc.fixturenames:
            ids = sorted(self.sources)
            metafunc.parametrize("student", ids, ids=ids, indirect=True, scope="session")

    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        assert self.config is not None
        checks = self.config.stash[CHECKS]
        for item in items:
            check = check_of(item)
            if check.function not in self.functions:
                raise pytest.UsageError(f"{item.nodeid}: target must be one of {self.functions}")
            checks.setdefault(check.name, check)
        self.on_checks(list(checks.values()))

    @pytest.fixture(scope="session")
    def ref(self) -> MemoReference:
        return MemoReference(load_reference(self.reference))

    @pytest.fixture(scope="session")
    def student(self, request: pytest.FixtureRequest, zygote: Zygote):
        student_id = request.param
        session = StudentSession(
            self.sources[student_id],
            zygote=zygote,
            substitute=self.substitute,
            substitute_source=self.substitute_source,
            limits=self.limits,
        )
        try:
            yield session
        finally:
            session.close()
            self._finish(student_id, session)

    def _finish(self, student_id: str, session: StudentSession) -> None:
        assert self.config is not None
        checks = list(self.config.stash[CHECKS].values())
        results = self.config.stash[RESULTS].pop(student_id, [])
        notes = [
            f"{err.get('type')}: {err.get('message')} (while running your file's top-level code)"
            for err in session.load_errors
        ]
        status = (
            Status.GRADER_ERROR
            if any(r.outcome is Outcome.GRADER_ERROR for r in results)
            else Status.GRADED
        )
        self.on_report(
            SubmissionReport(
                student_id=student_id,
                status=status,
                functions=self.functions,
                results=tuple(results),
                max_points=max_points(checks, self.functions),
                message="\n".join(notes),
                origin=session.source.origin,
                layers=tuple(session.layers),
            )
        )

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo):
        report = yield
        assert self.config is not None
        callspec = getattr(item, "callspec", None)
        if callspec is None or "student" not in callspec.params:
            return report
        student_id = callspec.params["student"]
        if call.when == "call" or (call.when == "setup" and call.excinfo is not None):
            check = self.config.stash[CHECKS][check_of(item).name]
            outcome, message, output, detail = outcome_of(call.excinfo, hidden=check.hidden)
            if call.when == "setup" and outcome is not Outcome.SKIPPED:
                outcome, message, detail = Outcome.GRADER_ERROR, "", f"setup failed: {detail}"
            self.config.stash[RESULTS].setdefault(student_id, []).append(
                result(check, outcome, message, output, detail)
            )
        return report
