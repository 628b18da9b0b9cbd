"""The exercise as an nbgrader course, generated from the kit's single sources.

``build_source_notebook`` writes nbgrader's *source* notebook (solutions and hidden tests
in place) from ``solutions/<name>.py``, ``solutions/<name>_notebook.py`` and the hidden
pytest suite, so the nbgrader version can never drift from the kit:

* every graded function becomes an "Autograded answer" cell (its ``### BEGIN SOLUTION``
  block kept for ``nbgrader generate_assignment`` to strip);
* every other function of the solution module (``predict``) becomes a read-only cell;
* every check of the hidden suite becomes one "Autograder tests" cell worth the check's
  points, because nbgrader scores a test cell all or nothing. The inputs and expected
  values are the very ones the kit's check uses: the suite's test functions are run once at
  build time against a recording stand-in for the student, and what they ask for is
  written into the cell as literals. Public checks (``@pytest.mark.public``) stay visible;
  the others sit between ``### BEGIN HIDDEN TESTS`` / ``### END HIDDEN TESTS`` and leave the
  release (their expected values are therefore safe to embed);
* the functions the kit substitutes with the reference's (assignment.toml ``[substitute]``,
  "no double penalty") are substituted in the test cells too, from a hidden region.

``make_course`` lays out a course directory around it; ``discover_nbgrader`` lists
nbgrader's ``submitted/<student>/<assignment>/`` notebooks for the kit's own grader.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import copy
import importlib
import importlib.util
import inspect
import json
import math
import os
import shutil
import subprocess
import sys
import textwrap
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from unittest import mock

import numpy as np

from autograder.assignment import KIT_ROOT, Assignment, available, load_assignment
from autograder.checks import ATOL, RTOL
from autograder.sandbox import Limits
from autograder.stubgen import STUB_LINES, notebook_json, parse_percent
from autograder.writers.files import write_atomic

SCHEMA_VERSION = 3
HELPERS_ID = "grading_helpers"
CHECK_FN = "grading_check"
CHECK_TWO_FN = "grading_check_two"
SUBSTITUTE_VAR = "_grading_substitute"
BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
WRAP = 96  # line width of the generated test code


# --------------------------------------------------------------------------- metadata


def solution_metadata(grade_id: str) -> dict:
    """nbgrader "Autograded answer" cell."""
    return {
        "grade": False,
        "grade_id": grade_id,
        "locked": False,
        "schema_version": SCHEMA_VERSION,
        "solution": True,
    }


def readonly_metadata(grade_id: str) -> dict:
    """nbgrader "Read-only" cell."""
    return {
        "grade": False,
        "grade_id": grade_id,
        "locked": True,
        "schema_version": SCHEMA_VERSION,
        "solution": False,
    }


def grade_cell_metadata(grade_id: str, points: float) -> dict:
    """nbgrader "Autograder tests" cell."""
    return {
        "grade": True,
        "grade_id": grade_id,
        "locked": True,
        "points": int(points) if float(points).is_integer() else float(points),
        "schema_version": SCHEMA_VERSION,
        "solution": False,
    }


# ------------------------------------------------------------ the suite, recorded


@dataclass(frozen=True)
class RecordedCall:
    """One call a check makes: the student function, its inputs and the reference answer."""

    function: str
    args: tuple[object, ...]
    kwargs: tuple[tuple[str, object], ...]
    expected: tuple[float, ...]


@dataclass(frozen=True)
class SuiteCheck:
    """One check of the hidden suite, with everything a notebook test cell needs."""

    name: str  # the pytest function name, e.g. test_mse_random
    function: str  # the graded student function (the module's target marker)
    points: float
    public: bool
    description: str
    calls: tuple[RecordedCall, ...]
    two_datasets: bool  # made by cases.check_two_datasets (the same-answer rule applies)

    @property
    def grade_id(self) -> str:
        return check_grade_id(self.name, self.function)


def check_grade_id(check_name: str, function: str) -> str:
    """``test_<function>_<what>``: the kit check's name, led by the function it grades.

    test_mse_random -> test_mse_random; test_gd_one_step -> test_gradient_descent_one_step
    (a leading abbreviation made of the function's initials is dropped).
    """
    rest = check_name.removeprefix("test_")
    initials = "".join(part[:1] for part in function.split("_"))
    if rest.startswith(function + "_"):
        rest = rest[len(function) + 1 :]
    elif len(initials) > 1 and rest.startswith(initials + "_"):
        rest = rest[len(initials) + 1 :]
    return f"test_{function}_{rest}"


def function_of_grade_id(grade_id: str, functions: tuple[str, ...] | list[str]) -> str | None:
    """The graded function a test cell's grade_id belongs to (longest name first)."""
    for name in sorted(functions, key=len, reverse=True):
        if grade_id.startswith(f"test_{name}_"):
            return name
    return None


class _Answer:
    """What the recording student "returns": the reference values, so every check passes."""

    def __init__(self, values: tuple[float, ...]) -> None:
        self.values = values

    def scalar(self) -> float:
        if len(self.values) != 1:
            raise ValueError(f"the reference returned {len(self.values)} values, not one")
        return self.values[0]

    def pair(self) -> tuple[float, float]:
        if len(self.values) != 2:
            raise ValueError(f"the reference returned {len(self.values)} values, not two")
        return self.values[0], self.values[1]


def _frozen(value: object) -> object:
    return value.copy() if isinstance(value, np.ndarray) else copy.deepcopy(value)


class _RecordingStudent:
    """Stands in for the ``student`` fixture: records every call, answers like the reference."""

    def __init__(self, ref: ModuleType) -> None:
        self._ref = ref
        self.calls: list[RecordedCall] = []

    def show(self, shown: object) -> None:  # the plugin's display hook; nothing to show here
        pass

    def __getattr__(self, name: str) -> Callable[..., _Answer]:
        if name.startswith("_"):
            raise AttributeError(name)

        def call(*args: object, **kwargs: object) -> _Answer:
            answer = getattr(self._ref, name)(
                *(_frozen(a) for a in args), **{k: _frozen(v) for k, v in kwargs.items()}
            )
            expected = tuple(float(v) for v in np.ravel(answer))
            self.calls.append(
                RecordedCall(
                    name,
                    tuple(_frozen(a) for a in args),
                    tuple((k, _frozen(v)) for k, v in kwargs.items()),
                    expected,
                )
            )
            return _Answer(expected)

        return call


def _marks(obj: object) -> list:
    found = getattr(obj, "pytestmark", [])
    found = found if isinstance(found, list) else [found]
    return [getattr(m, "mark", m) for m in found]


def _mark(obj: object, name: str):
    return next((m for m in _marks(obj) if m.name == name), None)


def _load_reference(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"_nbgrader_reference_{path.stem}", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _suite_modules(spec: Assignment) -> list[ModuleType]:
    modules = []
    with warnings.catch_warnings():
        # Outside a grading run nobody registered the suite's markers; pytest would warn.
        warnings.filterwarnings("ignore", message=r"Unknown pytest\.mark\.")
        for path in sorted(spec.suite.glob("test_*.py")):
            modules.append(importlib.import_module(f"autograder.suites.{spec.name}.{path.stem}"))
    return modules


def suite_checks(spec: Assignment) -> list[SuiteCheck]:
    """Every check of the hidden suite with the calls it makes, in the assignment's function
    order and, within a function, in the order the checks are written."""
    ref = _load_reference(spec.reference)
    checks: list[SuiteCheck] = []
    for module in _suite_modules(spec):
        target = _mark(module, "target")
        if target is None:
            raise ValueError(f"{module.__name__} has no pytestmark = pytest.mark.target(...)")
        function = str(target.args[0])
        tests = [
            obj
            for name, obj in vars(module).items()
            if name.startswith("test_") and inspect.isfunction(obj)
        ]
        for test in sorted(tests, key=lambda f: f.__code__.co_firstlineno):
            params = set(inspect.signature(test).parameters)
            if not params <= {"student", "ref"}:
                raise ValueError(f"{test.__name__}: cannot translate fixtures {sorted(params)}")
            student = _RecordingStudent(ref)
            grouped: list[bool] = []
            original = getattr(module, "check_two_datasets", None)

            def two(*args: object, _original=original, _grouped=grouped, **kwargs: object):
                _grouped.append(True)
                return _original(*args, **kwargs)

            patch = (
                mock.patch.object(module, "check_two_datasets", two)
                if original is not None
                else contextlib.nullcontext()
            )
            with patch:
                test(**{k: v for k, v in {"student": student, "ref": ref}.items() if k in params})
            if not student.calls:
                raise ValueError(f"{test.__name__}: calls no student function")
            if any(call.function != function for call in student.calls):
                raise ValueError(f"{test.__name__}: calls a function other than {function}")
            if grouped and (len(grouped) != 1 or len(student.calls) != 2):
                raise ValueError(f"{test.__name__}: check_two_datasets must be its only check")
            points = _mark(test, "points")
            doc = " ".join((test.__doc__ or "").split())
            checks.append(
                SuiteCheck(
                    name=test.__name__,
                    function=function,
                    points=float(points.args[0]) if points and points.args else 1.0,
                    public=_mark(test, "public") is not None,
                    description=doc,
                    calls=tuple(student.calls),
                    two_datasets=bool(grouped),
                )
            )
    order = {name: i for i, name in enumerate(spec.functions)}
    unknown = {c.function for c in checks} - set(order)
    if unknown:
        raise ValueError(f"suite targets {sorted(unknown)}, not in {spec.functions}")
    checks.sort(key=lambda c: order[c.function])  # stable: keeps the written order
    ids = [c.grade_id for c in checks]
    if len(set(ids)) != len(ids):
        raise ValueError(f"duplicate grade ids: {ids}")
    return checks


def points_per_function(checks: list[SuiteCheck]) -> dict[str, float]:
    totals: dict[str, float] = {}
    for check in checks:
        totals[check.function] = totals.get(check.function, 0.0) + check.points
    return totals


# --------------------------------------------------------------- code generation


def _float(value: object) -> str:
    number = float(value)  # type: ignore[arg-type]
    if not math.isfinite(number):
        raise ValueError(f"cannot embed the non-finite value {number!r}")
    return repr(number)


def _wrapped(items: list[str], indent: int, opener: str, closer: str) -> str:
    """``opener item, item, … closer`` wrapped at WRAP columns, continuation lines aligned."""
    first = " " * indent + opener
    lines = textwrap.wrap(
        ", ".join(items),
        width=WRAP,
        initial_indent=first,
        subsequent_indent=" " * len(first),
        break_long_words=False,
        break_on_hyphens=False,
    )
    return "\n".join(lines or [first]) + closer


def literal(value: object, indent: int = 0) -> str:
    """Python source for an input, typed as the kit sends it to the student: arrays (and
    lists) as float arrays, ints as ints, other numbers as floats."""
    if isinstance(value, (np.ndarray, list, tuple)):
        items = [_float(v) for v in np.asarray(value, dtype=float).ravel()]
        return _wrapped(items, indent, "np.array([", "])")
    if isinstance(value, (bool, int, np.integer)):
        return " " * indent + repr(int(value))
    if isinstance(value, (float, np.floating)):
        return " " * indent + _float(value)
    raise ValueError(f"cannot embed an input of type {type(value).__name__}")


def _args_block(args: tuple[object, ...], indent: int) -> str:
    pad = " " * indent
    if not args:
        return pad + "()"
    inner = "\n".join(literal(a, indent + 4) + "," for a in args)
    return f"{pad}(\n{inner}\n{pad})"


def _kwargs_literal(kwargs: tuple[tuple[str, object], ...]) -> str:
    return "{" + ", ".join(f"{k!r}: {literal(v).strip()}" for k, v in kwargs) + "}"


def _expected_literal(values: tuple[float, ...]) -> str:
    return "(" + ", ".join(_float(v) for v in values) + ("," if len(values) == 1 else "") + ")"


def check_call_source(check: SuiteCheck, *, substitute: bool) -> str:
    """The helper call(s) that grade one kit check, as notebook code."""
    tail = [f"    substitute={SUBSTITUTE_VAR}," if substitute else ""]
    tail.append("    public=True," if check.public else "")
    extra = "\n".join(t for t in tail if t)
    extra = ("\n" + extra) if extra else ""
    if check.two_datasets:
        first, second = check.calls
        if first.kwargs != second.kwargs:
            raise ValueError(f"{check.name}: the two datasets use different keywords")
        return (
            f"{CHECK_TWO_FN}(\n"
            f"    {first.function!r},\n"
            f"{_args_block(first.args, 4)},\n"
            f"{_args_block(second.args, 4)},\n"
            f"    {_kwargs_literal(first.kwargs)},\n"
            f"    ({_expected_literal(first.expected)}, {_expected_literal(second.expected)}),"
            f"{extra}\n)"
        )
    calls = [
        f"{CHECK_FN}(\n"
        f"    {call.function!r},\n"
        f"{_args_block(call.args, 4)},\n"
        f"    {_kwargs_literal(call.kwargs)},\n"
        f"    {_expected_literal(call.expected)},"
        f"{extra}\n)"
        for call in check.calls
    ]
    return "\n".join(calls)


def reference_helpers_source(spec: Assignment, names: tuple[str, ...]) -> str:
    """``_grading_substitute = {...}``: the reference's ``names`` in a private scope, as the
    kit's sandbox provides them (numpy and math available, docstrings and markers dropped)."""
    tree = ast.parse(spec.reference.read_text(encoding="utf-8"))
    found = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name in names}
    missing = set(names) - set(found)
    if missing:
        raise ValueError(f"reference has no {sorted(missing)} to substitute")
    parts = []
    for name in names:
        node = copy.deepcopy(found[name])
        body = node.body
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            node.body = body[1:] or [ast.Pass()]
        parts.append(textwrap.indent(ast.unparse(node), "    "))
    mapping = ", ".join(f"{n!r}: {n}" for n in names)
    return (
        "def _grading_reference():\n"
        "    import math  # available to the reference, as in the kit's sandbox\n\n"
        "    import numpy as np\n\n" + "\n\n".join(parts) + f"\n\n    return {{{mapping}}}\n\n\n"
        f"{SUBSTITUTE_VAR} = _grading_reference()"
    )


def grade_cell_source(check: SuiteCheck, spec: Assignment) -> str:
    points = f"{check.points:g}"
    kind = ("공개 검사", "public check") if check.public else ("숨겨진 검사", "hidden check")
    lines = [
        f"# {kind[0]} ({points}점) / {kind[1]} ({points} points): `{check.function}`",
        f"# {check.description}" if check.description else "",
    ]
    names = spec.substitute.get(check.function, ())
    call = check_call_source(check, substitute=bool(names))
    if not check.public:
        lines.append("# 채점할 때만 실행됩니다 / runs only when your notebook is graded")
    if names:
        lines += [
            f"# 채점할 때는 {', '.join(names)} 대신 참고 답안을 씁니다 (같은 실수로 두 번 "
            "감점되지 않도록).",
            f"# When graded, the reference {', '.join(names)} are used, so a mistake there "
            "is not penalised twice.",
        ]
        if check.public:
            lines.append(f"{SUBSTITUTE_VAR} = None  # 여러분의 함수 / your own functions")
    lines = [line for line in lines if line]
    hidden: list[str] = []
    if names:
        hidden.append(reference_helpers_source(spec, names))
    if check.public:
        body = "\n".join(lines)
        if hidden:
            body += "\n" + "\n".join([BEGIN_HIDDEN, *hidden, END_HIDDEN])
        return body + "\n" + call
    return "\n".join([*lines, BEGIN_HIDDEN, *hidden, call, END_HIDDEN])


HELPERS_TEMPLATE = '''\
# 채점 도우미: 아래의 검사 셀들이 씁니다. 이 셀은 읽기 전용입니다.
# Grading helpers used by the test cells below. This cell is read-only.
# 허용 오차 / tolerance: |got - expected| <= ATOL + RTOL * |expected| for every number,
# RTOL = @RTOL@, ATOL = @ATOL@; NaN and infinity never pass. A number may come back as any
# plain number or 1-element array, a pair as any sequence or array of two numbers.
# 호출 한 번의 제한 시간 / time limit per call: @TIMEOUT@ s; after @MAX_TIMEOUTS@ calls of a
# function ran out of time, its remaining checks are not run.
import contextlib as _contextlib
import io as _io
import math as _math
import signal as _signal
import threading as _threading
import warnings as _warnings

import numpy as _np

_GRADING = {
    "rtol": @RTOL@,
    "atol": @ATOL@,
    "timeout": @TIMEOUT@,
    "max_timeouts": @MAX_TIMEOUTS@,
    "timeouts": {},
}
_GRADING_MISSING = object()


class GradingTimeout(BaseException):
    """A call ran out of time (a BaseException, so `except Exception` cannot hide it)."""


def _grading_values(fn, value, count):
    if value is None:
        raise AssertionError(f"{fn}: returned None (is a `return` missing?)")
    if isinstance(value, (str, bytes, dict, set)):
        raise AssertionError(f"{fn}: returned a {type(value).__name__}, not a number")
    try:
        values = [float(v) for v in _np.array(value, dtype=_np.float64).ravel().tolist()]
    except (TypeError, ValueError) as exc:
        raise AssertionError(f"{fn}: returned something that is not numbers ({exc})") from None
    if len(values) != count:
        want = "one number" if count == 1 else f"{count} numbers"
        raise AssertionError(f"{fn}: should return {want}, returned {len(values)}")
    return values


def _grading_close(expected, got):
    return len(expected) == len(got) and all(
        _math.isfinite(g) and abs(g - e) <= _GRADING["atol"] + _GRADING["rtol"] * abs(e)
        for e, g in zip(expected, got)
    )


def _grading_call(fn, args, kwargs, count, substitute):
    """Call the student's `fn` on fresh copies of the inputs, within the time limit, with
    warnings and stderr kept out of the cell's output; return the numbers it gave."""
    timeouts = _GRADING["timeouts"]
    if timeouts.get(fn, 0) >= _GRADING["max_timeouts"]:
        raise AssertionError(f"{fn}: not run, {timeouts[fn]} earlier calls ran out of time")
    function = globals().get(fn)
    if not callable(function):
        raise AssertionError(f"{fn} is not defined: run the cell that defines it")
    namespace = getattr(function, "__globals__", globals())
    substitute = dict(substitute or {})
    saved = {name: namespace.get(name, _GRADING_MISSING) for name in substitute}
    args = [_np.array(a, dtype=float) if isinstance(a, _np.ndarray) else a for a in args]
    kwargs = {k: _np.array(v, dtype=float) if isinstance(v, _np.ndarray) else v
              for k, v in kwargs.items()}
    timed = (
        _threading.current_thread() is _threading.main_thread()
        and hasattr(_signal, "setitimer")
        and _signal.getitimer(_signal.ITIMER_REAL)[0] == 0
    )

    def out_of_time(signum, frame):
        raise GradingTimeout(fn)

    previous = _signal.signal(_signal.SIGALRM, out_of_time) if timed else None
    try:
        namespace.update(substitute)
        with _warnings.catch_warnings(), _contextlib.redirect_stderr(_io.StringIO()):
            _warnings.simplefilter("ignore")
            if timed:
                _signal.setitimer(_signal.ITIMER_REAL, _GRADING["timeout"])
            try:
                return _grading_values(fn, function(*args, **kwargs), count)
            finally:
                if timed:
                    _signal.setitimer(_signal.ITIMER_REAL, 0)
    except GradingTimeout:
        timeouts[fn] = timeouts.get(fn, 0) + 1
        raise AssertionError(f"{fn}: ran longer than {_GRADING['timeout']:g} s") from None
    finally:
        if timed:
            _signal.signal(_signal.SIGALRM, previous)
        for name, value in saved.items():
            if value is _GRADING_MISSING:
                namespace.pop(name, None)
            else:
                namespace[name] = value


def _grading_text(values):
    text = ", ".join(f"{v:.10g}" for v in values)
    return text if len(values) == 1 else f"({text})"


def _grading_compare(fn, got, expected, public):
    if not _grading_close(expected, got):
        detail = f"got {_grading_text(got)}"
        if public:
            detail += f" / expected {_grading_text(expected)}"
        raise AssertionError(f"{fn}: wrong value; {detail}")


def @CHECK_FN@(fn, args, kwargs, expected, substitute=None, public=False):
    """One call of the student's `fn`, compared with the expected numbers."""
    got = _grading_call(fn, args, kwargs, len(expected), substitute)
    _grading_compare(fn, got, expected, public)


def @CHECK_TWO_FN@(fn, first, second, kwargs, expected, substitute=None, public=False):
    """The same call on two datasets: both must be right, and the same answer for both
    (when the right answers differ) means the function ignores its data arguments."""
    got_a = _grading_call(fn, first, kwargs, len(expected[0]), substitute)
    got_b = _grading_call(fn, second, kwargs, len(expected[1]), substitute)
    if got_a == got_b and not _grading_close(expected[0], expected[1]):
        raise AssertionError(f"{fn}: the same answer for two different datasets")
    _grading_compare(fn, got_a, expected[0], public)
    _grading_compare(fn, got_b, expected[1], public)
'''


def helpers_source() -> str:
    limits = Limits()
    replacements = {
        "@RTOL@": repr(RTOL),
        "@ATOL@": repr(ATOL),
        "@TIMEOUT@": repr(float(limits.call_timeout)),
        "@MAX_TIMEOUTS@": repr(int(limits.max_timeouts_per_function)),
        "@CHECK_FN@": CHECK_FN,
        "@CHECK_TWO_FN@": CHECK_TWO_FN,
    }
    text = HELPERS_TEMPLATE
    for token, value in replacements.items():
        text = text.replace(token, value)
    return text.rstrip("\n")


def tests_header(function: str, points: float, checks: list[SuiteCheck]) -> str:
    public = sum(1 for c in checks if c.public)
    return (
        f"#### 자동 채점: `{function}` ({points:g}점) / Autograded: `{function}` "
        f"({points:g} points)\n\n"
        f"검사 {len(checks)}개 중 {public}개는 공개 검사라 직접 실행해 볼 수 있고, 나머지는 채점할 "
        "때만 실행됩니다. 검사 셀은 각각 전부 맞거나 0점입니다.\n"
        f"Of these {len(checks)} checks, {public} can be run now (public); the others run only "
        "when your notebook is graded. Each check cell scores all or nothing."
    )


def function_blocks(module_text: str) -> dict[str, str]:
    """Each top-level function's text, its trailing indented comments included: ``ast``
    source segments stop at the last statement and would lose ``### END SOLUTION``."""
    tree = ast.parse(module_text)
    lines = module_text.splitlines()
    blocks: dict[str, str] = {}
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef):
            continue
        first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
        last = node.end_lineno or node.lineno
        while last < len(lines) and (not lines[last].strip() or lines[last][:1].isspace()):
            last += 1  # blank or indented lines after the last statement belong to the body
        blocks[node.name] = "\n".join(lines[first - 1 : last]).rstrip()
    return blocks


def _template_path(spec: Assignment) -> Path:
    return spec.reference.with_name(f"{spec.reference.stem}_notebook.py")


def build_source_notebook(assignment: str = "gradient_descent") -> str:
    """nbgrader's source notebook (nbformat 4, byte-stable) for ``assignment``."""
    spec = load_assignment(assignment)
    template = _template_path(spec).read_text(encoding="utf-8")
    functions = function_blocks(spec.reference.read_text(encoding="utf-8"))
    checks = suite_checks(spec)
    totals = points_per_function(checks)
    missing = [f for f in spec.functions if f not in totals]
    if missing:
        raise ValueError(f"the hidden suite has no check for {missing}")

    cells: list[tuple[str, str, dict]] = []  # (cell_type, source, nbgrader metadata or {})
    pending: str | None = None
    helpers_placed = False

    def flush() -> None:
        nonlocal pending, helpers_placed
        if pending is None:
            return
        own = [c for c in checks if c.function == pending]
        cells.append(("markdown", tests_header(pending, totals[pending], own), {}))
        if not helpers_placed:
            cells.append(("code", helpers_source(), readonly_metadata(HELPERS_ID)))
            helpers_placed = True
        for check in own:
            cells.append(
                (
                    "code",
                    grade_cell_source(check, spec),
                    grade_cell_metadata(check.grade_id, check.points),
                )
            )
        pending = None

    for kind, body in parse_percent(template):
        if kind.startswith("function "):
            flush()
            name = kind.split()[1]
            if name not in functions:
                raise ValueError(f"template asks for unknown function {name!r}")
            if name in spec.functions:
                cells.append(("code", functions[name], solution_metadata(f"{name}_solution")))
                pending = name
            else:
                cells.append(("code", functions[name], readonly_metadata(f"{name}_given")))
            continue
        if kind == "markdown":
            flush()
            cells.append(("markdown", body, {}))
        elif body.strip():
            cells.append(("code", body, {}))
    flush()
    placed = {
        c for c in spec.functions if any(m.get("grade_id") == f"{c}_solution" for _, _, m in cells)
    }
    if placed != set(spec.functions):
        raise ValueError(
            f"the template has no [function] cell for {sorted(set(spec.functions) - placed)}"
        )

    out = []
    for index, (cell_type, source, meta) in enumerate(cells):
        cell: dict = {
            "cell_type": cell_type,
            "id": f"cell-{index:03d}",
            "metadata": {"nbgrader": meta} if meta else {},
            "source": source.splitlines(keepends=True),
        }
        if cell_type == "code":
            cell.update(execution_count=None, outputs=[])
        out.append(cell)
    return notebook_json(out)


# ----------------------------------------------------------------- course folder

CONFIG_TEMPLATE = '''\
"""nbgrader settings of this course folder, written by `python -m autograder nbgrader`.

Run the nbgrader commands from this folder (or pass --course-dir). On JupyterHub, also set
the exchange folder shared by instructors and students, e.g.
    c.Exchange.root = "/srv/nbgrader/exchange"
in a global nbgrader_config.py (see `jupyter --paths`).
"""

import os

c = get_config()  # noqa: F821  (nbgrader defines get_config when it loads this file)

HERE = os.path.dirname(os.path.abspath(__file__))

c.CourseDirectory.course_id = @COURSE_ID@
c.CourseDirectory.root = HERE
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(HERE, "gradebook.db")

# The same stub as the kit's .py template, so both student versions read alike.
c.ClearSolutions.code_stub = {"python": @STUB@}

# Seconds per cell for `nbgrader validate` and `nbgrader autograde` (nbgrader's default).
# The test cells also limit each call of a student function to @TIMEOUT@ s, as the kit does.
c.Execute.timeout = 30

# Students are added to the gradebook when their submission is autograded.
c.Autograde.create_student = True
'''


def config_source(course_id: str) -> str:
    text = CONFIG_TEMPLATE.replace("@COURSE_ID@", json.dumps(course_id))
    text = text.replace("@STUB@", json.dumps("\n".join(STUB_LINES), ensure_ascii=False))
    return text.replace("@TIMEOUT@", f"{Limits().call_timeout:g}")


def course_files(spec: Assignment) -> dict[str, Path]:
    """Files beside the source notebook (relative path -> file in the kit): the datasets the
    notebook loads from data/ and the public checks its last exercise cell imports."""
    files = {f"data/{p.name}": p for p in spec.data}
    public = KIT_ROOT / "assignments" / spec.name / "check_public.py"
    if public.is_file():
        files[public.name] = public
    return files


def make_course(
    course_dir: Path,
    *,
    assignment: str = "gradient_descent",
    course_id: str | None = None,
    overwrite_config: bool = False,
) -> Path:
    """Lay out an nbgrader course folder; return the source notebook's path.

    ``source/<assignment>/<stem>.ipynb`` and the files beside it are always rewritten (they
    are generated: edit ``solutions/`` instead). ``nbgrader_config.py`` is written when it
    is missing, or when ``overwrite_config`` is set, so local changes to it survive.
    """
    spec = load_assignment(assignment)
    course_dir = Path(course_dir)
    folder = course_dir / "source" / spec.name
    notebook = folder / f"{spec.stem}.ipynb"
    write_atomic(notebook, build_source_notebook(spec.name))
    for rel, src in course_files(spec).items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, folder / rel)
    config = course_dir / "nbgrader_config.py"
    if overwrite_config or not config.exists():
        write_atomic(config, config_source(course_id or spec.name.replace("_", "-")))
    return notebook


def discover_nbgrader(course_dir: Path, assignment: str) -> list[tuple[str, Path]]:
    """(student_id, path) for each ``submitted/<student>/<assignment>/`` folder, by id.

    The path is the notebook to grade: ``<assignment>.ipynb`` (the kit's stem) when present,
    else the only notebook there. When the folder holds no notebook or several others, the
    folder itself is returned, so the kit's intake reports why it cannot pick one instead of
    the student silently disappearing. Hidden entries and checkpoints are ignored.
    """
    submitted = Path(course_dir) / "submitted"
    if not submitted.is_dir():
        raise FileNotFoundError(f"{submitted} does not exist (is {course_dir} an nbgrader course?)")
    stem = load_assignment(assignment).stem if assignment in available() else assignment
    found: list[tuple[str, Path]] = []
    for student in sorted(submitted.iterdir()):
        if student.name.startswith(".") or not student.is_dir():
            continue
        folder = student / assignment
        if not folder.is_dir():
            continue
        notebooks = sorted(
            p
            for p in folder.iterdir()
            if p.suffix.lower() == ".ipynb" and p.is_file() and not p.name.startswith(".")
        )
        preferred = [p for p in notebooks if p.name.lower() == f"{stem}.ipynb".lower()]
        if preferred:
            found.append((student.name, preferred[0]))
        elif len(notebooks) == 1:
            found.append((student.name, notebooks[0]))
        else:
            found.append((student.name, folder))
    return found


# ------------------------------------------------------------------------ CLI


def add_nbgrader_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """``python -m autograder nbgrader``: the subcommand, added to the kit's subparsers."""
    parser = sub.add_parser(
        "nbgrader",
        help="lay out an nbgrader course folder (source notebook, data, nbgrader_config.py)",
        description="Write COURSE/source/<assignment>/<stem>.ipynb (nbgrader's source notebook, "
        "generated from solutions/ and the hidden suite), the data it loads and "
        "COURSE/nbgrader_config.py. Then, in COURSE: nbgrader generate_assignment <assignment>.",
    )
    parser.add_argument("--course", type=Path, default=Path("dist/nbgrader"), metavar="DIR")
    parser.add_argument("--assignment", default="gradient_descent", choices=available())
    parser.add_argument("--course-id", default=None, help="default: the assignment name")
    parser.add_argument(
        "--overwrite-config",
        action="store_true",
        help="rewrite nbgrader_config.py even if it exists",
    )
    parser.add_argument(
        "--generate",
        action="store_true",
        help="also run `nbgrader generate_assignment` (needs nbgrader installed)",
    )
    return parser


def run_nbgrader(args: argparse.Namespace) -> int:
    config = args.course / "nbgrader_config.py"
    kept = config.exists() and not args.overwrite_config
    notebook = make_course(
        args.course,
        assignment=args.assignment,
        course_id=args.course_id,
        overwrite_config=args.overwrite_config,
    )
    print(f"wrote {notebook}")
    print(f"kept {config} (--overwrite-config rewrites it)" if kept else f"wrote {config}")
    if args.generate:
        proc = subprocess.run(
            [sys.executable, "-m", "nbgrader", "generate_assignment", args.assignment, "--force"],
            cwd=args.course,
            # nbgrader runs its environment's `alembic` script to set up the gradebook.
            env={
                **os.environ,
                "PATH": os.pathsep.join(
                    [str(Path(sys.executable).parent), os.environ.get("PATH", "")]
                ),
            },
            check=False,
        )
        if proc.returncode != 0:
            print("error: nbgrader generate_assignment failed", file=sys.stderr)
            return proc.returncode
        print(f"wrote {args.course / 'release' / args.assignment}/")
    else:
        print(f"next: cd {args.course} && nbgrader generate_assignment {args.assignment}")
    return 0
