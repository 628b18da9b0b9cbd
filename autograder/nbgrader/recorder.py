"""Run one check of the hidden suite against a recording stand-in for the student.

The stand-in answers every call with the reference's answer, turned into a real
``Returned`` exactly as the sandbox reads a student's value (``returned_from``), and keeps
the call's inputs. What the check *compares* is what it declares through
``autograder.expect``: every comparison is reported to a sink (``expect.recording``) with
the part of the answer it read, how it read it (``.scalar()``/``.pair()`` as plain numbers,
``.array()`` with its shape), the values it compared it with and the tolerance. The part
is found by identity in the answers handed out, so nothing of the suite is patched.
"""

from __future__ import annotations

import copy
import inspect
from collections.abc import Callable
from types import ModuleType

from autograder import expect
from autograder.nbgrader.recorded import Expectation, PartPath, RecordedCall
from autograder.sandbox.session import Returned, returned_from

Transform = Callable[[object], object]  # the reference's answer -> the answer given instead


class _Log:
    """An ``expect.recording`` sink: the comparisons of one check, tied to the parts of the
    answers they read."""

    def __init__(self) -> None:
        self.parts: dict[int, tuple[int, PartPath]] = {}  # id(part) -> (call, path)
        self.held: list[Returned] = []  # keeps every part alive, so no id is reused
        self.expects: dict[int, list[Expectation]] = {}
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
        kind, rtol, atol = record.expectation.kind, record.expectation.rtol, record.expectation.atol
        read = "array" if kind == "array" else "numbers"
        for where, shape, want in zip(tied, record.shapes, record.expected, strict=True):
            assert where is not None
            call, path = where
            found = self.expects.setdefault(call, [])
            expectation = Expectation(path, read, shape, want, rtol, atol)
            if expectation not in found:
                found.append(expectation)


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
    seed: Callable[[object], int] | None = None,
) -> tuple[tuple[RecordedCall, ...], bool]:
    """Run one check against the recording student: (its calls, whether the two calls'
    answers must differ: a passing ``expect.distinct``, the same-answer rule).

    ``seed`` is the check's ``seed`` fixture (a hidden check's seeds from the course
    secret, as the grading plugin gives them); a check that takes it needs it.

    ``transform`` changes every answer before the check sees it (another answer form).
    Raises ``ValueError`` when the check fails on the answers it gets, or compares
    something that cannot be written into a notebook test.
    """
    params = set(inspect.signature(test).parameters)
    if not params <= {"student", "ref", "seed"} or ("seed" in params and seed is None):
        raise ValueError(f"{test.__name__}: cannot translate fixtures {sorted(params)}")
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
            "the student's answer; a notebook test cannot translate that"
        )
    calls = tuple(
        RecordedCall(name, args, kwargs, answer, tuple(log.expects.get(index, ())))
        for index, (name, args, kwargs, answer) in enumerate(student.calls)
    )
    if not calls:
        raise ValueError(f"{test.__name__}: calls no student function")
    if not any(call.expects for call in calls):
        raise ValueError(f"{test.__name__}: compares nothing through autograder.expect")
    if log.distinct and (log.distinct != [(0, 1)] or len(calls) != 2):
        raise ValueError(
            f"{test.__name__}: a same-answer rule (expect.distinct) must compare the check's "
            "only two calls"
        )
    return calls, bool(log.distinct)
