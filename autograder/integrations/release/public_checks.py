"""Write assignments/<name>/check_public.py: the shared runtime (runtime.py, embedded: a
released folder runs it without the kit) and the assignment's checks as data.

The checks, per graded function in assignment.toml order: the worked examples of the
assignment's public_examples.py (autograder/checks/examples.py), then every call the suite's
``@pytest.mark.public`` checks make, read from the recorded suite (autograder/checks/recording.py).
Expected values are the reference's answers (for a suite call: the values its check
compared), computed here; every tolerance is one an expectation declared (the suite's
``autograder.checks.expectations`` calls, or the worked example's own).
"""

from __future__ import annotations

import ast
import copy
import hashlib
import inspect
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from autograder.assignment import Assignment
from autograder.checks.examples import Example, Examples, examples_for
from autograder.checks.recording import RecordedCall, load_reference, record_suite
from autograder.model import ATOL, RTOL
from autograder.public import runtime, student_file
from autograder.sandbox import wire

RUNTIME = Path(runtime.__file__)
STUDENT_FILE = Path(student_file.__file__)
FILE_NAME = "check_public.py"


def examples_of(spec: Assignment) -> Examples:
    return examples_for(spec.name, spec.suite, spec.title)


def public_calls(spec: Assignment) -> list[tuple[str, RecordedCall]]:
    """Every call of the suite's public checks, with its check's description, in the
    recorded suite's order."""
    return [
        (check.description, call)
        for check in record_suite(spec, public_only=True)
        for call in check.calls
    ]


# ---------------------------------------------------------------------------------------------
# Checks as data
# ---------------------------------------------------------------------------------------------
def encode(value: Any) -> Any:
    """A value as the checks' JSON in check_public.py (its ``decode``, wire.py's, reads it)."""
    return wire.encode(value, in_file=True)


def _floats(value: Any) -> np.ndarray:
    return np.asarray(value, dtype=float)


def expected_of(kind: str, answer: Any) -> Any:
    """The expected value of a worked example of ``kind``, from the reference's answer."""
    if kind == "number":
        return float(_floats(answer).ravel()[0])
    if kind == "pair":
        first, second = _floats(answer).ravel()
        return (float(first), float(second))
    if kind == "tuple":
        return tuple(
            {k: _floats(v) for k, v in part.items()} if isinstance(part, dict) else _floats(part)
            for part in answer
        )
    if kind == "arrays":
        if isinstance(answer, (tuple, list)):
            answer = answer[0]
        return {k: _floats(v) for k, v in answer.items()}
    return None


def recorded_expectation(call: RecordedCall) -> tuple[str, Any, tuple[float, float]]:
    """(kind, expected, (rtol, atol)) of a public check's call: what its check compared, read
    from the comparisons it declared. Refused (ValueError) when the comparisons have no
    public check kind or more than one tolerance."""
    compared = call.expects
    tolerances = {c.tolerance for c in compared}
    if len(tolerances) != 1:
        raise ValueError(f"{call.function}: a public call needs one tolerance, has {tolerances}")
    kinds = {c.kind for c in compared}
    paths = [c.path for c in compared]
    if kinds <= {"scalar", "pair"} and paths == [()]:
        values = compared[0].values
        kind = "number" if len(values) == 1 else "pair"
        return kind, (values[0] if kind == "number" else tuple(values)), tolerances.pop()

    def array(c: Any) -> np.ndarray:
        return np.array(c.values, dtype=float).reshape(c.shape)

    if kinds == {"array"} and all(len(p) == 1 and isinstance(p[0], str) for p in paths):
        return "arrays", {c.path[0]: array(c) for c in compared}, tolerances.pop()
    if kinds == {"array"} and all(isinstance(p[0], int) and len(p) <= 2 for p in paths if p):
        parts: dict[int, Any] = {}
        for c in compared:
            if len(c.path) == 1:
                parts[int(c.path[0])] = array(c)
            else:
                parts.setdefault(int(c.path[0]), {})[c.path[1]] = array(c)
        if sorted(parts) == list(range(len(parts))):
            return "tuple", tuple(parts[i] for i in range(len(parts))), tolerances.pop()
    raise ValueError(f"{call.function}: no public check kind compares {paths} ({sorted(kinds)})")


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


def build_checks(spec: Assignment) -> list[dict[str, Any]]:
    """The checks (JSON-ready dicts) in report order."""
    examples = examples_of(spec)
    ref = load_reference(spec.reference)
    by_function: dict[str, list[dict[str, Any]]] = {f: [] for f in spec.functions}

    def add(example: Example, expected: Any) -> None:
        func, kind = example.func, example.kind
        if func not in by_function:
            raise ValueError(f"{func} is not a graded function of {spec.name}")
        hints = [*example.hints, *_function_hints(examples, func, kind, expected)]
        number = len(by_function[func]) + 1
        extra: dict[str, Any] = {}
        if func in examples.may_modify:
            extra["may_modify"] = examples.may_modify[func]
        if kind == "tuple":
            extra["names"] = list(examples.returns.get(func, ()))
            if len(extra["names"]) != len(expected):
                raise ValueError(f"{func}: Examples.returns must name the answer's parts")
        if kind in ("arrays", "tuple", "gradcheck") and examples.shape_hints:
            extra["shape_hints"] = examples.shape_hints
        if example.gradcheck is not None:
            extra["gradcheck"] = example.gradcheck.as_data()
        by_function[func].append(
            {
                "func": func,
                "label": f"{func} #{number}" + (f" ({example.title})" if example.title else ""),
                "kind": kind,
                "keyword_from": min(example.keyword_from, len(example.args)),
                "rtol": example.rtol,
                "atol": example.atol,
                "why": example.why,
                "note": example.note or _substitute_note(spec, func),
                "hints": [list(h) for h in hints],
                **extra,
                "args": example.args,
                "expected": expected,
            }
        )

    for example in examples.examples:
        expected = None
        if example.kind != "gradcheck":
            answer = _call(ref, example.func, example.args, example.keyword_from)
            expected = expected_of(example.kind, answer)
        add(example, expected)
    for doc, call in public_calls(spec):
        bound = inspect.signature(getattr(ref, call.function)).bind(*call.args, **dict(call.kwargs))
        kind, expected, (rtol, atol) = recorded_expectation(call)
        title = f"채점의 공개 검사 / the grading's public check: {doc}"
        args = dict(bound.arguments)
        add(
            Example(call.function, kind, args, "", title, len(call.args), [], "", rtol, atol),
            expected,
        )
    return [c for func in spec.functions for c in by_function[func]]


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
    """The released stub as student_file.is_released_stub compares it."""
    return hashlib.sha256("\n".join(student_file.stub_lines(stub)).encode("utf-8")).hexdigest()


def embed_module(text: str, path: Path, module: str) -> str:
    """``text`` with its one ``from <module> import (...)`` statement replaced by the code of
    the file at ``path`` after its imports (whose names ``text`` imports too)."""
    found = [
        node
        for node in ast.parse(text).body
        if isinstance(node, ast.ImportFrom) and node.module == module
    ]
    if len(found) != 1:
        raise ValueError(f"expected one import from {module}, found {len(found)}")
    source = path.read_text(encoding="utf-8")
    imports = [n for n in ast.parse(source).body if isinstance(n, (ast.Import, ast.ImportFrom))]
    code = source.split("\n")[imports[-1].end_lineno :]
    lines = text.split("\n")
    start, end = found[0].lineno - 1, found[0].end_lineno or found[0].lineno
    return "\n".join([*lines[:start], "\n".join(code).strip("\n"), *lines[end:]])


def runtime_body() -> str:
    """runtime.py from ``from __future__`` on (its own docstring is about the kit), with the
    text of what it imports from autograder/sandbox/wire.py and student_file.py written in:
    it stands alone."""
    text = RUNTIME.read_text(encoding="utf-8")
    body = text[text.index("from __future__ import annotations") :]
    for name in wire.EMBEDDED:
        body = wire.embed(body, name)
    return embed_module(body, STUDENT_FILE, "autograder.public.student_file")


def render(spec: Assignment, stub: str) -> str:
    """The text of assignments/<name>/check_public.py."""
    checks = build_checks(spec)
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
        + f'CHECKS_JSON = r"""\n{data}\n"""\n'
        + '\n\nif __name__ == "__main__":\n    sys.exit(main())\n'
    )
