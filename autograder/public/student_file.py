"""A student's file as the grader reads it (stdlib only): a notebook's code cells as Python,
and which file of a folder is checked (a ``<stem>.py`` left as released gives way to the
notebook beside it).

One copy, used two ways: the grader's intake (autograder/intake/submission.py) imports it, and `make
generate` writes its text (from the first line after the imports) in place of its import
in the public checks' runtime (autograder/public/runtime.py), so a released
check_public.py stands alone and reads a notebook as the grading does. Its imports are the
runtime's own (tests/test_public_runtime.py checks the generated file holds this text).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import tokenize
import types
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar

# ---------------------------------------------------------------------------------------------
# 노트북을 파이썬으로 (autograder/intake/submission.py 와 같은 규칙) / A notebook as Python (the grader's intake rules)
# ---------------------------------------------------------------------------------------------
PYTHON_CELL_MAGICS = ("%%time", "%%timeit", "%%capture")
WRITEFILE_PY = re.compile(r"^\s*%%(?:writefile|file)\s.*\.py\s*$")
MAGIC_LINE = re.compile(r"^(\s*)[%!]")
MAGIC_ASSIGN = re.compile(r"^(\s*)([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s*=\s*[%!]")
TIME_LINE = re.compile(r"^(\s*)%time\s+(\S.*)$")
HELP_LINE = re.compile(r"^(\s*)(?:\?{1,2}[\w.]+|[\w.]+\?{1,2})\s*$")
BRACKETS = {"(": 1, "[": 1, "{": 1, ")": -1, "]": -1, "}": -1}
LINE_ENDS = (tokenize.NEWLINE, tokenize.NL)


def _ipython_only(line: str) -> re.Match[str] | None:
    return MAGIC_ASSIGN.match(line) or MAGIC_LINE.match(line) or HELP_LINE.match(line)


def _as_python(line: str) -> str:
    found = _ipython_only(line)
    if not found:
        return line
    indent = found.group(1)
    timed = TIME_LINE.match(line)
    if timed:
        return indent + timed.group(2)
    if found.re is MAGIC_ASSIGN:
        return f"{indent}{found.group(2)} = None"
    return f"{indent}pass" if indent else ""


def ipython_to_python(lines: list[str]) -> str:
    """셀의 줄들을 파이썬으로 (줄 번호 유지): IPython 전용 줄은 실행하지 않습니다.
    A cell's lines as Python, line numbers kept: IPython-only lines (magics, shell commands,
    help) where a statement starts are not run; inside brackets or strings they are Python.
    """
    last = -1
    for index, line in enumerate(lines):
        if _ipython_only(line):
            last = index
    if last < 0:
        return "\n".join(lines)
    out: list[str] = []
    depth = 0
    ended = 0

    def readline() -> str:
        index = len(out)
        if index > last:
            return ""
        inside = index > 0 and (depth != 0 or ended != index)
        out.append(lines[index] if inside else _as_python(lines[index]))
        return out[-1] + "\n"

    try:
        for token in tokenize.generate_tokens(readline):
            if len(out) > last:
                break
            if token.type == tokenize.OP:
                depth += BRACKETS.get(token.string, 0)
            elif token.type in LINE_ENDS or (
                token.type == tokenize.ERRORTOKEN and token.string.endswith("\n")
            ):
                ended = token.end[0]
    except (tokenize.TokenError, SyntaxError):
        pass
    out.extend(_as_python(line) for line in lines[len(out) : last + 1])
    out.extend(lines[last + 1 :])
    return "\n".join(out)


def _decode_text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp949")  # 한국어 Windows 편집기 / Korean Windows editors


def _cell_text(value: Any) -> str:
    if isinstance(value, list):
        return "".join(part for part in value if isinstance(part, str))
    return value if isinstance(value, str) else ""


def notebook_chunks(data: bytes) -> list[str]:
    """코드 셀마다 실행할 파이썬 ("" 은 실행하지 않는 셀) / the Python of each code cell."""
    nb = json.loads(_decode_text(data))
    if "cells" not in nb and isinstance(nb.get("worksheets"), list):  # nbformat 3
        cells, key = [c for sheet in nb["worksheets"] for c in sheet["cells"]], "input"
    else:
        cells, key = nb["cells"], "source"
    chunks = []
    for cell in cells:
        if cell.get("cell_type") != "code":
            continue
        lines = _cell_text(cell.get(key, "")).splitlines()
        meta = cell.get("metadata")
        grader = meta.get("nbgrader") if isinstance(meta, dict) else None
        if isinstance(grader, dict) and grader.get("grade") is True and not grader.get("solution"):
            chunks.append("")  # nbgrader 의 채점 셀 / an nbgrader test cell
            continue
        if lines and lines[0].lstrip().startswith("%%"):
            python = lines[0].lstrip().startswith(PYTHON_CELL_MAGICS) or bool(
                WRITEFILE_PY.match(lines[0])
            )
            lines = ["", *lines[1:]] if python else []
        code = ipython_to_python(lines)
        chunks.append(code if code.strip() else "")
    return chunks


# ---------------------------------------------------------------------------------------------
# 검사할 파일 고르기 (채점과 같은 규칙) / Which file to check (the grader's rule)
# ---------------------------------------------------------------------------------------------
def stub_lines(text: str) -> tuple[str, ...]:
    """내용 있는 줄들, 끝 공백 없이 (받은 그대로인지 비교할 때) / the lines with something
    on them, trailing spaces cut: how a file is compared with the released stub."""
    return tuple(line.rstrip() for line in text.splitlines() if line.strip())


def is_released_stub(data: bytes, stub_sha256: str) -> bool:
    """받은 그대로의 <STEM>.py 인가 (빈 줄, 줄 끝 공백과 줄바꿈 방식은 무시).
    True when the file is the released stub (its digest ``stub_sha256``), untouched (blank
    lines, trailing spaces and line endings aside)."""
    try:
        text = _decode_text(data)
    except UnicodeDecodeError:
        return False
    digest = hashlib.sha256("\n".join(stub_lines(text)).encode("utf-8")).hexdigest()
    return bool(stub_sha256) and digest == stub_sha256


def choose(folder: Path, stem: str, stub_sha256: str) -> Path | None:
    """<stem>.py, 없으면 <stem>.ipynb, 없으면 하나뿐인 노트북이나 .py. 받은 그대로의 <stem>.py
    는 옆의 노트북에 자리를 내줍니다. / <stem>.py, else <stem>.ipynb, else the only notebook
    or .py; a <stem>.py left as released gives way to the notebook beside it."""
    files = [p for p in sorted(folder.iterdir()) if p.is_file() and p.name != "check_public.py"]

    def pick(candidates: list[Path]) -> Path | None:
        for preferred in (f"{stem}.py", f"{stem}.ipynb"):
            for p in candidates:
                if p.name.lower() == preferred:
                    return p
        for ext in (".ipynb", ".py"):
            matches = [p for p in candidates if p.suffix.lower() == ext]
            if len(matches) == 1:
                return matches[0]
            if matches:
                return None
        return None

    chosen = pick(files)
    if chosen is None or chosen.name.lower() != f"{stem}.py":
        return chosen
    notebooks = [p for p in files if p.suffix.lower() == ".ipynb"]
    if notebooks and is_released_stub(chosen.read_bytes(), stub_sha256):
        return pick(notebooks) or chosen
    return chosen


# ---------------------------------------------------------------------------------------------
# 불러오기 / Loading
# ---------------------------------------------------------------------------------------------
class _Anything(types.ModuleType):
    """없는 그래프 라이브러리 대신: 무엇을 불러도 아무것도 하지 않습니다.
    Stands in for a plotting library that is not installed: every use does nothing."""

    __path__: ClassVar[list[str]] = []  # a package: `import matplotlib.pyplot` finds it

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return _Anything(f"{self.__name__}.{name}")

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return _Anything(self.__name__)

    def __getitem__(self, key: Any) -> Any:
        return _Anything(self.__name__)

    def __iter__(self) -> Iterator[Any]:
        return iter((_Anything(self.__name__), _Anything(self.__name__)))

    def __enter__(self) -> Any:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


@contextmanager
def _notebook_modules() -> Iterator[None]:
    """노트북을 실행하는 동안: 노트북 안의 check_public.run_all(...) 은 조용히 넘어가고, 그래프는
    화면에 띄우지 않으며, matplotlib 이 없으면 아무것도 하지 않는 것으로 대신합니다.
    While a notebook runs: its own check_public.run_all(...) cell does nothing, plots are not
    shown, and a missing matplotlib is replaced by a stand-in (plots are not checked)."""
    quiet = types.ModuleType("check_public")
    quiet.run_all = lambda namespace=None: True  # type: ignore[attr-defined]
    added = {"check_public": quiet}
    os.environ.setdefault("MPLBACKEND", "Agg")
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        for name in ("matplotlib", "matplotlib.pyplot"):
            added[name] = _Anything(name)
    saved = {name: sys.modules.get(name) for name in added}
    sys.modules.update(added)
    try:
        yield
    finally:
        for name, module in saved.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module
