"""Run one check of the hidden suite against a recording stand-in for the student.

The stand-in answers every call with the reference's answer, turned into a real
``Returned`` exactly as the sandbox reads a student's value (``returned_from``), and keeps
the call's inputs. What the check *compares* is recorded at the comparison point: while
the check runs, the kit's comparison function (``autograder.checks.check_close``, wherever
the suite's modules hold it) is wrapped, and every comparison that passes is tied to the
part of the answer whose numbers it compared. The parts of the answer note which part was
read, and how (``.scalar()``/``.pair()`` as plain numbers, ``.array()`` with its shape):
instance attributes shadow the reading methods of those very ``Returned`` objects.
"""

from __future__ import annotations

import contextlib
import copy
import inspect
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import ModuleType
from unittest import mock

import numpy as np

from autograder import checks as kit_checks
from autograder.assignment import Assignment
from autograder.nbgrader.recorded import Expectation, PartPath, RecordedCall
from autograder.sandbox.session import Returned, returned_from

Transform = Callable[[object], object]  # the reference's answer -> the answer given instead


@dataclass(frozen=True)
class _Read:
    call: int
    path: PartPath
    read: str
    shape: tuple[int, ...]
    flat: tuple[float, ...]


def _numbers(value: object) -> tuple[float, ...]:
    """A comparison's operand as check_close reads it."""
    if isinstance(value, (int, float)):
        return (float(value),)
    return tuple(float(v) for v in value)  # type: ignore[union-attr]


class _Log:
    """The reads of one check's answers and the comparisons tied to them."""

    def __init__(self) -> None:
        self.reads: list[_Read] = []
        self.expects: dict[int, list[Expectation]] = {}
        self.untied: list[str] = []
        self._watched: list[Returned] = []

    def watch(self, node: Returned, call: int, path: PartPath = ()) -> None:
        """Note every read of ``node`` and its parts (they stay real ``Returned`` objects)."""
        self._watched.append(node)
        for name in ("scalar", "pair", "array", "sequence"):
            method = getattr(node, name)
            object.__setattr__(node, name, self._reader(name, method, call, path))
        for key, part in node.items:
            self.watch(part, call, (*path, key if node.kind == "dict" else int(key)))

    def _reader(self, name: str, method: Callable, call: int, path: PartPath) -> Callable:
        def read(*args: object, **kwargs: object) -> object:
            result = method(*args, **kwargs)
            if name == "sequence":  # an array's rows are new objects: watch them too
                for index, part in enumerate(result):
                    if not any(part is seen for seen in self._watched):
                        self.watch(part, call, (*path, index))
            elif name == "array":
                arr = np.asarray(result, dtype=float)
                self.reads.append(_Read(call, path, "array", arr.shape, tuple(arr.ravel())))
            else:
                flat = _numbers(result)
                self.reads.append(_Read(call, path, "numbers", (len(flat),), flat))
            return result

        return read

    def compared(self, name: str, expected: object, got: object, rtol: float, atol: float):
        """A passing comparison: tie it to the latest read whose numbers it compared."""
        want, mine = _numbers(expected), _numbers(got)
        for read in reversed(self.reads):
            if read.flat == mine:
                expect = Expectation(read.path, read.read, read.shape, want, rtol, atol)
                found = self.expects.setdefault(read.call, [])
                if expect not in found:
                    found.append(expect)
                return
        self.untied.append(name)


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


@contextlib.contextmanager
def _comparisons_recorded(log: _Log, spec: Assignment) -> Iterator[None]:
    """Wrap ``check_close`` wherever the suite's modules (and autograder.checks) hold it."""
    original = kit_checks.check_close
    signature = inspect.signature(original)

    def recording(*args: object, **kwargs: object) -> kit_checks.Comparison:
        result = original(*args, **kwargs)
        if result.ok:
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            given = bound.arguments
            log.compared(
                str(given["name"]), given["expected"], given["got"], given["rtol"], given["atol"]
            )
        return result

    prefix = f"autograder.suites.{spec.name}"
    holders = [kit_checks] + [
        module
        for name, module in sorted(sys.modules.items())
        if module is not None and (name == prefix or name.startswith(prefix + "."))
    ]
    with contextlib.ExitStack() as stack:
        for module in holders:
            for attr, value in list(vars(module).items()):
                if value is original:
                    stack.enter_context(mock.patch.object(module, attr, recording))
        yield


def run_check(
    test: Callable,
    module: ModuleType,
    ref: ModuleType,
    spec: Assignment,
    *,
    transform: Transform | None = None,
) -> tuple[tuple[RecordedCall, ...], bool]:
    """Run one check against the recording student: (its calls, made by check_two_datasets).

    ``transform`` changes every answer before the check sees it (another answer form).
    Raises ``ValueError`` when the check fails on the answers it gets, or compares
    something that cannot be written into a notebook test.
    """
    params = set(inspect.signature(test).parameters)
    if not params <= {"student", "ref"}:
        raise ValueError(f"{test.__name__}: cannot translate fixtures {sorted(params)}")
    log = _Log()
    student = _RecordingStudent(ref, log, transform)
    grouped: list[bool] = []
    original = getattr(module, "check_two_datasets", None)

    def two(*args: object, **kwargs: object):
        grouped.append(True)
        return original(*args, **kwargs)  # type: ignore[misc]

    patch = (
        mock.patch.object(module, "check_two_datasets", two)
        if original is not None
        else contextlib.nullcontext()
    )
    fixtures = {"student": student, "ref": ref}
    try:
        with patch, _comparisons_recorded(log, spec):
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
        raise ValueError(f"{test.__name__}: compares nothing through checks.check_close")
    if grouped and (len(grouped) != 1 or len(calls) != 2):
        raise ValueError(f"{test.__name__}: check_two_datasets must be its only check")
    return calls, bool(grouped)
