"""Reading a graded ``OUT/``: ``grades.csv``, each student's ``detail.json``, and the roster."""

from __future__ import annotations

import csv
import io
import json
import math
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from autograder.lti.config import LtiError
from autograder.writers.files import safe_dirname
from autograder.writers.report_text import FORMULA_START

GRADES_TAIL = ("total", "max_score", "status", "message")


@dataclass(frozen=True)
class GradeRow:
    student_id: str
    status: str
    earned: dict[str, float]  # function -> points, in grades.csv column order
    total: float
    max_score: float
    folder: Path
    message: str = ""  # grades.csv's message: why a submission is ungradable, say


def _uncell(text: str) -> str:
    """Undo grades.csv's formula guard (a ``'`` put before ``=``, ``+``, ``-``, ``@``...)."""
    if text.startswith("'") and text[1:2] and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text


def _number(text: str, what: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{what} is not a number: {text!r}") from None
    if not math.isfinite(value):
        raise ValueError(f"{what} is not finite: {text!r}")
    return value


NOT_GRADED = frozenset({"ungradable", "grader_error"})


def read_grades(out: Path) -> tuple[list[str], list[GradeRow | tuple[str, str]]]:
    """The function columns and one entry per grades.csv row: a GradeRow, or
    ``(student_id, problem)`` for a row that cannot be published as it is.

    A bad row never stops the others: a message cell can quote student text, so one
    malformed or repeated row must not block the class. A repeated student id makes every
    row with that id unusable (which one is genuine cannot be told)."""
    path = out / "grades.csv"
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise LtiError(f"cannot read {path}: {exc} (run `grade` first)") from None
    if not rows:
        raise LtiError(f"{path} is empty")
    header = rows[0]
    if len(header) < 6 or header[0] != "student_id" or tuple(header[-4:]) != GRADES_TAIL:
        raise LtiError(f"{path} does not have the grader's columns: {','.join(header)}")
    # name and late (since issue 17; absent in an older grades.csv) are not points
    columns = {c: i for i, c in enumerate(header[:-4]) if i and c not in ("name", "late")}
    functions = list(columns)
    entries: list[GradeRow | tuple[str, str]] = []
    for number, row in enumerate(rows[1:], start=2):
        if not row or row == [""]:
            continue
        student_id = _uncell(row[0]) or f"(row {number})"
        if len(row) != len(header):
            entries.append((student_id, f"grades.csv row {number} has {len(row)} cells"))
            continue
        status = row[-2]
        try:
            earned = {fn: _number(row[i], fn) for fn, i in columns.items()}
            total = _number(row[-4], "total")
            max_score = _number(row[-3], "max_score")
        except ValueError as exc:
            if status in NOT_GRADED:
                earned, total, max_score = dict.fromkeys(functions, 0.0), 0.0, 0.0
            else:
                entries.append((student_id, f"grades.csv row {number}: {exc}"))
                continue
        folder = out / safe_dirname(student_id)
        message = _uncell(row[-1])
        entries.append(GradeRow(student_id, status, earned, total, max_score, folder, message))
    ids = [e.student_id if isinstance(e, GradeRow) else e[0] for e in entries]
    repeated = {sid for sid, n in Counter(ids).items() if n > 1}
    return functions, [
        (sid, "student_id appears more than once in grades.csv") if sid in repeated else entry
        for sid, entry in zip(ids, entries, strict=True)
    ]


def _function_maxima(row: GradeRow, functions: list[str]) -> dict[str, float]:
    """Each function's maximum, from detail.json, checked against grades.csv."""
    path = row.folder / "detail.json"
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(
            f"cannot read {row.folder.name}/detail.json ({type(exc).__name__})"
        ) from None
    if not isinstance(doc, dict) or doc.get("student_id") != row.student_id:
        raise ValueError(f"{row.folder.name}/detail.json belongs to another student")
    maxima = doc.get("max_points")
    if not isinstance(maxima, dict):
        raise ValueError(f"{row.folder.name}/detail.json has no max_points")
    result: dict[str, float] = {}
    for fn in functions:
        value = maxima.get(fn)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise ValueError(f"{row.folder.name}/detail.json has no maximum for {fn}")
        result[fn] = float(value)
    total = doc.get("total")
    if not isinstance(total, (int, float)) or abs(float(total) - row.total) > 1e-6:
        raise ValueError("grades.csv and detail.json disagree on the total")
    if abs(sum(result.values()) - row.max_score) > 1e-6:
        raise ValueError("grades.csv's max_score is not the sum of the function maxima")
    return result


def read_roster(path: Path) -> dict[str, str]:
    """student_id -> LTI user id from a CSV with columns student_id, lti_user_id (others are
    ignored). A row with an empty lti_user_id maps nobody."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise LtiError(f"cannot read the roster {path}: {exc}") from None
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise LtiError(f"cannot read the roster {path}: {exc}") from None
    columns = [c.strip() for c in rows[0]] if rows else []
    if "student_id" not in columns or "lti_user_id" not in columns:
        raise LtiError(f"the roster {path} needs the columns student_id and lti_user_id")
    mapping: dict[str, str] = {}
    owners: dict[str, str] = {}
    for number, cells in enumerate(rows[1:], start=2):
        row = dict(zip(columns, cells, strict=False))  # short rows: empty cells
        student_id = (row.get("student_id") or "").strip()
        user_id = (row.get("lti_user_id") or "").strip()
        if not student_id or not user_id:
            continue
        if mapping.get(student_id, user_id) != user_id:
            raise LtiError(f"the roster {path} line {number} maps {student_id!r} a second time")
        if owners.get(user_id, student_id) != student_id:
            raise LtiError(
                f"the roster {path} line {number} gives LTI user {user_id!r} to two students "
                f"({owners[user_id]!r} and {student_id!r})"
            )
        mapping[student_id] = user_id
        owners[user_id] = student_id
    return mapping
