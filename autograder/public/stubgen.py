"""Single source: the student stub and notebook are generated from ``solutions/``.

Between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` (nbgrader's markers) lies the
answer; everything else (signature, docstring, imports) is kept for students.
"""

from __future__ import annotations

import ast
import json
import re

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
STUB_LINES = ("# 여기에 코드를 작성하세요 / YOUR CODE HERE", "raise NotImplementedError")


def strip_solutions(text: str) -> str:
    """Replace every solution block by ``raise NotImplementedError`` at its indentation."""
    out: list[str] = []
    inside = False
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped == BEGIN:
            if inside:
                raise ValueError(f"line {number}: {BEGIN} inside another solution block")
            inside = True
            indent = line[: len(line) - len(line.lstrip())]
            out.extend(indent + stub for stub in STUB_LINES)
        elif stripped == END:
            if not inside:
                raise ValueError(f"line {number}: {END} without {BEGIN}")
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise ValueError(f"{BEGIN} is never closed")
    return "\n".join(out) + "\n"


def solution_bodies(text: str) -> list[str]:
    """The code inside the solution blocks (to prove a release holds none of it)."""
    return [m.strip() for m in re.findall(rf"{BEGIN}\n(.*?){END}", text, flags=re.S)]


def function_sources(text: str) -> dict[str, str]:
    tree = ast.parse(text)
    return {
        node.name: ast.get_source_segment(text, node) or ""
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
    }


def module_code(text: str, template: str = "") -> str:
    """The module's top-level code that is not a function: its constants (say
    ``LEARNING_RATE = 0.01``, maybe a default of a function) and imports, each with the
    comment lines just above it, in source order. Left out: the docstring, the functions
    (they get their own cells), an ``if __name__ == "__main__":`` demo, and what the
    template already holds line for line (its setup cell imports numpy too)."""
    tree = ast.parse(text)
    lines = text.splitlines()
    have = {line.strip() for line in template.splitlines() if line.strip()}
    parts: list[str] = []
    for index, node in enumerate(tree.body):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) or _is_main_guard(node):
            continue
        if index == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue  # the module docstring
        start = node.lineno - 1
        while start > 0 and lines[start - 1].lstrip().startswith("#"):
            start -= 1
        statement = lines[node.lineno - 1 : node.end_lineno]
        if all(line.strip() in have for line in statement if line.strip()):
            continue
        parts.append("\n".join(lines[start : node.end_lineno]))
    return "\n".join(parts)


def _is_main_guard(node: ast.stmt) -> bool:
    test = node.test if isinstance(node, ast.If) else None
    return (
        isinstance(test, ast.Compare)
        and isinstance(test.left, ast.Name)
        and test.left.id == "__name__"
    )


def parse_percent(template: str) -> list[tuple[str, str]]:
    """Cells of a percent-format notebook source: (kind, body); kind is markdown, code or
    ``function NAME`` (filled in from the solution module)."""
    cells: list[tuple[str, list[str]]] = []
    for line in template.splitlines():
        if line.startswith("# %%"):
            header = line[4:].strip()
            if header == "[markdown]":
                cells.append(("markdown", []))
            elif header.startswith("[function]"):
                cells.append(("function " + header[len("[function]") :].strip(), []))
            elif header == "":
                cells.append(("code", []))
            else:
                raise ValueError(f"unknown cell header: {line!r}")
        elif cells:
            kind, body = cells[-1]
            if kind == "markdown":
                if line not in ("", "#") and not line.startswith("# "):
                    raise ValueError(f"markdown line must start with '# ': {line!r}")
                body.append(line[2:])
            else:
                body.append(line)
    return [(kind, "\n".join(body).strip("\n")) for kind, body in cells]


def build_notebook(template: str, module_text: str) -> str:
    """nbformat 4 JSON, byte-stable (ids from cell positions), from a template and a module.
    The module's other top-level code (constants, imports the template lacks: module_code)
    gets a cell of its own just before the first function's, so the functions find it."""
    functions = function_sources(module_text)
    extra = module_code(module_text, template)
    cells = []
    for index, (kind, body) in enumerate(parse_percent(template)):
        if kind.startswith("function "):
            name = kind.split()[1]
            if name not in functions:
                raise ValueError(f"template asks for unknown function {name!r}")
            kind, body = "code", functions[name]
            if extra:
                cells.append(_code_cell("module-code", extra))
                extra = ""
        if kind == "function" or (kind == "code" and not body.strip()):
            continue
        if kind == "markdown":
            cells.append(
                {
                    "cell_type": "markdown",
                    "id": f"cell-{index:03d}",
                    "metadata": {},
                    "source": body.splitlines(keepends=True),
                }
            )
        else:
            cells.append(_code_cell(f"cell-{index:03d}", body))
    if extra:  # a template without function cells: the module's code still comes along
        cells.append(_code_cell("module-code", extra))
    return notebook_json(cells)


def _code_cell(cell_id: str, body: str) -> dict:
    return {  # this key order: the notebooks stay byte for byte what they were
        "cell_type": "code",
        "id": cell_id,
        "metadata": {},
        "source": body.splitlines(keepends=True),
        "execution_count": None,
        "outputs": [],
    }


def notebook_json(cells: list[dict]) -> str:
    """An nbformat 4.5 document around ``cells``, byte-stable."""
    notebook = {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(notebook, ensure_ascii=False, indent=1) + "\n"
