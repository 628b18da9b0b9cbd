"""Every comparison a check makes, declared in one place: what kind of value it expects and
with which tolerance.

A check declares an :class:`~autograder.model.Expectation` (``scalar()``, ``pair()``,
``array()``; ``rtol``/``atol`` per call) before it calls the student's code, and later
compares an answer with it (``compare``), or two answers with each other (``distinct``).
On a mismatch ``compare`` raises :class:`~autograder.errors.CheckFailed` with the kit's
usual "got … / expected …" text and whatever the optional ``diagnose`` hook names.

Each declaration and comparison is reported to the sinks of :func:`recording`, so whatever
is derived from a check reads it from here instead of re-deriving it:

* the grading plugin keeps the :class:`Expectation` (kind and tolerance only, never an
  input or expected value) on the check's result, and the feedback quotes its tolerance;
* the nbgrader export records which part of the answer each comparison read and the
  values it compared it with, and writes its test cells from that.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from autograder.checks.compare import ATOL, RTOL, check_close
from autograder.errors import CheckFailed
from autograder.model import STRUCTURAL_KINDS, Expectation

__all__ = [
    "ATOL",
    "RTOL",
    "STRUCTURAL_KINDS",
    "Expectation",
    "Record",
    "array",
    "compare",
    "declare",
    "distinct",
    "pair",
    "recording",
    "scalar",
]

Diagnose = Callable[[], str]  # the known mistake a wrong answer matches, or ""


@dataclass(frozen=True)
class Record:
    """One declaration (``ok`` is None) or comparison, as a sink sees it.

    ``got`` holds the answers (or parts of one) as the check handed them over, ``values``
    the numbers read from each, ``shapes`` their shapes, ``expected`` what each was
    compared with (flat). Only in-process sinks see a record; it is never stored."""

    expectation: Expectation
    name: str = ""
    got: tuple[object, ...] = ()
    values: tuple[tuple[float, ...], ...] = ()
    shapes: tuple[tuple[int, ...], ...] = ()
    expected: tuple[tuple[float, ...], ...] = ()
    ok: bool | None = None


Sink = Callable[[Record], None]
_SINKS: contextvars.ContextVar[tuple[Sink, ...]] = contextvars.ContextVar(
    "autograder_expect_sinks", default=()
)


@contextlib.contextmanager
def recording(sink: Sink) -> Iterator[None]:
    """Report every declaration and comparison made inside the block to ``sink``."""
    token = _SINKS.set((*_SINKS.get(), sink))
    try:
        yield
    finally:
        _SINKS.reset(token)


def _emit(record: Record) -> None:
    for sink in _SINKS.get():
        sink(record)


def declare(kind: str, *, rtol: float = RTOL, atol: float = ATOL) -> Expectation:
    expectation = Expectation(kind, float(rtol), float(atol))
    _emit(Record(expectation))
    return expectation


def scalar(*, rtol: float = RTOL, atol: float = ATOL) -> Expectation:
    """One number (read with ``.scalar()``)."""
    return declare("scalar", rtol=rtol, atol=atol)


def pair(*, rtol: float = RTOL, atol: float = ATOL) -> Expectation:
    """Two numbers (read with ``.pair()``)."""
    return declare("pair", rtol=rtol, atol=atol)


def array(*, rtol: float = RTOL, atol: float = ATOL) -> Expectation:
    """An array, element by element (read with ``.array()``; a check tests the shape)."""
    return declare("array", rtol=rtol, atol=atol)


def _read(kind: str, got: object) -> tuple[tuple[float, ...], tuple[int, ...]]:
    """The numbers of ``got`` as an expectation of ``kind`` reads them, and their shape.

    ``got`` is a sandbox ``Returned`` (its reading method may raise BadReturn, a student
    error) or plain numbers."""
    reader = {"scalar": "scalar", "pair": "pair", "array": "array"}[kind]
    method = getattr(got, reader, None)
    value = method() if callable(method) else got
    if kind == "array":
        arr = np.asarray(value, dtype=float)
        return tuple(float(v) for v in arr.ravel()), tuple(arr.shape)
    numbers = (float(value),) if np.ndim(value) == 0 else tuple(float(v) for v in value)  # type: ignore[arg-type, union-attr]
    return numbers, (len(numbers),)


def _flat(expected: object) -> tuple[float, ...]:
    return tuple(float(v) for v in np.ravel(np.asarray(expected, dtype=float)))


def compare(
    expectation: Expectation,
    name: str,
    got: object,
    expected: float | Sequence[float] | np.ndarray,
    *,
    diagnose: Diagnose | None = None,
) -> None:
    """``got`` against ``expected`` as ``expectation`` says; raises CheckFailed (with the
    diagnosis ``diagnose`` names) when they differ."""
    values, shape = _read(expectation.kind, got)
    want = _flat(expected)
    comparison = check_close(name, want, values, rtol=expectation.rtol, atol=expectation.atol)
    _emit(Record(expectation, name, (got,), (values,), (shape,), (want,), ok=comparison.ok))
    if not comparison.ok:
        raise CheckFailed(comparison.message, diagnosis=diagnose() if diagnose else "")


def distinct(
    of: Expectation,
    name: str,
    got: tuple[object, object],
    expected: tuple[object, object],
    *,
    diagnose: Diagnose | None = None,
) -> None:
    """Two answers to different data, read as ``of`` reads them, must not be the same when
    the right answers differ (by more than ``of``'s tolerance). Otherwise raises
    CheckFailed: the function ignores its data arguments."""
    expectation = declare("distinct", rtol=of.rtol, atol=of.atol)
    (a, shape_a), (b, shape_b) = _read(of.kind, got[0]), _read(of.kind, got[1])
    want = (_flat(expected[0]), _flat(expected[1]))
    differ = not check_close(name, want[0], want[1], rtol=of.rtol, atol=of.atol).ok
    ok = not (a == b and differ)
    _emit(Record(expectation, name, got, (a, b), (shape_a, shape_b), want, ok=ok))
    if not ok:
        raise CheckFailed(
            f"{name}: the same answer for two different datasets",
            diagnosis=diagnose() if diagnose else "",
        )
