"""Write assignments/<name>/check_public.py: the shared runtime (runtime.py, embedded: a
released folder runs it without the kit) and the assignment's checks as data.

The checks, per graded function in assignment.toml order: the worked examples of
examples.py, then every call the suite's ``@pytest.mark.public`` checks make, recorded by
running those checks against a stand-in student that answers like the reference. Expected
values are the reference's answers, computed here; tolerances are the suite's (the rtol and
atol each public call shows; the finite-difference ones of the suite's cases module).
"""

from __future__ import annotations

import copy
import hashlib
import importlib
import importlib.util
import inspect
import json
import warnings
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest

from autograder.assignment import SUITES, Assignment
from autograder.checks import ATOL, RTOL
from autograder.public import runtime
from autograder.public.examples import Example, Examples, examples_for
from autograder.sandbox import wire

RUNTIME = Path(runtime.__file__)
FILE_NAME = "check_public.py"


# ---------------------------------------------------------------------------------------------
# The suite's public cases
# ---------------------------------------------------------------------------------------------
class PublicCall:
    """One call a public check of the suite makes, with the tolerance it shows for it."""

    def __init__(self, test: str, doc: str, func: str, args: tuple, kwargs: dict, tol) -> None:
        self.test, self.doc, self.func = test, doc, func
        self.args, self.kwargs = args, kwargs
        self.rtol, self.atol = tol


class _Recorder:
    """Stands in for the ``student`` fixture: keeps each call (and the tolerance the check
    showed just before it) and answers with the reference's value, read as the sandbox
    reads a student's."""

    def __init__(self, ref: ModuleType, test: str, doc: str) -> None:
        self._ref, self._test, self._doc = ref, test, doc
        self._tolerance: tuple[float, float] = (RTOL, ATOL)
        self.calls: list[PublicCall] = []

    def show(self, shown: Any) -> None:
        self._tolerance = (float(shown.rtol), float(shown.atol))

    def __getattr__(self, name: str) -> Callable[..., Any]:
        if name.startswith("_"):
            raise AttributeError(name)
        from autograder.sandbox.session import returned_from

        def call(*args: object, **kwargs: object) -> Any:
            args, kwargs = copy.deepcopy(args), copy.deepcopy(kwargs)
            self.calls.append(
                PublicCall(self._test, self._doc, name, args, kwargs, self._tolerance)
            )
            answer = getattr(self._ref, name)(*copy.deepcopy(args), **copy.deepcopy(kwargs))
            return returned_from(answer, name)

        return call


def load_reference(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"_public_reference_{path.stem}", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def examples_of(spec: Assignment) -> Examples:
    return examples_for(spec.name, spec.suite, spec.title)


def _suite_module(spec: Assignment, stem: str) -> ModuleType:
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


def _is_public(test: Callable) -> bool:
    return any(getattr(m, "name", "") == "public" for m in getattr(test, "pytestmark", []))


def public_calls(spec: Assignment, ref: ModuleType) -> list[PublicCall]:
    """Every call of the suite's public checks, file by file, in definition order."""
    calls: list[PublicCall] = []
    for path in sorted(spec.suite.glob("test_*.py")):
        module = _suite_module(spec, path.stem)
        tests = [
            f
            for name, f in vars(module).items()
            if name.startswith("test") and inspect.isfunction(f) and _is_public(f)
        ]
        for test in sorted(tests, key=lambda f: f.__code__.co_firstlineno):
            params = set(inspect.signature(test).parameters)
            if not params <= {"student", "ref"}:
                raise ValueError(f"{test.__name__}: cannot record fixtures {sorted(params)}")
            doc = " ".join((test.__doc__ or "").split())
            student = _Recorder(ref, test.__name__, doc)
            fixtures = {"student": student, "ref": ref}
            test(**{k: v for k, v in fixtures.items() if k in params})
            if not student.calls:
                raise ValueError(f"{test.__name__}: calls no student function")
            calls += student.calls
    return calls


# ---------------------------------------------------------------------------------------------
# Checks as data
# ---------------------------------------------------------------------------------------------
def encode(value: Any) -> Any:
    """A value as the checks' JSON in check_public.py (its ``decode``, wire.py's, reads it)."""
    return wire.encode(value, in_file=True)


def _floats(value: Any) -> np.ndarray:
    return np.asarray(value, dtype=float)


def _kind_of(answer: Any) -> str:
    if isinstance(answer, dict):
        return "arrays"
    if isinstance(answer, tuple) and len(answer) == 2 and isinstance(answer[1], dict):
        return "forward"
    size = _floats(answer).size
    if size in (1, 2):
        return "number" if size == 1 else "pair"
    raise ValueError(f"no public check kind for an answer like {type(answer).__name__}")


def expected_of(kind: str, answer: Any) -> Any:
    if kind == "number":
        return float(_floats(answer).ravel()[0])
    if kind == "pair":
        first, second = _floats(answer).ravel()
        return (float(first), float(second))
    if kind == "forward":
        return (_floats(answer[0]), {k: _floats(v) for k, v in answer[1].items()})
    if kind == "arrays":
        if isinstance(answer, (tuple, list)):
            answer = answer[0]
        return {k: _floats(v) for k, v in answer.items()}
    return None


def _call(ref: ModuleType, func: str, args: dict[str, Any], keyword_from: int) -> Any:
    items = list(copy.deepcopy(args).items())
    positional = [v for _, v in items[:keyword_from]]
    return getattr(ref, func)(*positional, **dict(items[keyword_from:]))


def _function_hints(examples: Examples, func: str, kind: str, expected: Any) -> list:
    hints = []
    for make, text in examples.function_hints.get(func, []):
        if kind in ("number", "pair"):
            parts = {"": expected}
        elif kind == "arrays":
            parts = expected
        else:
            continue
        for name, right in parts.items():
            right_array = _floats(right)
            if not np.any(right_array):
                continue
            wrong = make(right_array if kind == "arrays" else right)
            if not np.allclose(_floats(wrong), right_array, rtol=0, atol=0):
                hints.append((name, wrong, text))
    return hints


def _substitute_note(spec: Assignment, func: str) -> str:
    helpers = spec.substitute.get(func)
    if not helpers:
        return ""
    names = ", ".join(helpers)
    return (
        f"참고: {func} 은(는) 여러분의 {names} 를 부릅니다. 그 검사가 실패하면 이 검사도 "
        f"실패할 수 있습니다 (채점에서는 기준 {names} 로 {func} 을(를) 채점합니다).\n"
        f"      Note: {func} calls your {names}; if their checks fail, this one can fail "
        f"too (the grading runs {func} with the reference {names})."
    )


def _fd_tolerance(spec: Assignment) -> tuple[float, float, float]:
    """(FD_STEP, FD_RTOL, FD_ATOL) of the suite's cases module: the finite-difference check
    compares with the tolerance the grading uses."""
    cases = _suite_module(spec, "cases")
    return float(cases.FD_STEP), float(cases.FD_RTOL), float(cases.FD_ATOL)


def build_checks(spec: Assignment) -> tuple[list[dict[str, Any]], float]:
    """The checks (JSON-ready dicts) in report order, and the finite-difference step."""
    examples = examples_of(spec)
    ref = load_reference(spec.reference)
    by_function: dict[str, list[dict[str, Any]]] = {f: [] for f in spec.functions}
    fd_step = 1e-6

    def add(func: str, title: str, kind: str, args, keyword_from, why, hints, note, tol):
        if func not in by_function:
            raise ValueError(f"{func} is not a graded function of {spec.name}")
        expected = None
        if kind != "gradcheck":
            expected = expected_of(kind, _call(ref, func, args, keyword_from))
            hints = [*hints, *_function_hints(examples, func, kind, expected)]
        number = len(by_function[func]) + 1
        by_function[func].append(
            {
                "func": func,
                "label": f"{func} #{number}" + (f" ({title})" if title else ""),
                "kind": kind,
                "keyword_from": min(keyword_from, len(args)),
                "rtol": tol[0],
                "atol": tol[1],
                "why": why,
                "note": note or _substitute_note(spec, func),
                "hints": [list(h) for h in hints],
                **(
                    {"may_modify": examples.may_modify[func]} if func in examples.may_modify else {}
                ),
                "args": args,
                "expected": expected,
            }
        )

    example: Example
    for example in examples.examples:
        tol = (RTOL, ATOL)
        if example.kind == "gradcheck":
            fd_step, *fd_tol = _fd_tolerance(spec)
            tol = (fd_tol[0], fd_tol[1])
        add(
            example.func,
            example.title,
            example.kind,
            example.args,
            example.keyword_from,
            example.why,
            example.hints,
            example.note,
            tol,
        )
    for call in public_calls(spec, ref):
        bound = inspect.signature(getattr(ref, call.func)).bind(*call.args, **call.kwargs)
        args = dict(bound.arguments)
        kind = _kind_of(_call(ref, call.func, args, len(call.args)))
        title = f"채점의 공개 검사 / the grading's public check: {call.doc}"
        add(call.func, title, kind, args, len(call.args), "", [], "", (call.rtol, call.atol))
    return [c for func in spec.functions for c in by_function[func]], fd_step


# ---------------------------------------------------------------------------------------------
# The file
# ---------------------------------------------------------------------------------------------
USAGE = """
사용법 / Usage
    python check_public.py                  # 같은 폴더의 {stem}.py 검사. {stem}.py 를 받은
                                            # 그대로 두었다면 {stem}.ipynb 를 검사 (채점과 같음)
                                            # checks {stem}.py in this folder, or {stem}.ipynb
                                            # when {stem}.py is as released (as the grading does)
    python check_public.py path/to/file     # 다른 .py 또는 .ipynb 검사 / check another file

노트북에서 / In the notebook
    import check_public
    check_public.run_all(globals())

이 파일은 `make generate` 가 만듭니다 (검사 데이터는 파일 끝에 있습니다). 고치지 마세요.
This file is generated by `make generate` (the checks' data is at the end); do not edit it.
"""


def stub_digest(stub: str) -> str:
    """The released stub as runtime.is_released_stub compares it."""
    return hashlib.sha256("\n".join(runtime.stub_lines(stub)).encode("utf-8")).hexdigest()


def runtime_body() -> str:
    """runtime.py from ``from __future__`` on (its own docstring is about the kit), with the
    text of what it imports from autograder/sandbox/wire.py written in: it stands alone."""
    text = RUNTIME.read_text(encoding="utf-8")
    body = text[text.index("from __future__ import annotations") :]
    for name in wire.EMBEDDED:
        body = wire.embed(body, name)
    return body


def render(spec: Assignment, stub: str) -> str:
    """The text of assignments/<name>/check_public.py."""
    checks, fd_step = build_checks(spec)
    lines = [
        json.dumps({k: encode(v) for k, v in check.items()}, ensure_ascii=False) for check in checks
    ]
    data = "[\n" + ",\n".join(lines) + "\n]"
    if '"""' in data or data.endswith("\\"):
        raise ValueError("the checks' JSON cannot sit in a raw triple-quoted string")
    intro = examples_of(spec).intro
    return (
        f'"""{intro}\n{USAGE.format(stem=spec.stem)}"""\n\n'
        + runtime_body()
        + "\n\n"
        + "# "
        + "-" * 93
        + "\n"
        + "# 이 과제의 값 (make generate 가 씀) / this assignment's values (written by make generate)\n"
        + "# "
        + "-" * 93
        + "\n"
        + f"STEM = {spec.stem!r}\n".replace("'", '"')
        + f'STUB_SHA256 = "{stub_digest(stub)}"\n'
        + f"RTOL = {RTOL!r}\n"
        + f"ATOL = {ATOL!r}\n"
        + f"FD_STEP = {fd_step!r}\n"
        + f'CHECKS_JSON = r"""\n{data}\n"""\n'
        + '\n\nif __name__ == "__main__":\n    sys.exit(main())\n'
    )
