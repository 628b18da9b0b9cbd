"""nbgrader's *source* notebook for an assignment, built from the kit's single sources.

``build_source_notebook`` lays ``solutions/<name>_notebook.py`` out as cells, filled in from
``solutions/<name>.py`` and the recorded hidden suite:

* every graded function becomes an "Autograded answer" cell (its ``### BEGIN SOLUTION``
  block kept for ``nbgrader generate_assignment`` to strip);
* every other function of the solution module becomes a read-only cell;
* after a graded function: its tests' header, the read-only helpers cell (once), and one
  "Autograder tests" cell per kit check, worth the check's points (``cells.py``).
"""

from __future__ import annotations

import ast
from pathlib import Path

from autograder.assignment import DEFAULT_ASSIGNMENT, Assignment, load_assignment
from autograder.integrations.nbgrader.cells import (
    HELPERS_ID,
    grade_cell_metadata,
    grade_cell_source,
    helpers_source,
    readonly_metadata,
    solution_metadata,
)
from autograder.integrations.nbgrader.grade_ids import SuiteCheck, points_per_function
from autograder.integrations.nbgrader.hidden_suite import suite_checks
from autograder.public.stubgen import notebook_json, parse_percent
from autograder.secret import CourseSecret


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


def build_source_notebook(
    assignment: str = DEFAULT_ASSIGNMENT, *, secret: CourseSecret | None = None
) -> str:
    """nbgrader's source notebook (nbformat 4, byte-stable for one course secret) for
    ``assignment``; its hidden test cells hold ``secret``'s hidden inputs."""
    spec = load_assignment(assignment)
    template = _template_path(spec).read_text(encoding="utf-8")
    functions = function_blocks(spec.reference.read_text(encoding="utf-8"))
    checks = suite_checks(spec, secret=secret)
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
