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
    """nbformat 4 JSON, byte-stable (ids from cell positions), from a template and a module."""
    functions = function_sources(module_text)
    cells = []
    for index, (kind, body) in enumerate(parse_percent(template)):
        if kind.startswith("function "):
            name = kind.split()[1]
            if name not in functions:
                raise ValueError(f"template asks for unknown function {name!r}")
            kind, body = "code", functions[name]
        if kind == "function" or (kind == "code" and not body.strip()):
            continue
        cell: dict = {
            "cell_type": "markdown" if kind == "markdown" else "code",
            "id": f"cell-{index:03d}",
            "metadata": {},
            "source": body.splitlines(keepends=True),
        }
        if kind != "markdown":
            cell.update(execution_count=None, outputs=[])
        cells.append(cell)
    return notebook_json(cells)


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
