"""What an export reads from a graded ``OUT/``: grades.csv, intake.json and an optional roster,
and how a roster is joined to the graded people.

``OUT/grades.csv`` has one row per person, keyed by the platform's own id (``student_id``:
a Canvas user id or ``anon_…`` id, a Moodle participant number, a GitHub login, an nbgrader
student folder, or a plain folder's entry name), with ``name`` and ``late`` when intake knew
them (an older grades.csv without those columns is read the same way). ``OUT/intake.json``
says which platform the ids belong to (``layout``); without it they are a plain folder's.
``OUT/<id>/detail.json`` (when present) gives the true id of a guarded cell and each
function's maximum.

A grades.csv that lists one id twice is refused (:class:`DuplicateIdError`): one of the two
grades would silently win in the LMS.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from autograder.model import LAYOUTS
from autograder.writers.files import safe_dirname
from autograder.writers.texts import FORMULA_START

FIXED_COLUMNS = ("student_id", "total", "max_score", "status", "message")
IDENTITY_COLUMNS = ("name", "late")  # added by intake; absent in an older grades.csv
ROSTER_FIELDS = (
    "student_id",
    "name",
    "lms_id",
    "sis_id",
    "sis_login",
    "email",
    "section",
    "lti_user_id",
)


class DuplicateIdError(ValueError):
    """grades.csv lists one person twice."""


@dataclass(frozen=True)
class GradeRow:
    student_id: str
    scores: dict[str, float]  # function -> points earned, in grades.csv column order
    max_points: dict[str, float]  # function -> maximum (from detail.json; may be empty)
    total: float
    max_score: float
    status: str
    message: str
    name: str = ""  # the platform's display name, or empty
    late: str = ""  # "yes", "no", or empty when the platform does not say
    checks: tuple[tuple[str, str, float], ...] = ()  # (check, function, points) from detail.json


@dataclass(frozen=True)
class RosterEntry:
    student_id: str
    name: str = ""
    lms_id: str = ""
    sis_id: str = ""
    sis_login: str = ""
    email: str = ""
    section: str = ""
    lti_user_id: str = ""  # the LTI 1.3 user id (``publish --lti``)


@dataclass(frozen=True)
class Intake:
    """``OUT/intake.json``: the platform the ids come from (plain when absent)."""

    layout: str = "plain"
    anonymous: bool = False
    source: str = ""


def _unguard(cell: str) -> str:
    """grades.csv writes a text cell that starts like a formula with a leading quote."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_START) else cell


def _true_id(out_dir: Path, cell: str) -> tuple[str, dict]:
    """grades.csv neutralises formula-like ids with a leading quote: undo that, checked
    against the student's detail.json when there is one."""
    candidates = [cell]
    if _unguard(cell) != cell:
        candidates.insert(0, _unguard(cell))
    for candidate in candidates:
        path = out_dir / safe_dirname(candidate) / "detail.json"
        try:
            detail = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(detail, dict) and detail.get("student_id") == candidate:
            return candidate, detail
    return candidates[0], {}


def function_columns(header: Sequence[str]) -> list[str]:
    return [c for c in header if c not in FIXED_COLUMNS and c not in IDENTITY_COLUMNS]


def _checks(detail: dict) -> tuple[tuple[str, str, float], ...]:
    found = []
    for check in detail.get("checks") or ():
        if isinstance(check, dict) and isinstance(check.get("name"), str):
            score = check.get("score")
            points = float(score) if isinstance(score, (int, float)) else 0.0
            found.append((check["name"], str(check.get("function", "")), points))
    return tuple(found)


NOT_GRADED = frozenset({"ungradable", "grader_error"})  # statuses whose points may be blank


@dataclass(frozen=True)
class RowProblem:
    """A grades.csv row that cannot be used as it is (``line`` counts the header as 1)."""

    student_id: str
    line: int
    message: str
    repeated: bool = False  # the id is on more than one row


@dataclass(frozen=True)
class GradesFile:
    functions: list[str]  # the function columns, in order
    entries: list[GradeRow | RowProblem]  # one per non-blank row, in file order


def _number(text: str, what: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{what} is not a number: {text!r}") from None
    if not math.isfinite(value):
        raise ValueError(f"{what} is not finite: {text!r}")
    return value


def _row(out_dir: Path, cells: dict[str, str], functions: list[str]) -> GradeRow:
    """One row's GradeRow; ValueError when a number cell is not a finite number (blank
    points are 0 only for a row that was not graded)."""
    student_id, detail = _true_id(out_dir, cells["student_id"])
    try:
        scores = {f: _number(cells[f], f) for f in functions}
        total, max_score = (
            _number(cells["total"], "total"),
            _number(cells["max_score"], "max_score"),
        )
    except ValueError:
        if cells["status"] not in NOT_GRADED:
            raise
        scores, total, max_score = dict.fromkeys(functions, 0.0), 0.0, 0.0
    maxima = detail.get("max_points")
    return GradeRow(
        student_id=student_id,
        scores=scores,
        max_points={str(k): float(v) for k, v in maxima.items()}
        if isinstance(maxima, dict)
        else {},
        total=total,
        max_score=max_score,
        status=cells["status"],
        message=_unguard(cells["message"]),
        name=_unguard(cells.get("name", "")),
        late=cells.get("late", "").strip().lower(),
        checks=_checks(detail),
    )


def read_grade_entries(out_dir: Path) -> GradesFile:
    """Every row of ``out_dir/grades.csv``: a GradeRow, or a RowProblem for a row that cannot
    be used (cells missing or extra, a number that is not one, no id, an id listed more than
    once: every row of a repeated id, since which one is genuine cannot be told). One bad row
    never hides the others: a message cell quotes student text. Raises ValueError (OSError)
    when the file cannot be read or lacks the grader's columns."""
    path = out_dir / "grades.csv"
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            table = list(csv.reader(fh))
    except csv.Error as exc:
        raise ValueError(f"cannot read {path}: {exc}") from None
    header = [c.strip() for c in table[0]] if table else []
    missing = [c for c in FIXED_COLUMNS if c not in header]
    if missing:
        raise ValueError(f"{path} has no column {', '.join(missing)}")
    functions = function_columns(header)
    entries: list[tuple[int, GradeRow | RowProblem]] = []
    for line, cells in enumerate(table[1:], start=2):
        if not cells or cells == [""]:
            continue  # a blank line
        named = dict(zip(header, cells, strict=False))
        student_id = _unguard(named.get("student_id", "")) or f"(row {line})"
        if len(cells) != len(header):
            problem = f"grades.csv row {line} has {len(cells)} cells, not {len(header)}"
        elif not named["student_id"]:
            problem = f"grades.csv row {line} has no student_id"
        else:
            try:
                entries.append((line, _row(out_dir, named, functions)))
                continue
            except ValueError as exc:
                problem = f"grades.csv row {line}: {exc}"
        entries.append((line, RowProblem(student_id, line, problem)))
    lines: dict[str, list[int]] = {}
    for line, entry in entries:
        lines.setdefault(entry.student_id, []).append(line)
    marked: list[GradeRow | RowProblem] = []
    for line, entry in entries:
        at = lines[entry.student_id]
        if len(at) > 1:
            where = ", ".join(map(str, at))
            entry = RowProblem(
                entry.student_id,
                line,
                f"student_id appears more than once in grades.csv (lines {where})",
                repeated=True,
            )
        marked.append(entry)
    return GradesFile(functions, marked)


def read_grades(out_dir: Path) -> list[GradeRow]:
    """The rows of ``out_dir/grades.csv``, sorted by student id, all or nothing: raises
    DuplicateIdError naming every id listed more than once, ValueError naming every other
    row that cannot be used (see read_grade_entries)."""
    path = out_dir / "grades.csv"
    entries = read_grade_entries(out_dir).entries
    problems = [e for e in entries if isinstance(e, RowProblem)]
    twice: dict[str, list[int]] = {}
    for problem in problems:
        if problem.repeated:
            twice.setdefault(problem.student_id, []).append(problem.line)
    if twice:
        named = "; ".join(
            f"{sid!r} on lines {', '.join(map(str, at))}" for sid, at in sorted(twice.items())
        )
        raise DuplicateIdError(
            f"{path} lists the same student_id more than once ({named}): one person with two "
            "grades, and the LMS would keep whichever comes last. Nothing was written. "
            "Grade the class again (intake groups a person's files into one row), or remove "
            "the wrong row."
        )
    if problems:
        raise ValueError(
            f"{path} has rows that cannot be read ({'; '.join(p.message for p in problems)}). "
            "Nothing was written. Grade the class again, or fix those rows."
        )
    return sorted((e for e in entries if isinstance(e, GradeRow)), key=lambda r: r.student_id)


def read_intake(out_dir: Path, warnings: list[str] | None = None) -> Intake:
    """``out_dir/intake.json``, or a plain layout when it is absent. A file that cannot be
    read is said in ``warnings`` and taken as plain: ids are then never used as LMS ids."""
    path = out_dir / "intake.json"
    if not path.exists():
        return Intake()
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        layout = doc["layout"]
        if layout not in LAYOUTS:
            raise ValueError(f"layout {layout!r} is not one of {', '.join(LAYOUTS)}")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        if warnings is not None:
            warnings.append(f"{path} cannot be read ({exc}); taking the ids as a plain folder's")
        return Intake()
    return Intake(
        layout=layout, anonymous=doc.get("anonymous") is True, source=str(doc.get("source", ""))
    )


def read_roster(path: Path, *, require: Sequence[str] = ("student_id",)) -> list[RosterEntry]:
    """Roster entries in file order; refuses a file without the ``require`` columns, or
    with a student_id, lms_id or lti_user_id on two rows. ValueError (OSError) says why."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        columns = [h.strip() for h in reader.fieldnames or []]
        absent = [c for c in require if c not in columns]
        if absent:
            raise ValueError(f"roster {path} has no {' or '.join(absent)} column")
        entries: list[RosterEntry] = []
        seen: dict[str, dict[str, int]] = {"student_id": {}, "lms_id": {}, "lti_user_id": {}}
        for line, raw in enumerate(reader, start=2):
            cells = {(k or "").strip(): (v or "").strip() for k, v in raw.items() if k}
            entry = RosterEntry(**{f: cells.get(f, "") for f in ROSTER_FIELDS})
            if not entry.student_id:
                if any(cells.values()):
                    raise ValueError(f"roster {path}, line {line}: student_id is empty")
                continue  # a blank line
            for column in seen:
                value = getattr(entry, column)
                if value and value in seen[column]:
                    first = seen[column][value]
                    said = "repeats" if column == "student_id" else "is given to two students"
                    raise ValueError(
                        f"roster {path}, line {line}: {column} {value!r} {said} (line {first})"
                    )
                seen[column].setdefault(value, line)
            entries.append(entry)
    return entries


Pair = tuple[RosterEntry | None, GradeRow | None]


@dataclass(frozen=True)
class Joined:
    pairs: list[Pair]  # output order: roster order, then the graded people not on it
    not_on_roster: list[str]  # graded ids that match no roster row
    not_graded: list[str]  # roster student ids that match no graded person


def join(rows: Sequence[GradeRow], roster: Sequence[RosterEntry] | None) -> Joined:
    """Pair roster rows with graded people: by student_id, else by the roster's lms_id
    (the platform's id, which a roster keyed by something else may still carry)."""
    if roster is None:
        return Joined([(None, r) for r in sorted(rows, key=lambda r: r.student_id)], [], [])
    by_id = {r.student_id: r for r in rows}
    taken: set[str] = {e.student_id for e in roster if e.student_id in by_id}
    pairs: list[Pair] = []
    not_graded = []
    for entry in roster:
        row = by_id.get(entry.student_id)
        if row is None and entry.lms_id in by_id and entry.lms_id not in taken:
            row = by_id[entry.lms_id]
            taken.add(entry.lms_id)
        if row is None:
            not_graded.append(entry.student_id)
        pairs.append((entry, row))
    extra = sorted(sid for sid in by_id if sid not in taken)
    return Joined(pairs + [(None, by_id[sid]) for sid in extra], extra, not_graded)
