"""One submission's sandboxed code, as the hidden tests see it: ``student.mse(y, y_pred)``.

A session lazily starts a child per *mode*. The plain mode runs the student's module as
written. A function listed in ``substitute`` runs in a namespace where the named helpers
(for example the partial derivatives) are replaced by given correct versions, so that a
right loop is not penalised for a wrong helper. Those helpers never exist in a process
while it still answers for the helpers' own checks: the plugin orders each student's
checks so the substituted functions come last, the plain child then takes the helpers into
the namespace it already loaded (one process and one run of the student's code per
student), and any later plain call gets a fresh child, which loads the file afresh.
"""

from __future__ import annotations

import dataclasses
import math
import shutil
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from autograder.errors import (
    BadReturn,
    FunctionMissing,
    NotRun,
    StudentCrashed,
    StudentError,
    StudentRaised,
    StudentTimeout,
)
from autograder.model import Message, Shown, Source
from autograder.sandbox import runner
from autograder.sandbox.process import ChildDied, ChildProcess, ChildTimeout, Zygote

# Top-level code still running after this share of load_timeout is stopped in the child and
# only the remaining definitions are run (runner.Runner.load): a slow demo left at the top of
# a file no longer costs every function. Code that swallows the stop is killed at the
# deadline itself.
SOFT_LOAD_SHARE = 0.6


@dataclass(frozen=True)
class Limits:
    """Resource limits for student code. Defaults are documented in the README."""

    call_timeout: float = 5.0  # seconds of wall time per function call
    load_timeout: float = 15.0  # seconds to run the file's top-level code (see SOFT_LOAD_SHARE)
    submission_timeout: float = 120.0  # seconds of wall time for all of one submission's calls
    memory_mb: int = 1024  # address space per child
    cpu_seconds: int = 120  # CPU time per child
    file_mb: int = 16  # largest file a child may write
    disk_mb: int = 64  # the child's scratch folder (a tmpfs where mounts are allowed)
    processes: int = 64  # processes and threads per child tree
    output_chars: int = 4000  # printed output kept per call (the rest is counted, dropped)
    max_timeouts_per_function: int = 2  # then the function's remaining checks are not run

    def as_wire(self) -> dict[str, int]:
        return {
            "memory_bytes": self.memory_mb * 2**20,
            "cpu_seconds": self.cpu_seconds,
            "file_bytes": self.file_mb * 2**20,
            "disk_bytes": self.disk_mb * 2**20,
            "processes": self.processes,
            "output_chars": self.output_chars,
        }


# The child's limits, checked again on this side.
MAX_DEPTH, MAX_ITEMS, MAX_VALUES = runner.MAX_DEPTH, runner.MAX_ITEMS, runner.MAX_VALUES


@dataclass(frozen=True)
class Returned:
    """What a student's function returned, as plain floats.

    A leaf holds numbers and their shape. A container (a returned dict, or a list or tuple
    that is not one rectangular array) holds named parts in ``items``; for a list or tuple
    ``values`` also holds all its numbers in order, so ``scalar``/``pair`` still apply.
    """

    values: tuple[float, ...]
    shape: tuple[int, ...]
    type_name: str
    output: str = ""
    fn: str = ""
    items: tuple[tuple[str, Returned], ...] = ()
    kind: str = "leaf"  # "leaf", "dict" or "list"

    def scalar(self) -> float:
        if len(self.values) != 1 or self.kind == "dict":
            message = Message.of("want_scalar", fn=self.fn, kind=self.type_name, shape=self.shape)
            raise BadReturn(message, output=self.output)
        return self.values[0]

    def pair(self) -> tuple[float, float]:
        if len(self.values) != 2 or self.kind == "dict":
            message = Message.of("want_pair", fn=self.fn, count=len(self.values))
            raise BadReturn(message, output=self.output)
        return self.values[0], self.values[1]

    def array(self) -> np.ndarray:
        """The numbers with their shape (a list or tuple of equal parts is one array)."""
        if self.kind == "dict":
            raise BadReturn(Message.of("want_array", fn=self.fn, kind=self.type_name))
        if self.kind == "list":
            try:
                return np.array([part.array() for _, part in self.items], dtype=float)
            except ValueError:
                raise BadReturn(Message.of("want_array", fn=self.fn, kind="list")) from None
        return np.array(self.values, dtype=float).reshape(self.shape)

    def entries(self) -> dict[str, Returned]:
        """The parts of a returned dict by name."""
        if self.kind != "dict":
            raise BadReturn(Message.of("want_dict", fn=self.fn, kind=self.type_name))
        return dict(self.items)

    def sequence(self) -> list[Returned]:
        """The parts of a returned list or tuple; an array splits along its first axis."""
        if self.kind == "list":
            return [part for _, part in self.items]
        if self.kind == "leaf" and self.shape:
            arr = self.array()
            return [leaf(row, self.type_name, self.fn) for row in arr]
        raise BadReturn(Message.of("want_sequence", fn=self.fn, kind=self.type_name))


def leaf(array: np.ndarray, type_name: str = "ndarray", fn: str = "") -> Returned:
    arr = np.asarray(array, dtype=float)
    return Returned(tuple(float(v) for v in arr.ravel()), tuple(arr.shape), type_name, fn=fn)


def encode(value: object, depth: int = 0) -> object:
    """An argument for student code, as JSON the child can decode (no pickle, no objects)."""
    if depth > MAX_DEPTH:
        raise TypeError("arguments nested too deeply")
    if isinstance(value, np.ndarray):
        return {"__array__": [float(v) for v in value.ravel()], "shape": list(value.shape)}
    if isinstance(value, dict):
        return {"__dict__": {str(k): encode(v, depth + 1) for k, v in value.items()}}
    if isinstance(value, (list, tuple)):
        if all(isinstance(v, (int, float, np.integer, np.floating)) for v in value):
            return {"__array__": [float(v) for v in value]}
        return {"__list__": [encode(v, depth + 1) for v in value]}
    if isinstance(value, (bool, str)) or value is None:
        return value
    if isinstance(value, (int, float, np.integer, np.floating)):
        return float(value) if not isinstance(value, (int, np.integer)) else int(value)
    raise TypeError(f"cannot send {type(value).__name__} to student code")


def _numbers(raw: object) -> list[float]:
    if not isinstance(raw, list):
        raise ValueError("malformed value")
    clean = []
    for v in raw:
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise ValueError("non-numeric value")
        clean.append(float(v))
    return clean


def parse_tree(raw: object, *, fn: str = "", depth: int = 0, budget: list[int] | None = None):
    """Validate the child's JSON tree (see runner.py): only numbers, shapes and short names."""
    budget = [MAX_VALUES] if budget is None else budget
    if not isinstance(raw, dict) or depth > MAX_DEPTH:
        raise ValueError("malformed value")
    type_name = str(raw.get("type", "?"))[:60]
    if "keys" in raw or "items" in raw:
        kind = "dict" if "keys" in raw else "list"
        parts = raw.get("keys") if kind == "dict" else raw.get("items")
        if not isinstance(parts, list) or len(parts) > MAX_ITEMS:
            raise ValueError("malformed container")
        items: list[tuple[str, Returned]] = []
        for index, part in enumerate(parts):
            if kind == "dict":
                if not (isinstance(part, list) and len(part) == 2 and isinstance(part[0], str)):
                    raise ValueError("malformed dict entry")
                name, sub = part[0][:100], part[1]
            else:
                name, sub = str(index), part
            items.append((name, parse_tree(sub, fn=fn, depth=depth + 1, budget=budget)))
        flat = () if kind == "dict" else tuple(v for _, p in items for v in p.values)
        return Returned(flat, (len(flat),), type_name, fn=fn, items=tuple(items), kind=kind)
    values, shape = _numbers(raw.get("values")), raw.get("shape")
    if not isinstance(shape, list) or len(shape) > 32:
        raise ValueError("malformed shape")
    if not all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in shape):
        raise ValueError("malformed shape")
    if math.prod(shape) != len(values):
        raise ValueError("malformed shape")
    budget[0] -= len(values)
    if budget[0] < 0:
        raise ValueError("too many numbers")
    return Returned(tuple(values), tuple(shape), type_name, fn=fn)


class StudentSession:
    """The student's functions behind a process boundary. Use as a context manager."""

    def __init__(
        self,
        source: Source,
        *,
        zygote: Zygote,
        substitute: Mapping[str, Sequence[str]] | None = None,
        substitute_source: str = "",
        limits: Limits | None = None,
        data_files: dict[str, str] | None = None,
    ) -> None:
        self.source = source
        self.data_files = dict(data_files or {})
        self.zygote = zygote
        self.substitute = dict(substitute or {})
        self.substitute_source = substitute_source
        self.limits = limits or Limits()
        self._scratch = Path(tempfile.mkdtemp(prefix="gd-sandbox-"))
        self._children: dict[str, ChildProcess] = {}
        self._forks = 0
        self._load_failed: dict[str, Message] = {}
        self._defined: dict[str, set[str]] = {}
        self._timeouts: dict[str, int] = {}
        self.load_errors: list[dict] = []
        self.load_output = ""
        self.layers: list[str] = []
        self._next_id = 0
        self._started: float | None = None
        self._shown: Shown | None = None

    def show(self, shown: Shown) -> None:
        """Record what the current check would show a student (kept for public checks only)."""
        self._shown = shown

    def take_shown(self) -> Shown | None:
        shown, self._shown = self._shown, None
        return shown

    def __enter__(self) -> StudentSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for child in self._children.values():
            child.kill()
        self._children.clear()
        shutil.rmtree(self._scratch, ignore_errors=True)

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        return lambda *args, **kwargs: self.call(name, *args, **kwargs)

    def _mode(self, fn: str) -> str:
        return "sub:" + fn if fn in self.substitute else "plain"

    def _child(self, mode: str) -> ChildProcess:
        if mode in self._load_failed:
            raise NotRun(self._load_failed[mode])
        child = self._children.get(mode)
        if child is not None and child.alive:
            return child
        plain = self._children.get("plain")
        request: dict = {
            "op": "load",
            "chunks": list(self.source.chunks),
            "soft_seconds": round(self.limits.load_timeout * SOFT_LOAD_SHARE, 3),
        }
        if mode != "plain" and plain is not None and plain.alive:
            # One process per submission where the order allows: the plain child, done
            # with its own checks (the plugin runs substituted functions' checks last),
            # takes the reference helpers into the namespace it loaded and never answers
            # a plain call again (a later one gets a fresh child). It answered before it
            # held them. The student's code is not run a second time.
            child = self._children.pop("plain")
            request = {"op": "install"}
        else:
            child = self._fork()
        if mode.startswith("sub:"):
            request["substitute"] = self.substitute_source
            request["substitute_names"] = list(self.substitute[mode[4:]])
        try:
            reply = child.request(request, timeout=self.limits.load_timeout)
        except ChildTimeout:
            self._load_failed[mode] = Message.of("load_timeout")
            raise StudentTimeout(self._load_failed[mode]) from None
        except ChildDied as exc:
            self._load_failed[mode] = Message.of("load_crashed", how=exc)
            raise StudentCrashed(self._load_failed[mode]) from None
        defined = reply.get("defined")
        self._defined[mode] = (
            {d for d in defined if isinstance(d, str)} if isinstance(defined, list) else set()
        )
        if mode == "plain" and not self.load_errors:
            errors = reply.get("errors")
            self.load_errors = (
                [e for e in errors if isinstance(e, dict)] if isinstance(errors, list) else []
            )
            self.load_output = str(reply.get("output", ""))[:8000]
            layers = reply.get("layers")
            self.layers = [str(x) for x in layers] if isinstance(layers, list) else []
        self._children[mode] = child
        return child

    def _fork(self) -> ChildProcess:
        # A folder per child: where no private tmpfs can be mounted, a child that held the
        # reference helpers must still share no files with one that answers for them.
        self._forks += 1
        scratch = self._scratch / f"child-{self._forks}"
        scratch.mkdir(mode=0o700)
        try:
            return self.zygote.fork(
                scratch, limits=self.limits.as_wire(), data_files=self.data_files
            )
        except ChildDied as exc:
            raise StudentCrashed(Message.of("sandbox_failed", how=exc)) from None

    def call(self, fn: str, *args: object, **kwargs: object) -> Returned:
        if self._started is None:
            self._started = time.monotonic()
        if time.monotonic() - self._started > self.limits.submission_timeout:
            raise NotRun(Message.of("budget_used", seconds=f"{self.limits.submission_timeout:g}"))
        if self._timeouts.get(fn, 0) >= self.limits.max_timeouts_per_function:
            raise NotRun(Message.of("timed_out_before", fn=fn, count=self._timeouts[fn]))
        mode = self._mode(fn)
        try:
            return self._call_in(mode, fn, args, kwargs)
        except StudentRaised as exc:
            if mode == "plain" or exc.message.key == "not_implemented":
                raise
            # The given helpers made the student's code raise (say a float where their own
            # partial returned a 1-tuple that the loop indexes): no double penalty must not
            # turn a working program into an error, so their own helpers are tried too, in
            # a plain child (a fresh one: the first plain child now holds the given helpers).
            # Only a raise falls back: a wrong value with the given helpers stays wrong.
            try:
                return self._call_in("plain", fn, args, kwargs)
            except StudentError:
                raise exc from None

    def _call_in(
        self, mode: str, fn: str, args: Sequence[object], kwargs: Mapping[str, object]
    ) -> Returned:
        child = self._child(mode)
        if fn not in self._defined.get(mode, set()):
            raise FunctionMissing(Message.of("fn_missing", fn=fn))
        self._next_id += 1
        request = {
            "op": "call",
            "id": self._next_id,
            "fn": fn,
            "args": [encode(a) for a in args],
            "kwargs": {k: encode(v) for k, v in kwargs.items()},
        }
        try:
            reply = child.request(request, timeout=self.limits.call_timeout)
        except ChildTimeout:
            self._timeouts[fn] = self._timeouts.get(fn, 0) + 1
            seconds = f"{self.limits.call_timeout:g}"
            raise StudentTimeout(Message.of("call_timeout", fn=fn, seconds=seconds)) from None
        except ChildDied as exc:
            raise StudentCrashed(Message.of("call_crashed", fn=fn, how=exc)) from None
        output = str(reply.get("output", ""))[:8000]
        if reply.get("id") != self._next_id:
            child.kill()
            raise StudentCrashed(Message.of("reply_broken", fn=fn))
        if reply.get("ok") is True:
            try:
                parsed = parse_tree(reply.get("value"), fn=fn)
            except ValueError as exc:
                raise BadReturn(
                    Message.of("bad_return", fn=fn, why=f"not numbers ({exc})"), output=output
                ) from None
            return dataclasses.replace(parsed, output=output)
        kind = reply.get("kind")
        text = f"{reply.get('type', 'Error')}: {reply.get('message', '')}".strip()
        trace = str(reply.get("trace", ""))[:4000]
        if kind == "missing":
            raise FunctionMissing(Message.of("fn_missing", fn=fn))
        if kind == "bad_return":
            why = str(reply.get("message", "returned an unusable value"))[:300]
            raise BadReturn(Message.of("bad_return", fn=fn, why=why), output=output)
        if reply.get("type") == "NotImplementedError":
            raise StudentRaised(Message.of("not_implemented", fn=fn), output=output, trace=trace)
        raise StudentRaised(
            Message.of("raised_error", fn=fn, error=text), output=output, trace=trace
        )


def returned_from(value: object, fn: str = "") -> Returned:
    """``value`` as the sandbox hands it back when a student's ``fn`` returns it: the child's
    own conversion (runner.py's ``to_plain``) read by :func:`parse_tree`, without a process
    in between. What the sandbox refuses raises ``TypeError`` with its reason."""
    return parse_tree(runner.to_plain(value), fn=fn)
