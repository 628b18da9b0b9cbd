"""One submission's sandboxed code, as the hidden tests see it: ``student.fn(*args)``.

A session lazily starts a child per *mode*. The plain mode runs the student's module as
written. A function listed in ``substitute`` runs with the named helpers (for example the
partial derivatives) replaced by given correct versions, so that a right loop is not
penalised for a wrong helper.

What a student may read decides how (docs/SECURITY.md):
* A **public** check's call (its output, errors and values are shown) runs in a child that
  has never been sent a hidden check's input, and its given helpers are proxies: the child
  sends their arguments, the grader computes them (``answer_given``) and sends numbers back.
  No helper code enters a process whose output reaches a student.
* A **hidden** check shows the student only its outcome (the plugin keeps no output, no
  error text, no value). Its substituted calls run where the given helpers were put into the
  namespace the student's code already loaded (op ``install``; fast, no round trips). The
  plugin runs each student's public checks first and hidden substituted ones last; a child
  holding the helpers never answers a plain call again, and one that has seen a hidden
  input never answers a public call (a fresh child does).
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import math
import resource
import shutil
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from autograder.config import SOFT_LOAD_SHARE, Limits
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

# The child's limits, checked again on this side.
MAX_DEPTH, MAX_ITEMS, MAX_VALUES = runner.MAX_DEPTH, runner.MAX_ITEMS, runner.MAX_VALUES
MAX_OUTPUT = 8000  # characters of printed output kept per call, and per check


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


def encode(value: object) -> object:
    """An argument for student code, as JSON the child can decode (no pickle, no objects)."""
    return runner.encode(value)


MAX_STRING = 200  # characters of one string argument of a given helper


def decode_checked(raw: object, *, depth: int = 0, budget: list[int] | None = None) -> object:
    """A given helper's argument as the child sent it (``runner.encode``'s format), checked
    before :func:`runner.decode` builds it: only numbers, short strings, arrays whose shape
    fits their numbers, dicts, lists and tuples, at most MAX_DEPTH + 2 deep and MAX_VALUES
    numbers in all. Anything else raises ValueError."""
    budget = [MAX_VALUES] if budget is None else budget
    if depth > MAX_DEPTH + 2:
        raise ValueError("nested too deeply")
    if raw is None or isinstance(raw, (bool, int, float)):
        return raw
    if isinstance(raw, str):
        if len(raw) > MAX_STRING:
            raise ValueError("string too long")
        return raw
    if not isinstance(raw, dict) or len(raw) not in (1, 2):
        raise ValueError("malformed argument")
    if "__array__" in raw:
        values, shape = _numbers(raw["__array__"]), raw.get("shape", [len(raw["__array__"])])
        if not isinstance(shape, list) or len(shape) > 32 or set(raw) - {"__array__", "shape"}:
            raise ValueError("malformed array")
        if not all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in shape):
            raise ValueError("malformed shape")
        if math.prod(shape) != len(values):
            raise ValueError("malformed shape")
        budget[0] -= len(values)
        if budget[0] < 0:
            raise ValueError("too many numbers")
        return runner.decode({"__array__": values, "shape": shape})
    if len(raw) != 1:
        raise ValueError("malformed argument")
    (tag, parts), *_ = raw.items()
    if tag == "__dict__" and isinstance(parts, dict) and len(parts) <= MAX_ITEMS:
        return {
            str(k)[:MAX_STRING]: decode_checked(v, depth=depth + 1, budget=budget)
            for k, v in parts.items()
        }
    if tag in ("__list__", "__tuple__") and isinstance(parts, list) and len(parts) <= MAX_ITEMS:
        items = [decode_checked(v, depth=depth + 1, budget=budget) for v in parts]
        return tuple(items) if tag == "__tuple__" else items
    raise ValueError("malformed argument")


@functools.lru_cache(maxsize=4)  # one source per assignment graded in this process
def given_functions(source: str) -> dict[str, object]:
    """The given helpers (``substitute_source``), defined in the grader: a public check of a
    substituted function asks for them by name and gets numbers back (``answer_given``)."""
    namespace: dict = {"np": np, "numpy": np, "math": math, "__name__": "given"}
    exec(compile(source, "<given>", "exec"), namespace)
    return namespace


def answer_given(request: dict, *, names: Sequence[str], source: str) -> dict:
    """The grader's answer to a child's {"given": name, "args", "kwargs"}: the helper's value
    in ``runner.encode``'s format, or an error text without a traceback (the helper's
    source never leaves the grader)."""
    name = request.get("given")
    if name not in names:
        return {"error": f"{str(name)[:40]} is not given to this function", "type": "RuntimeError"}
    try:
        args = request.get("args", [])
        kwargs = request.get("kwargs", {})
        if not isinstance(args, list) or not isinstance(kwargs, dict):
            raise ValueError("malformed arguments")
        budget = [MAX_VALUES]
        args = [decode_checked(a, budget=budget) for a in args]
        kwargs = {str(k): decode_checked(v, budget=budget) for k, v in kwargs.items()}
    except (ValueError, TypeError, RecursionError) as exc:
        return {"error": f"could not read the arguments ({exc})", "type": "TypeError"}
    try:
        with np.errstate(all="ignore"), _memory_cap(GIVEN_MEMORY_BYTES):
            value = runner.encode(given_functions(source)[str(name)](*args, **kwargs))
            decode_checked(value)  # what goes back is bounded as the arguments were
            return {"value": value}
    except Exception as exc:  # the student's arguments made the helper fail (MemoryError too)
        text = str(exc).splitlines()[0][:200] if str(exc) else ""
        return {"error": f"{type(exc).__name__}: {text}", "type": type(exc).__name__}


# What a given helper may allocate in the grader: 10,000 numbers that broadcast against
# each other ((1000, 1, 1), (1, 1000, 1), (1, 1, 1000)) would otherwise ask for gigabytes.
GIVEN_MEMORY_BYTES = 512 * 2**20


@contextlib.contextmanager
def _memory_cap(extra: int):
    """The grader's address space limited to what it uses now plus ``extra`` bytes, for
    the block (an allocation past it raises MemoryError); a no-op where it cannot be set."""
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        with open("/proc/self/statm") as fh:
            used = int(fh.read().split()[0]) * resource.getpagesize()
        cap = used + extra if hard == resource.RLIM_INFINITY else min(used + extra, hard)
        if soft != resource.RLIM_INFINITY and soft <= cap:
            cap = soft
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except (OSError, ValueError):
        yield
        return
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


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


class CallPolicy(Protocol):
    """What the grading side decides about graded calls; the session only asks and reports
    (autograder/checks/timeout_policy.py is the grader's)."""

    def refusal(self, fn: str) -> Message | None:
        """Why the next graded call of ``fn`` is not to run, or None."""
        ...

    def timed_out(self, fn: str) -> None:
        """A graded call of ``fn`` reached the call limit."""
        ...


class StudentSession:
    """The student's functions behind a process boundary. Use as a context manager.

    ``policy`` is asked before each graded call and told of each graded call that timed
    out (the grading plugin passes timeout_policy.SkipAfterTimeouts); without one every
    call runs."""

    def __init__(
        self,
        source: Source,
        *,
        zygote: Zygote,
        substitute: Mapping[str, Sequence[str]] | None = None,
        substitute_source: str = "",
        limits: Limits | None = None,
        data_files: dict[str, str] | None = None,
        policy: CallPolicy | None = None,
    ) -> None:
        self.source = source
        self.policy = policy
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
        self.load_errors: list[dict] = []
        self.load_output = ""
        self.layers: list[str] = []
        self._next_id = 0
        self._shown: Shown | None = None
        self._loaded_once = False
        # The submission's time budget (``submission_timeout``): every second spent in a
        # fork, load, reload, graded call or plot call is charged; each wait on the child
        # ends by the budget's deadline (see _deadline).
        self.spent = 0.0
        self._ends: float | None = None  # the deadline while a call or plot call runs
        self._own_stopped = False
        self.hidden = True  # whether the current check is hidden (see enter_check)
        self._output: list[str] = []  # the current check's printed output, call by call

    def enter_check(self, *, hidden: bool) -> None:
        """Say whether the next calls answer a hidden check (nothing of them is shown) or a
        public one (output, errors and values are shown): see the module docstring."""
        self.hidden = hidden
        self._output = []

    def take_output(self) -> str:
        """What the current check's calls printed, whatever became of them (a right or wrong
        answer, an error), each call's output bounded as the child bounds it and all of it
        at most MAX_OUTPUT characters. The plugin keeps it for public checks only."""
        text, self._output = "".join(self._output), []
        return text[:MAX_OUTPUT]

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
        if child is not None and child.alive and (self.hidden or not child.saw_hidden):
            return child
        if child is not None:  # a public call: never a process that saw a hidden input
            child.kill()
            del self._children[mode]
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
        # Only the first load is reported to the student, and only one without the helpers:
        # a load that failed reports nothing, and no later load (its process may hold the
        # given helpers, or another fresh one answers after a hidden input) reports either.
        report = not self._loaded_once and "substitute" not in request
        self._loaded_once = True
        timeout, short = self._timeout(self.limits.load_timeout)
        if "soft_seconds" in request:  # the top-level code is stopped at 60% of what it has
            request["soft_seconds"] = round(timeout * SOFT_LOAD_SHARE, 3)
        try:
            reply = child.request(request, timeout=timeout)
        except ChildTimeout:
            self._load_failed[mode] = (
                self._budget_message() if short else Message.of("load_timeout")
            )
            raise StudentTimeout(self._load_failed[mode]) from None
        except ChildDied as exc:
            self._load_failed[mode] = Message.of("load_crashed", how=exc)
            raise StudentCrashed(self._load_failed[mode]) from None
        defined = reply.get("defined")
        self._defined[mode] = (
            {d for d in defined if isinstance(d, str)} if isinstance(defined, list) else set()
        )
        if report:
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

    def _budget_message(self) -> Message:
        return Message.of("budget_used", seconds=f"{self.limits.submission_timeout:g}")

    @contextlib.contextmanager
    def _charged(self):
        """Charge the block's wall time to the submission's budget; the block's waits on
        the child end by the budget's deadline (:meth:`_timeout`). Once it is spent, every
        call, graded or not, is refused with a message that says so."""
        left = self.limits.submission_timeout - self.spent
        if left <= 0:
            raise NotRun(self._budget_message())
        began = time.monotonic()
        self._ends = began + left
        try:
            yield
        finally:
            self._ends = None
            self.spent += time.monotonic() - began

    def _timeout(self, limit: float) -> tuple[float, bool]:
        """How long the next wait on the child may last: ``limit``, or less when the budget
        ends sooner (then True: a timeout is the budget's, not the limit's)."""
        if self._ends is None:
            return limit, False
        left = max(self._ends - time.monotonic(), 0.001)
        return (left, True) if left < limit else (limit, False)

    def call(self, fn: str, *args: object, **kwargs: object) -> Returned:
        with self._charged():
            return self._call(fn, *args, **kwargs)

    def _call(self, fn: str, *args: object, **kwargs: object) -> Returned:
        refused = self.policy.refusal(fn) if self.policy is not None else None
        if refused is not None:
            raise NotRun(refused)
        mode = self._mode(fn)
        given: Sequence[str] = ()
        if mode != "plain" and not self.hidden:  # shown to the student: proxies, no code
            mode, given = "plain", self.substitute[fn]
        try:
            return self._call_in(mode, fn, args, kwargs, given=given)
        except StudentRaised as exc:
            if (mode == "plain" and not given) or exc.message.key == "not_implemented":
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

    def call_own(self, fn: str, *args: object, **kwargs: object) -> Returned:
        """``fn`` with the student's own helpers, never substituted, for the feedback plots
        (they draw what the student's whole program does). Not graded: its timeouts do not
        count towards a function's limit, and after one timeout, or one crash, it calls
        nothing more. Its time (reloads included) is charged to ``submission_timeout``,
        like every second the submission costs."""
        if self._own_stopped:
            raise NotRun(Message.of("timed_out_before", fn=fn, count=1))
        with self._charged():
            try:
                return self._call_in("plain", fn, args, kwargs, graded=False)
            except (StudentTimeout, StudentCrashed):
                self._own_stopped = True
                raise

    def _call_in(
        self,
        mode: str,
        fn: str,
        args: Sequence[object],
        kwargs: Mapping[str, object],
        *,
        given: Sequence[str] = (),
        graded: bool = True,
    ) -> Returned:
        child = self._child(mode)
        if fn not in self._defined.get(mode, set()):
            raise FunctionMissing(Message.of("fn_missing", fn=fn))
        child.saw_hidden = child.saw_hidden or self.hidden
        self._next_id += 1
        request = {
            "op": "call",
            "id": self._next_id,
            "fn": fn,
            "args": [encode(a) for a in args],
            "kwargs": {k: encode(v) for k, v in kwargs.items()},
        }
        answer = None
        if given:
            request["given"] = list(given)
            names, source = tuple(given), self.substitute_source

            def answer(question: dict) -> dict:
                return answer_given(question, names=names, source=source)

        timeout, short = self._timeout(self.limits.call_timeout)
        try:
            reply = child.request(request, timeout=timeout, given=answer)
        except ChildTimeout:
            if short:  # the budget ended, not the call's own limit
                raise StudentTimeout(self._budget_message()) from None
            if graded and self.policy is not None:
                self.policy.timed_out(fn)
            seconds = f"{self.limits.call_timeout:g}"
            raise StudentTimeout(Message.of("call_timeout", fn=fn, seconds=seconds)) from None
        except ChildDied as exc:
            raise StudentCrashed(Message.of("call_crashed", fn=fn, how=exc)) from None
        output = str(reply.get("output", ""))[:MAX_OUTPUT]
        if graded and output:
            self._output.append(output if output.endswith("\n") else output + "\n")
        if reply.get("id") != self._next_id:
            child.kill()
            raise StudentCrashed(Message.of("reply_broken", fn=fn))
        if reply.get("ok") is True:
            try:
                parsed = parse_tree(reply.get("value"), fn=fn)
            except (ValueError, TypeError, OverflowError, RecursionError) as exc:
                child.kill()  # a forged reply: nothing more from this process is trusted
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
