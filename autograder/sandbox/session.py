"""One submission's sandboxed code, as the hidden tests see it: ``student.mse(y, y_pred)``.

A session lazily starts one child per *mode*. The plain mode runs the student's module
as written. A function listed in ``substitute`` runs in its own child where the named
helpers (for example the partial derivatives) are replaced by given correct versions, so
that a right loop is not penalised for a wrong helper. Those helpers never exist in the
child that answers for the helpers' own checks.
"""

from __future__ import annotations

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
    StudentRaised,
    StudentTimeout,
)
from autograder.model import Message, Shown, Source
from autograder.sandbox.process import ChildDied, ChildProcess, ChildTimeout, Zygote


@dataclass(frozen=True)
class Limits:
    """Resource limits for student code. Defaults are documented in the README."""

    call_timeout: float = 5.0  # seconds of wall time per function call
    load_timeout: float = 15.0  # seconds to run the file's top-level code
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


@dataclass(frozen=True)
class Returned:
    """What a student's function returned, as plain floats."""

    values: tuple[float, ...]
    shape: tuple[int, ...]
    type_name: str
    output: str = ""
    fn: str = ""

    def scalar(self) -> float:
        if len(self.values) != 1:
            message = Message.of("want_scalar", fn=self.fn, kind=self.type_name, shape=self.shape)
            raise BadReturn(message, output=self.output)
        return self.values[0]

    def pair(self) -> tuple[float, float]:
        if len(self.values) != 2:
            message = Message.of("want_pair", fn=self.fn, count=len(self.values))
            raise BadReturn(message, output=self.output)
        return self.values[0], self.values[1]


def encode(value: object) -> object:
    if isinstance(value, np.ndarray):
        return {"__array__": [float(v) for v in value.ravel()]}
    if isinstance(value, (list, tuple)):
        return {"__array__": [float(v) for v in value]}
    if isinstance(value, (int, float, np.integer, np.floating)):
        return float(value) if not isinstance(value, (int, np.integer)) else int(value)
    raise TypeError(f"cannot send {type(value).__name__} to student code")


def parse_value(raw: object) -> tuple[tuple[float, ...], tuple[int, ...], str]:
    """Validate the child's JSON: only a list of numbers and a shape are accepted."""
    if not isinstance(raw, dict):
        raise ValueError("malformed value")
    values, shape = raw.get("values"), raw.get("shape")
    if not isinstance(values, list) or not isinstance(shape, list):
        raise ValueError("malformed value")
    clean = []
    for v in values:
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise ValueError("non-numeric value")
        clean.append(float(v))
    if not all(isinstance(n, int) and n >= 0 for n in shape) or math.prod(shape) != len(clean):
        raise ValueError("malformed shape")
    return tuple(clean), tuple(shape), str(raw.get("type", "?"))[:60]


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
        try:
            child = self.zygote.fork(
                self._scratch, limits=self.limits.as_wire(), data_files=self.data_files
            )
        except ChildDied as exc:
            raise StudentCrashed(Message.of("sandbox_failed", how=exc)) from None
        request: dict = {
            "op": "load",
            "chunks": list(self.source.chunks),
        }
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

    def call(self, fn: str, *args: object, **kwargs: object) -> Returned:
        if self._started is None:
            self._started = time.monotonic()
        if time.monotonic() - self._started > self.limits.submission_timeout:
            raise NotRun(Message.of("budget_used", seconds=f"{self.limits.submission_timeout:g}"))
        if self._timeouts.get(fn, 0) >= self.limits.max_timeouts_per_function:
            raise NotRun(Message.of("timed_out_before", fn=fn, count=self._timeouts[fn]))
        mode = self._mode(fn)
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
                values, shape, type_name = parse_value(reply.get("value"))
            except ValueError as exc:
                raise BadReturn(
                    Message.of("bad_return", fn=fn, why=f"not numbers ({exc})"), output=output
                ) from None
            return Returned(values, shape, type_name, output, fn)
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
