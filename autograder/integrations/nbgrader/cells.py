"""Source text of the generated cells: literals, the helpers cell, one test cell per check."""

from __future__ import annotations

import ast
import copy
import math
import textwrap
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from autograder.assignment import Assignment
from autograder.checks.compare import ATOL, RTOL
from autograder.integrations.nbgrader import helpers_cell
from autograder.integrations.nbgrader.grade_ids import Expectation, RecordedCall, SuiteCheck
from autograder.sandbox import wire

SCHEMA_VERSION = 3
HELPERS_ID = "grading_helpers"
CHECK_FN = "grading_check"
CHECK_TWO_FN = "grading_check_two"
SUBSTITUTE_VAR = "_grading_substitute"
BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
WRAP = 96  # line width of the generated test code
DEFAULT_TOLERANCE = (RTOL, ATOL)


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


# --------------------------------------------------------------------------- literals


def _float(value: object, *, finite: bool = True) -> str:
    number = float(value)  # type: ignore[arg-type]
    if math.isfinite(number):
        return repr(number)
    if finite:
        raise ValueError(f"cannot embed the non-finite expected value {number!r}")
    return f'float("{number!r}")'  # float("nan"), float("inf"), float("-inf")


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)


def _rows(array: np.ndarray, col: int, *, finite: bool) -> str:
    """Nested list text of ``array`` whose ``[`` sits at column ``col``: a 1-D array wraps at
    WRAP columns, a higher one puts each sub-array on its own line, aligned like numpy."""
    if array.ndim == 1:
        items = [_float(v, finite=finite) for v in array]
        lines = textwrap.wrap(
            ", ".join(items),
            width=max(WRAP - col - 2, 20),
            break_long_words=False,
            break_on_hyphens=False,
        )
        return "[" + ("\n" + " " * (col + 1)).join(lines) + "]"
    parts = [_rows(sub, col + 1, finite=finite) for sub in array]
    return "[" + (",\n" + " " * (col + 1)).join(parts) + "]"


def array_source(value: object, col: int = 0, *, finite: bool = False) -> str:
    """``np.array(...)`` of floats, its first character at column ``col``."""
    array = np.asarray(value, dtype=float)
    if array.size == 0:
        return f"np.zeros({tuple(array.shape)!r})"
    if array.ndim == 0:
        return f"np.array({_float(array, finite=finite)})"
    return "np.array(" + _rows(array, col + len("np.array("), finite=finite) + ")"


def _container(opener: str, closer: str, items: list[str], col: int, indent: int) -> str:
    one_line = opener + ", ".join(items) + closer
    if "\n" not in one_line and col + len(one_line) <= WRAP:
        return one_line
    pad = " " * (indent + 4)
    return opener + "\n" + "".join(f"{pad}{item},\n" for item in items) + " " * indent + closer


def source(value: object, col: int = 0, indent: int = 0) -> str:
    """Python source for an input, typed as the kit's sandbox hands it to the student: arrays
    (and lists or tuples of numbers) as float arrays of their shape, dicts with their string
    keys, other lists and tuples as lists, ints, floats, strings, booleans and None as
    themselves. The text starts at column ``col`` of a line indented by ``indent``."""
    if isinstance(value, np.ndarray):
        return array_source(value, col)
    if isinstance(value, (list, tuple)) and all(_is_number(v) for v in value):
        return array_source(np.array(value, dtype=float), col)
    if isinstance(value, dict):
        items = []
        for key, part in value.items():
            head = f"{str(key)!r}: "
            items.append(head + source(part, indent + 4 + len(head), indent + 4))
        return _container("{", "}", items, col, indent)
    if isinstance(value, (list, tuple)):
        items = [source(part, indent + 4, indent + 4) for part in value]
        return _container("[", "]", items, col, indent)
    if value is None or isinstance(value, (bool, str)):
        return repr(value)
    if isinstance(value, (int, np.integer)):
        return repr(int(value))
    if isinstance(value, (float, np.floating)):
        return _float(value, finite=False)
    raise ValueError(f"cannot embed an input of type {type(value).__name__}")


def literal(value: object, indent: int = 0) -> str:
    """``source(value)`` on a line of its own, indented by ``indent``."""
    return " " * indent + source(value, indent, indent)


def _args_block(args: tuple[object, ...], indent: int) -> str:
    pad = " " * indent
    if not args:
        return pad + "()"
    inner = "\n".join(literal(a, indent + 4) + "," for a in args)
    return f"{pad}(\n{inner}\n{pad})"


def _kwargs_source(kwargs: tuple[tuple[str, object], ...], indent: int) -> str:
    return literal(dict(kwargs), indent)


# ------------------------------------------------------------------ expected values


def _numbers_source(values: Sequence[float]) -> str:
    return "(" + ", ".join(_float(v) for v in values) + ("," if len(values) == 1 else "") + ")"


def _compact(call: RecordedCall, per_part: bool) -> bool:
    """The whole answer's numbers only: written as a plain tuple, as for a number or pair."""
    return (
        not per_part
        and len(call.expects) == 1
        and call.expects[0].path == ()
        and call.expects[0].read == "numbers"
    )


def _part_source(expect: Expectation, indent: int, per_part: bool) -> str:
    head = f"({expect.path!r}, "
    if expect.read == "numbers":
        body = _numbers_source(expect.values)
    else:
        values = np.reshape(expect.values, expect.shape)
        body = array_source(values, indent + len(head), finite=True)
    tail = f", {expect.tolerance!r})" if per_part else ")"
    return head + body + tail


def _parts_source(expects: Sequence[Expectation], indent: int, per_part: bool) -> str:
    pad = " " * (indent + 4)
    parts = [pad + _part_source(e, indent + 4, per_part) + "," for e in expects]
    return " " * indent + "[\n" + "\n".join(parts) + "\n" + " " * indent + "]"


def expected_source(call: RecordedCall, indent: int, *, per_part: bool = False) -> str:
    """What the kit compares in one call: the answer's numbers as a tuple, or a list of
    ``(path, numbers or array[, (rtol, atol)])`` parts."""
    if _compact(call, per_part):
        return " " * indent + _numbers_source(call.expects[0].values)
    return _parts_source(call.expects, indent, per_part)


def other_forms_source(call: RecordedCall, indent: int, *, per_part: bool = False) -> str:
    """``{kind of answer: parts}`` for the other answer forms the check accepts."""
    if not call.other_forms:
        return " " * indent + "{}"
    pad = " " * (indent + 4)
    entries = [
        f"{pad}{kind!r}: {_parts_source(expects, indent + 4, per_part).lstrip()},"
        for kind, expects in call.other_forms
    ]
    return " " * indent + "{\n" + "\n".join(entries) + "\n" + " " * indent + "}"


def _tolerances(calls: Sequence[RecordedCall]) -> set[tuple[float, float]]:
    return {
        e.tolerance
        for call in calls
        for expects in (call.expects, *(form for _, form in call.other_forms))
        for e in expects
    }


def _other_forms_kw(calls: Sequence[RecordedCall], per_part: bool) -> str:
    if not any(call.other_forms for call in calls):
        return ""
    if len(calls) == 1:
        return (
            "    other_forms=" + other_forms_source(calls[0], 4, per_part=per_part).lstrip() + ","
        )
    inner = ",\n".join(other_forms_source(call, 8, per_part=per_part) for call in calls)
    return "    other_forms=(\n" + inner + ",\n    ),"


def check_call_source(check: SuiteCheck, *, substitute: bool) -> str:
    """The helper call(s) that grade one kit check, as notebook code."""
    tolerances = _tolerances(check.calls)
    per_part = len(tolerances) > 1
    keywords = [f"    substitute={SUBSTITUTE_VAR}," if substitute else ""]
    keywords.append("    public=True," if check.public else "")
    if len(tolerances) == 1 and tolerances != {DEFAULT_TOLERANCE}:
        keywords.append(f"    tolerance={next(iter(tolerances))!r},")
    if check.two_datasets:
        first, second = check.calls
        if first.kwargs != second.kwargs:
            raise ValueError(f"{check.name}: the two datasets use different keywords")
        lines = [
            f"{CHECK_TWO_FN}(",
            f"    {first.function!r},",
            f"{_args_block(first.args, 4)},",
            f"{_args_block(second.args, 4)},",
            f"{_kwargs_source(first.kwargs, 4)},",
            "    (",
            f"{expected_source(first, 8, per_part=per_part)},",
            f"{expected_source(second, 8, per_part=per_part)},",
            "    ),",
            _other_forms_kw(check.calls, per_part),
            *keywords,
            ")",
        ]
        return "\n".join(line for line in lines if line)
    calls = []
    for call in check.calls:
        lines = [
            f"{CHECK_FN}(",
            f"    {call.function!r},",
            f"{_args_block(call.args, 4)},",
            f"{_kwargs_source(call.kwargs, 4)},",
            f"{expected_source(call, 4, per_part=per_part)},",
            _other_forms_kw([call], per_part),
            *keywords,
            ")",
        ]
        calls.append("\n".join(line for line in lines if line))
    return "\n".join(calls)


# ------------------------------------------------------------------------ the cells


def reference_helpers_source(spec: Assignment, names: tuple[str, ...]) -> str:
    """``_grading_substitute = {...}``: the reference's ``names`` in a private scope, with the
    reference functions they call, as the kit's sandbox provides them (numpy and math
    available, docstrings and markers dropped; only ``names`` replace the student's)."""
    text = spec.substitute_source()
    tree = ast.parse(text)
    found = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    missing = set(names) - set(found)
    if missing:
        raise ValueError(f"reference has no {sorted(missing)} to substitute")
    parts = []
    for node in found.values():
        node = copy.deepcopy(node)
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
    if any(c.other_forms for c in check.calls):
        lines.append(
            "# other_forms: 채점기가 함께 받아들이는 다른 형태의 답 / other answer forms the "
            "kit also accepts"
        )
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


def helpers_source() -> str:
    """The read-only helpers cell: ``helpers_cell.py`` below its marker, with the kit's
    tolerances and limits written in."""
    text = Path(helpers_cell.__file__).read_text(encoding="utf-8")
    marker = helpers_cell.CELL_STARTS + "\n"
    if text.count(marker) != 1:
        raise ValueError("helpers_cell.py must hold its cell marker exactly once")
    cell = wire.embed(text.split(marker, 1)[1], "real_array", as_name="_grading_real_array")
    for name, value in helpers_cell.SETTINGS.items():
        shown = f"{value:g}" if isinstance(value, float) else str(value)
        cell = cell.replace(f"@{name}@", shown)
        code = f'"{name.lower()}": {name},'
        if cell.count(code) != 1:
            raise ValueError(f"helpers_cell.py: expected one {code!r}")
        cell = cell.replace(code, f'"{name.lower()}": {value!r},')
    return cell.strip("\n")
