"""What ``publish --lti`` reads from a graded ``OUT/``, through the one reader of grades.csv
and rosters (``autograder.integrations.lms.rows``): the rows it may post, each function's maximum from
the student's ``detail.json`` (checked against grades.csv), and the roster's LTI user ids."""

from __future__ import annotations

import json
from pathlib import Path

from autograder.integrations.lms.lti.config import LtiError
from autograder.integrations.lms.rows import (
    FIXED_COLUMNS,
    NOT_GRADED,
    GradeRow,
    RowProblem,
    read_grade_entries,
)
from autograder.integrations.lms.rows import read_roster as read_roster_entries
from autograder.writers.files import safe_dirname

GRADES_TAIL = FIXED_COLUMNS[1:]  # total, max_score, status, message
__all__ = ["GRADES_TAIL", "NOT_GRADED", "GradeRow", "read_grades", "read_roster"]


def read_grades(out: Path) -> tuple[list[str], list[GradeRow | tuple[str, str]]]:
    """The function columns and one entry per grades.csv row: a GradeRow, or
    ``(student_id, problem)`` for a row that cannot be published as it is. A bad or
    repeated row never stops the others (see export_data.read_grade_entries)."""
    path = out / "grades.csv"
    try:
        grades = read_grade_entries(out)
    except FileNotFoundError:
        raise LtiError(f"cannot read {path}: no such file (run `grade` first)") from None
    except (OSError, ValueError) as exc:
        raise LtiError(f"cannot read {path}: {exc}") from None
    return grades.functions, [
        (e.student_id, e.message) if isinstance(e, RowProblem) else e for e in grades.entries
    ]


def _function_maxima(row: GradeRow, functions: list[str], out: Path) -> dict[str, float]:
    """Each function's maximum, from detail.json, checked against grades.csv."""
    folder = safe_dirname(row.student_id)
    path = out / folder / "detail.json"
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"cannot read {folder}/detail.json ({type(exc).__name__})") from None
    if not isinstance(doc, dict) or doc.get("student_id") != row.student_id:
        raise ValueError(f"{folder}/detail.json belongs to another student")
    maxima = doc.get("max_points")
    if not isinstance(maxima, dict):
        raise ValueError(f"{folder}/detail.json has no max_points")
    result: dict[str, float] = {}
    for fn in functions:
        value = maxima.get(fn)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise ValueError(f"{folder}/detail.json has no maximum for {fn}")
        result[fn] = float(value)
    total = doc.get("total")
    if not isinstance(total, (int, float)) or abs(float(total) - row.total) > 1e-6:
        raise ValueError("grades.csv and detail.json disagree on the total")
    if abs(sum(result.values()) - row.max_score) > 1e-6:
        raise ValueError("grades.csv's max_score is not the sum of the function maxima")
    return result


def read_roster(path: Path) -> dict[str, str]:
    """student_id -> LTI user id from a roster with columns student_id and lti_user_id (the
    kit's roster, export's columns allowed too). A row with an empty lti_user_id maps
    nobody; a student_id or an LTI user id on two rows is refused."""
    try:
        entries = read_roster_entries(path, require=("student_id", "lti_user_id"))
    except (OSError, ValueError) as exc:
        raise LtiError(f"cannot read the roster {path}: {exc}") from None
    return {e.student_id: e.lti_user_id for e in entries if e.lti_user_id}
