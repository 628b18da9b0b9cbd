"""The pytest plugin that turns a hidden suite into per-student, per-check scores.

Markers (registered in ``pytest_configure``):
  ``@pytest.mark.points(n)``        points a check is worth (default 1)
  ``@pytest.mark.target("fn")``     which student function the check grades
A check is a test function that takes the ``student`` fixture (and ``ref``, the reference;
a hidden check draws its random inputs from ``seed``, see :func:`seed`). The plugin parametrizes
``student`` over the class (session scope, so pytest runs one student's checks together),
maps each test's end to an Outcome, and hands a finished SubmissionReport to a callback
as soon as that student's last check ran. State lives in ``config.stash``.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import warnings
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from autograder.checks import expectations as expect
from autograder.checks.naming import Combined, settle
from autograder.checks.recording import load_reference
from autograder.checks.timeout_policy import SkipAfterTimeouts
from autograder.errors import StudentError
from autograder.messages import DEFAULT, hidden_view
from autograder.model import (
    Check,
    CheckResult,
    Expectation,
    Message,
    Outcome,
    Shown,
    Source,
    Status,
    SubmissionReport,
)
from autograder.sandbox import Limits, StudentSession, Zygotes
from autograder.scoring.points import max_points, result
from autograder.secret import CourseSecret
from autograder.secret import load as load_secret

RESULTS = pytest.StashKey[dict[str, list[CheckResult]]]()
CURVES = pytest.StashKey[dict[str, dict]]()
CHECKS = pytest.StashKey[dict[str, Check]]()
PLUGIN = pytest.StashKey["GradingPlugin"]()
EXPECTED = pytest.StashKey[list[Expectation]]()  # per item: what its check declared/compared


class _Expectations:
    """An ``expect.recording`` sink: the expectations a check used, in the order last used
    (so a failing comparison's is last). Kind and tolerance only: no input, no value."""

    def __init__(self) -> None:
        self.used: list[Expectation] = []

    def __call__(self, record: expect.Record) -> None:
        if record.expectation in self.used:
            self.used.remove(record.expectation)
        self.used.append(record.expectation)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "points(n): points this check is worth")
    config.addinivalue_line("markers", "target(name): the student function this check grades")
    config.addinivalue_line(
        "markers", "public: show this check's input and expected value in the feedback"
    )
    config.stash[RESULTS] = {}
    config.stash[CHECKS] = {}
    config.stash[CURVES] = {}


def _points(item: pytest.Item) -> float:
    """The ``points(n)`` marker's n (1 without the marker): a finite number ≥ 0, else the
    suite is refused at collection with the check named."""
    marker = item.get_closest_marker("points")
    if marker is None or not marker.args:
        return 1.0
    value = marker.args[0]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise pytest.UsageError(f"{item.nodeid}: points({value!r}) must be a number")
    if not math.isfinite(value) or value < 0:
        raise pytest.UsageError(f"{item.nodeid}: points({value!r}) must be finite and >= 0")
    return float(value)


def check_of(item: pytest.Item) -> Check:
    target = item.get_closest_marker("target")
    doc = (getattr(item, "function", None).__doc__ or "").strip()
    return Check(
        name=getattr(item, "originalname", item.name),
        function=str(target.args[0]) if target and target.args else "",
        points=_points(item),
        hidden=item.get_closest_marker("public") is None,
        description=" ".join(doc.split()),
    )


def _key(value: object) -> object:
    if isinstance(value, np.ndarray):
        return ("ndarray", value.dtype.str, value.shape, value.tobytes())
    if isinstance(value, (list, tuple)):
        return tuple(_key(v) for v in value)
    if isinstance(value, dict):
        return ("dict", tuple((k, _key(v)) for k, v in value.items()))
    return value


class _Own:
    """A session seen by the probes: ``own.fn(...)`` calls the student's ``fn`` with their
    own helpers (``call_own``), where the session has that."""

    def __init__(self, session: object) -> None:
        self._session = session

    def __getattr__(self, name: str):
        own = getattr(self._session, "call_own", None)
        if own is None:
            return getattr(self._session, name)
        return lambda *args, **kwargs: own(name, *args, **kwargs)


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


def result_of(
    check: Check,
    excinfo: pytest.ExceptionInfo | None,
    *,
    output: str = "",
    shown: Shown | None = None,
) -> CheckResult:
    """The CheckResult for how a check's call phase ended.

    A wrong value in a hidden check gets no student message (the writer shows a hint), and
    only a public check keeps ``shown``: a hidden expected value never reaches a student.
    A hidden check keeps nothing the student's code chose either: no printed output, no
    traceback, and its error message in :func:`hidden_view`'s form (the English original
    stays in ``detail``, for the instructor). Whatever the student's code learns from a
    hidden input, it cannot print, raise or return it back to the student.
    """
    shown = shown if not check.hidden else None
    if excinfo is None:
        return result(check, Outcome.PASSED, output=_public(check, output), shown=shown)
    exc = excinfo.value
    if isinstance(exc, StudentError):
        detail = DEFAULT.render(exc.message, "en")
        return result(
            check,
            exc.outcome,
            hidden_view(exc.message) if check.hidden else exc.message,
            _public(check, output or exc.output),
            detail[:500],
            trace=_public(check, exc.trace),
            diagnosis=exc.diagnosis,
            shown=shown,
        )
    if isinstance(exc, AssertionError):
        text = str(exc).splitlines()[0] if str(exc) else "wrong value"
        message = getattr(exc, "message", None)
        if not isinstance(message, Message):
            message = None if check.hidden else Message.of("public_wrong")
        diagnosis = getattr(exc, "diagnosis", "")
        if check.hidden:
            message = hidden_view(message)
        return result(
            check,
            Outcome.WRONG,
            message,
            _public(check, output),
            text,
            diagnosis=diagnosis,
            shown=shown,
        )
    if excinfo.errisinstance(pytest.skip.Exception):
        return result(check, Outcome.SKIPPED, None, _public(check, output), str(exc))
    text = f"grader error: {type(exc).__name__}: {exc}"
    note = Message.of("grader_error_note")
    return result(check, Outcome.GRADER_ERROR, note, _public(check, output), text)


def _seconds(session: object) -> float | None:
    """The seconds a session charged to the submission's budget, if it keeps them."""
    spent = getattr(session, "spent", None)
    return float(spent) if isinstance(spent, (int, float)) else None


def _public(check: Check, text: str) -> str:
    """``text`` (printed output, a traceback) if a student may see it: public checks only."""
    return "" if check.hidden else text


def _student_of(item: pytest.Item) -> object:
    callspec = getattr(item, "callspec", None)
    return callspec.params.get("student") if callspec is not None else None


class ProbesWarning(UserWarning):
    """The suite has a probes.py the grading cannot use: the reports come without plots."""


def load_combined(suite: Path) -> tuple[Combined, ...]:
    """The suite's cross-function diagnoses: ``COMBINED`` in its misconceptions.py (none
    when it has no such file or list)."""
    path = suite / "misconceptions.py"
    if not path.is_file():
        return ()
    found = getattr(load_reference(path), "COMBINED", ())
    return tuple(rule for rule in found if isinstance(rule, Combined))


def load_probes(suite: Path) -> Callable[..., dict] | None:
    """The suite's optional ``probes.collect(student, ref) -> curves`` (numbers for plots).
    A probes.py that fails to import, or has no ``collect``, costs the plots only, and
    says so (ProbesWarning) instead of dropping them unannounced."""
    path = suite / "probes.py"
    if not path.is_file():
        return None
    try:
        collect = getattr(load_reference(path), "collect", None)
    except Exception as exc:
        problem = f"does not import ({type(exc).__name__}: {exc})"
    else:
        if callable(collect):
            return collect
        problem = "has no collect(student, ref) function"
    warnings.warn(f"{path} {problem}; the reports will have no plots", ProbesWarning, stacklevel=2)
    return None


# The fixtures a hidden check takes. They live here, not on GradingPlugin, and find the
# run's plugin in config.stash (pytest deprecates session fixtures on an instance).


@pytest.fixture(scope="session")
def zygote(request: pytest.FixtureRequest):
    shared = request.config.stash[PLUGIN].zygotes
    if shared is not None:  # shared by the caller's successive sessions
        yield shared
        return
    with Zygotes() as zygotes:
        yield zygotes


@pytest.fixture(scope="session")
def ref(request: pytest.FixtureRequest) -> MemoReference:
    plugin = request.config.stash[PLUGIN]
    plugin.memo = MemoReference(load_reference(plugin.reference))
    return plugin.memo


@pytest.fixture
def seed(request: pytest.FixtureRequest) -> Callable[[object], int]:
    """A hidden check's seeds: ``seed(label)`` is a keyed hash of the course secret, the
    assignment, the check's name and ``label`` (autograder/secret.py), so the check's
    inputs are the same on every run with this secret and unknown without it. Public
    checks keep fixed inputs and may not take this fixture."""
    plugin = request.config.stash[PLUGIN]
    if plugin.secret is None:  # the course secret of autograder/secret.py, once per run
        plugin.secret = load_secret()
    name = getattr(request.node, "originalname", request.node.name)
    return functools.partial(plugin.secret.seed, plugin.assignment, name)


@pytest.fixture(scope="session")
def student(request: pytest.FixtureRequest, zygote: Zygotes, ref: MemoReference):
    plugin = request.config.stash[PLUGIN]
    student_id = request.param
    session = plugin.open_session(student_id, zygote)
    try:
        yield session
    finally:
        try:
            plugin.finish(student_id, session, ref)
        finally:
            session.close()


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
        suite: Path | None = None,
        data_files: Mapping[str, str] | None = None,
        zygotes: Zygotes | None = None,
        secret: CourseSecret | None = None,
        assignment: str = "",
    ) -> None:
        self.sources = dict(sources)
        self.secret = secret
        self.assignment = assignment
        self.functions = tuple(functions)
        self.reference = reference
        self.substitute = substitute
        self.substitute_source = substitute_source
        self.limits = limits
        self.on_report = on_report
        self.on_checks = on_checks
        self.probes = load_probes(suite) if suite else None
        self.combined = load_combined(suite) if suite else ()
        self.data_files = dict(data_files or {})
        self.zygotes = zygotes
        # The benchmark swaps in an unisolated session to measure the in-process floor.
        self.session_class: type = StudentSession
        self.memo: MemoReference | None = None  # the ref fixture's, once created
        self.config: pytest.Config | None = None

    def pytest_configure(self, config: pytest.Config) -> None:
        self.config = config
        config.stash[PLUGIN] = self

    def pytest_generate_tests(self, metafunc: pytest.Metafunc) -> None:
        if "student" in metafunc.fixturenames:
            ids = sorted(self.sources)
            metafunc.parametrize("student", ids, ids=ids, indirect=True, scope="session")

    @pytest.hookimpl(trylast=True)  # after pytest has grouped the items by student
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        assert self.config is not None
        checks = self.config.stash[CHECKS]
        for item in items:
            check = check_of(item)
            if check.function not in self.functions:
                raise pytest.UsageError(f"{item.nodeid}: target must be one of {self.functions}")
            if not check.hidden and "seed" in getattr(item, "fixturenames", ()):
                raise pytest.UsageError(
                    f"{item.nodeid}: a public check keeps fixed inputs; only hidden checks "
                    "draw theirs from the course secret (the seed fixture)"
                )
            known = checks.setdefault(check.name, check)
            if known != check:  # results are found by name: one name, one spec
                raise pytest.UsageError(
                    f"{item.nodeid}: another check is named {check.name!r} with other points, "
                    "target or visibility (say a parametrized test marked public only in part); "
                    "give each check its own name"
                )
        self.on_checks(list(checks.values()))
        self._order(items)

    def _order(self, items: list[pytest.Item]) -> None:
        """Each student's public checks first, then the hidden ones, each with the checks of
        substituted functions last (a stable sort after pytest's grouping by student). So
        one process answers them all: every public answer (shown in full) comes before any
        hidden input reaches the student's code, and the given helpers are put into the
        process only for the hidden substituted checks at the end (see session.py)."""
        first_seen: dict[object, int] = {}
        for item in items:
            first_seen.setdefault(_student_of(item), len(first_seen))
        substituted = set(self.substitute)

        def key(item: pytest.Item) -> tuple[int, bool, bool]:
            check = check_of(item)
            return first_seen[_student_of(item)], check.hidden, check.function in substituted

        items.sort(key=key)

    def open_session(self, student_id: str, zygotes: Zygotes) -> StudentSession:
        source = self.sources[student_id]
        return self.session_class(
            source,
            zygote=zygotes.for_chunks(source.chunks),
            substitute=self.substitute,
            substitute_source=self.substitute_source,
            limits=self.limits,
            data_files=self.data_files,
            policy=SkipAfterTimeouts(self.limits.max_timeouts_per_function),
        )

    def _collect_curves(self, student_id: str, session: StudentSession, ref: MemoReference):
        """The plot numbers, once per student, before any hidden check (the plots show the
        student's values): the probes call the student's own functions, unsubstituted."""
        assert self.config is not None
        done = self.config.stash[CURVES]
        if student_id in done:
            return
        done[student_id] = {}
        if self.probes is None:
            return
        enter = getattr(session, "enter_check", None)
        if enter is not None:
            enter(hidden=False)
        try:
            done[student_id] = self.probes(_Own(session), ref)
        except Exception:  # student errors included: pictures are a bonus, never fatal
            done[student_id] = {}

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_call(self, item: pytest.Item):
        """Tell the student's session whether this check is hidden (see session.py); before
        the student's first hidden check, collect the plot numbers. While the check runs,
        note the expectations it declares (autograder.checks.expectations) for its result."""
        self._enter(item)
        used = _Expectations()
        with expect.recording(used):
            yield
        item.stash[EXPECTED] = used.used

    def _enter(self, item: pytest.Item) -> None:
        assert self.config is not None
        callspec = getattr(item, "callspec", None)
        session = getattr(item, "funcargs", {}).get("student")
        if callspec is None or session is None:
            return
        check = self.config.stash[CHECKS][check_of(item).name]
        if check.hidden:
            ref = item.funcargs.get("ref") or self.memo
            self._collect_curves(callspec.params["student"], session, ref)
        enter = getattr(session, "enter_check", None)
        if enter is not None:
            enter(hidden=check.hidden)

    def finish(self, student_id: str, session: StudentSession, ref: MemoReference) -> None:
        """The student's last check ran: collect the plot numbers and hand on the report."""
        assert self.config is not None
        checks = list(self.config.stash[CHECKS].values())
        results = settle(
            self.config.stash[RESULTS].pop(student_id, []), self.functions, self.combined
        )
        self._collect_curves(student_id, session, ref)  # when no hidden check ran
        curves = self.config.stash[CURVES].pop(student_id, {})
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
                origin=session.source.origin,
                layers=tuple(session.layers),
                load_errors=tuple(
                    f"{err.get('type')}: {err.get('message')}"[:500] for err in session.load_errors
                ),
                curves=curves,
                seconds=_seconds(session),
            )
        )

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo):
        """Records the check's result and answers the hook (firstresult) with a plain
        report: pytest's own would format a long traceback with every argument's repr for
        each wrong answer, which nobody reads here and which cost more than the check."""
        assert self.config is not None
        callspec = getattr(item, "callspec", None)
        if callspec is None or "student" not in callspec.params:
            return None
        self._record(item, call, callspec.params["student"])
        if call.excinfo is None:
            outcome, longrepr = "passed", None
        elif call.excinfo.errisinstance(pytest.skip.Exception):
            outcome, longrepr = "skipped", (str(item.path), 0, str(call.excinfo.value)[:200])
        else:
            outcome, longrepr = "failed", f"{call.excinfo.typename}: {call.excinfo.value!s:.500}"
        return pytest.TestReport(
            item.nodeid,
            item.location,
            {},
            outcome,
            longrepr,
            call.when,
            duration=call.duration,
            start=call.start,
            stop=call.stop,
        )

    def _record(self, item: pytest.Item, call: pytest.CallInfo, student_id: str) -> None:
        assert self.config is not None
        if call.when == "call" or (call.when == "setup" and call.excinfo is not None):
            check = self.config.stash[CHECKS][check_of(item).name]
            session = item.funcargs.get("student")
            shown = session.take_shown() if hasattr(session, "take_shown") else None
            output = session.take_output() if hasattr(session, "take_output") else ""
            res = result_of(check, call.excinfo, output=output, shown=shown)
            used = tuple(item.stash.get(EXPECTED, ()))
            if call.when == "call" and used:
                res = dataclasses.replace(res, expectations=used)
            if call.when == "setup" and res.outcome is not Outcome.SKIPPED:
                res = result(
                    check,
                    Outcome.GRADER_ERROR,
                    Message.of("grader_error_note"),
                    detail=f"setup failed: {res.detail}",
                )
            self.config.stash[RESULTS].setdefault(student_id, []).append(res)
