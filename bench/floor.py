"""The in-process floor for `make bench`: the same hidden checks with the student's
functions called directly in the grader's process, no sandbox, no timeouts. Never use this
to grade real students; it exists only to measure what isolation costs."""

from __future__ import annotations

import numpy as np

from autograder.errors import BadReturn, FunctionMissing, StudentRaised
from autograder.model import Message, Shown, Source
from autograder.sandbox.session import Returned, returned_from


class InProcessSession:
    def __init__(self, source: Source, *, substitute=None, substitute_source="", **_: object):
        self.source = source
        self.layers: list[str] = ["none (in-process floor)"]
        self.load_errors: list[dict] = []
        self._shown: Shown | None = None
        self.spent: float | None = None  # no time budget here
        self._plain = self._load(None)
        self._sub = {fn: self._load(names) for fn, names in (substitute or {}).items()}
        given: dict = {"np": np}
        if substitute_source:
            exec(substitute_source, given)
        for fn, names in (substitute or {}).items():  # as the sandbox does, once per mode
            for name in names:
                self._sub[fn][name] = given[name]

    def _load(self, names) -> dict:
        ns: dict = {"__name__": "submission"}
        for chunk in self.source.chunks:
            try:
                exec(compile(chunk, "<submission>", "exec"), ns)
            except Exception as exc:
                self.load_errors.append({"type": type(exc).__name__, "message": str(exc)})
        return ns

    def close(self) -> None:
        pass

    def show(self, shown: Shown) -> None:
        self._shown = shown

    def take_shown(self) -> Shown | None:
        shown, self._shown = self._shown, None
        return shown

    def take_output(self) -> str:
        return ""  # nothing is captured: the student's prints go to the grader's stdout

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        return lambda *args, **kwargs: self.call(name, *args, **kwargs)

    def enter_check(self, *, hidden: bool) -> None:
        """Public or hidden changes nothing here: nothing is isolated (the sandbox's rules
        for what a student may see are its cost, measured against this floor)."""

    def call_own(self, fn: str, *args: object, **kwargs: object) -> Returned:
        """``fn`` with the student's own helpers, as the plots call it."""
        return self._call_in(self._plain, fn, args, kwargs)

    def call(self, fn: str, *args: object, **kwargs: object) -> Returned:
        return self._call_in(self._sub.get(fn, self._plain), fn, args, kwargs)

    def _call_in(self, ns: dict, fn: str, args: tuple, kwargs: dict) -> Returned:
        func = ns.get(fn)
        if not callable(func):
            raise FunctionMissing(Message.of("fn_missing", fn=fn))
        copies = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
        try:
            value = func(*copies, **kwargs)
        except Exception as exc:
            raise StudentRaised(Message.of("raised_error", fn=fn, error=repr(exc))) from None
        try:
            return returned_from(value, fn)
        except (TypeError, ValueError) as exc:
            raise BadReturn(Message.of("bad_return", fn=fn, why=str(exc))) from None
