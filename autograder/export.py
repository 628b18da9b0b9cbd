"""Gradebook exports from a graded ``OUT/`` folder: Canvas, Moodle or a plain CSV.

``OUT/grades.csv`` gives each submission's points; ``OUT/<id>/detail.json`` (when present)
gives the true student id and each function's maximum.

Roster (optional): a UTF-8 CSV (a BOM is fine) with a header row. Only ``student_id`` is
required; other columns may be blank or absent, and unknown columns are ignored.

    student_id  the kit's id: the submission's folder or file name, as in grades.csv
    name        display name (Canvas exports "Last, First"; either form matches)
    lms_id      Canvas user ID (Canvas's ``ID`` column)
    sis_id      SIS user ID (Canvas ``SIS User ID``; Moodle ``idnumber``)
    sis_login   login name (Canvas ``SIS Login ID``; Moodle ``username``)
    email       email address (Moodle ``email``)
    section     Canvas section name

Rows come in roster order, then the submissions that are not on the roster by student id
(without a roster: by student id). A roster student without a submission gets 0, or is
excused (``missing="excused"``: ``EX`` in Canvas and the plain CSV, ``-`` = no grade in
Moodle). A submission that is not on the roster is never dropped: it is exported with blank
LMS ids and listed in ``Export.not_on_roster`` and the warnings. Moodle skips a row whose
identifier is blank and gives its grade to the row above, so in the Moodle file such a row
(and any row whose identifier is blank) carries the kit's student id instead: Moodle then
matches it or refuses the import, naming it.

Identifiers are written exactly; free text is guarded. A cell that starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return can run as a formula when a spreadsheet program
opens the file, so names, section names, titles and feedback get a leading ``'`` (as in
grades.csv). The cells an importer matches students on are not text to it but keys, compared
exactly: Canvas looks up ``ID`` as a number and ``SIS User ID`` / ``SIS Login ID`` as they
are; Moodle looks the mapped column up in its user table (after trimming spaces). A guarded
``'+8210001`` matches nobody: Canvas drops the grade (or makes a new student), Moodle refuses
the whole import. So the Canvas ``ID``, ``SIS User ID`` and ``SIS Login ID`` cells and the
Moodle identifier column (username, idnumber or email, or the kit's student id standing in
for one) are written exactly, and such a value is named in a warning: the file is for the
importer; opened in a spreadsheet first, that cell may be read as a formula. The plain CSV
is for people and spreadsheets, not an importer: its cells keep the guard.

A grader error (status ``grader_error``: the kit failed, not the student) is not a grade, so
it is left out of the Canvas and Moodle files (the LMS keeps what it had), as ``publish``
leaves it unposted; the plain CSV lists it with its status. An ungradable submission (status
``ungradable``: missing, empty or broken) is a real 0 with the reason in the feedback, in
every export and in ``publish``.
"""

from __future__ import annotations

import argparse
import csv
import html
import inspect
import io
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from autograder.writers.files import safe_dirname, write_atomic
from autograder.writers.report_text import FORMULA_START, csv_cell, fmt_points

FORMATS = ("canvas", "moodle", "csv")
MISSING = ("zero", "excused")
MOODLE_IDS = {"username": "sis_login", "email": "email", "idnumber": "sis_id"}
ROSTER_FIELDS = ("student_id", "name", "lms_id", "sis_id", "sis_login", "email", "section")
FIXED_COLUMNS = ("student_id", "total", "max_score", "status", "message")
IDENTITY_COLUMNS = ("name", "late")  # grades.csv since issue 17; absent in older ones
CANVAS_HEADER = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
POINTS_POSSIBLE = "    Points Possible"  # four leading spaces, as Canvas writes it


@dataclass(frozen=True)
class GradeRow:
    student_id: str
    scores: dict[str, float]  # function -> points earned, in grades.csv column order
    max_points: dict[str, float]  # function -> maximum (from detail.json; may be empty)
    total: float
    max_score: float
    status: str
    message: str


@dataclass(frozen=True)
class RosterEntry:
    student_id: str
    name: str = ""
    lms_id: str = ""
    sis_id: str = ""
    sis_login: str = ""
    email: str = ""
    section: str = ""


@dataclass
class Export:
    text: str
    not_on_roster: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _true_id(out_dir: Path, cell: str) -> tuple[str, dict]:
    """grades.csv neutralises formula-like ids with a leading quote: undo that, checked
    against the student's detail.json when there is one."""
    candidates = [cell]
    if cell.startswith("'") and cell[1:].startswith(FORMULA_START):
        candidates.insert(0, cell[1:])
    for candidate in candidates:
        path = out_dir / safe_dirname(candidate) / "detail.json"
        try:
            detail = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(detail, dict) and detail.get("student_id") == candidate:
            return candidate, detail
    return candidates[0], {}


def graded_assignment(out_dir: Path) -> str:
    """The name of the assignment ``out_dir`` was graded for: the one whose functions are
    grades.csv's columns (else the folder's name)."""
    from autograder.assignment import available, load_assignment

    with (out_dir / "grades.csv").open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh), [])
    functions = [c for c in header if c not in (*FIXED_COLUMNS, *IDENTITY_COLUMNS)]
    for name in available():
        if list(load_assignment(name).functions) == functions:
            return name
    return out_dir.resolve().name


def read_grades(out_dir: Path) -> list[GradeRow]:
    """The rows of ``out_dir/grades.csv``, sorted by student id."""
    with (out_dir / "grades.csv").open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        header = reader.fieldnames or []
        missing = [c for c in FIXED_COLUMNS if c not in header]
        if missing:
            raise ValueError(f"{out_dir / 'grades.csv'} has no column {', '.join(missing)}")
        functions = [c for c in header if c not in (*FIXED_COLUMNS, *IDENTITY_COLUMNS)]
        rows = []
        for raw in reader:
            student_id, detail = _true_id(out_dir, raw["student_id"])
            maxima = detail.get("max_points")
            rows.append(
                GradeRow(
                    student_id=student_id,
                    scores={f: float(raw[f] or 0) for f in functions},
                    max_points={str(k): float(v) for k, v in maxima.items()}
                    if isinstance(maxima, dict)
                    else {},
                    total=float(raw["total"] or 0),
                    max_score=float(raw["max_score"] or 0),
                    status=raw["status"],
                    message=raw["message"] or "",
                )
            )
    return sorted(rows, key=lambda r: r.student_id)


def read_roster(path: Path) -> list[RosterEntry]:
    """Roster entries in file order; refuses a file without student_id or with repeats."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        if "student_id" not in [h.strip() for h in reader.fieldnames or []]:
            raise ValueError(f"roster {path} has no student_id column")
        entries: list[RosterEntry] = []
        seen: set[str] = set()
        for line, raw in enumerate(reader, start=2):
            cells = {(k or "").strip(): (v or "").strip() for k, v in raw.items() if k}
            entry = RosterEntry(**{f: cells.get(f, "") for f in ROSTER_FIELDS})
            if not entry.student_id:
                if any(cells.values()):
                    raise ValueError(f"roster {path}, line {line}: student_id is empty")
                continue  # a blank line
            if entry.student_id in seen:
                raise ValueError(f"roster {path}, line {line}: {entry.student_id!r} repeats")
            seen.add(entry.student_id)
            entries.append(entry)
    return entries


Pair = tuple[RosterEntry | None, GradeRow | None]


def join(
    rows: Sequence[GradeRow], roster: Sequence[RosterEntry] | None
) -> tuple[list[Pair], list[str]]:
    """(roster entry, grade row) pairs in output order, and the ids not on the roster."""
    if roster is None:
        return [(None, r) for r in sorted(rows, key=lambda r: r.student_id)], []
    by_id = {r.student_id: r for r in rows}
    pairs: list[Pair] = [(e, by_id.get(e.student_id)) for e in roster]
    listed = {e.student_id for e in roster}
    extra = sorted(sid for sid in by_id if sid not in listed)
    return pairs + [(None, by_id[sid]) for sid in extra], extra


def feedback_text(row: GradeRow) -> str:
    """A one-line summary for an LMS feedback field: points per function and the total."""
    parts = []
    for fn, got in row.scores.items():
        most = row.max_points.get(fn)
        parts.append(f"{fn} {fmt_points(got)}" + (f"/{fmt_points(most)}" if most else ""))
    text = ", ".join(parts) + f" (total {fmt_points(row.total)}/{fmt_points(row.max_score)})"
    if row.status != "graded":
        text += f" [{row.status}" + (f": {row.message}" if row.message else "") + "]"
    return text


def _exact(value: object) -> str:
    """An identifier cell: written as it is (no formula guard; see the module docstring),
    only made encodable (a lone surrogate from a non-UTF-8 file name is backslash-escaped)."""
    text = str(value)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def _formula_like(cells: list[str], what: str, warnings: list[str]) -> None:
    for cell in cells:
        if cell.startswith(FORMULA_START):
            warnings.append(
                f"{what} {cell!r} is written exactly for the importer; a spreadsheet program "
                "may read it as a formula, so import the file without opening it in one"
            )


def _write(rows: list[list[str]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


def _canvas(
    pairs: list[Pair], column: str, most: str, absent: str, warnings: list[str]
) -> list[list[str]]:
    table = [[*CANVAS_HEADER, csv_cell(column)], [POINTS_POSSIBLE, "", "", "", "", most]]
    for entry, row in pairs:
        e = entry or RosterEntry(row.student_id if row else "")
        # Canvas matches ID (a number), then SIS User ID, then SIS Login ID, each exactly;
        # the name only when none of them matched. Keys exact, text guarded.
        keys = [_exact(e.lms_id), _exact(e.sis_id), _exact(e.sis_login)]
        _formula_like(keys, "Canvas id", warnings)
        name, section = csv_cell(e.name or e.student_id), csv_cell(e.section)
        table.append([name, *keys, section, fmt_points(row.total) if row else absent])
    return table


def _moodle(
    pairs: list[Pair], title: str, moodle_id: str, absent: str, warnings: list[str]
) -> list[list[str]]:
    table = [[moodle_id, csv_cell(title), "feedback"]]
    for entry, row in pairs:
        sid = entry.student_id if entry else row.student_id if row else ""
        ident = getattr(entry, MOODLE_IDS[moodle_id]) if entry else sid
        if not ident:  # never blank: Moodle would give this grade to the row above
            ident = sid
            warnings.append(f"roster has no {moodle_id} for {sid}; using {sid}")
        grade, note = (fmt_points(row.total), feedback_text(row)) if row else (absent, "")
        # Moodle shows feedback as HTML; the message may quote a student's file or zip member
        # name, so <, > and & are written as entities (they still read the same).
        note = html.escape(note, quote=False)
        ident = _exact(ident)  # Moodle looks it up exactly: a guarded id matches nobody
        _formula_like([ident], f"Moodle {moodle_id}", warnings)
        table.append([ident, grade, csv_cell(note or "no submission")])
    return table


def _plain(pairs: list[Pair], most: str, absent: str) -> list[list[str]]:
    table = [["student_id", "name", "email", "total", "max_score", "status"]]
    for entry, row in pairs:
        e = entry or RosterEntry(row.student_id if row else "")
        cells = [fmt_points(row.total), fmt_points(row.max_score), row.status] if row else []
        who = [csv_cell(e.student_id), csv_cell(e.name), csv_cell(e.email)]
        table.append(who + (cells or [absent, most, "missing"]))
    return table


def export(
    out_dir: Path,
    *,
    to: str,
    roster: Path | None = None,
    assignment_title: str | None = None,
    canvas_assignment_id: int | None = None,
    missing: str = "zero",
    moodle_id: str = "username",
) -> Export:
    """Build the ``to`` export (canvas, moodle or csv) of the graded ``out_dir``."""
    for name, value, allowed in (
        ("to", to, FORMATS),
        ("missing", missing, MISSING),
        ("moodle_id", moodle_id, tuple(MOODLE_IDS)),
    ):
        if value not in allowed:
            raise ValueError(f"{name} must be one of {', '.join(allowed)}, not {value!r}")
    rows = read_grades(out_dir)
    assignment_title = assignment_title or graded_assignment(out_dir)
    pairs, extra = join(rows, read_roster(roster) if roster is not None else None)
    result = Export("", not_on_roster=extra)
    # A grader error is not a grade: left out of an LMS file, as publish leaves it unposted.
    errors = {r.student_id for r in rows if r.status == "grader_error"}
    dropped = errors if to != "csv" else set()
    pairs = [(e, r) for e, r in pairs if r is None or r.student_id not in dropped]
    shown = [sid for sid in extra if sid not in dropped]
    if shown:
        how = {"canvas": "with blank LMS ids", "moodle": "identified by their kit id"}
        result.warnings.append(
            f"{len(shown)} submission(s) not on the roster, exported "
            f"{how.get(to, 'without name or email')}: " + ", ".join(shown)
        )
    if roster is None and to != "csv":
        result.warnings.append("no roster: students are identified by their kit id only")
    for sid in sorted(errors):
        left_out = " (left out of the file: the LMS keeps its grade)" if dropped else ""
        result.warnings.append(f"grader error for {sid}{left_out}: regrade, then export again")
    max_score = max((r.max_score for r in rows), default=None)
    most = fmt_points(max_score) if max_score is not None else ""
    absent = "0" if missing == "zero" else "EX"
    if to == "canvas":
        column = assignment_title
        if canvas_assignment_id is not None:
            column = f"{assignment_title} ({canvas_assignment_id})"
        table = _canvas(pairs, column, most, absent, result.warnings)
    elif to == "moodle":  # Moodle's "no grade" is "-"
        dash = absent.replace("EX", "-")
        table = _moodle(pairs, assignment_title, moodle_id, dash, result.warnings)
    else:
        table = _plain(pairs, most, absent)
    result.text = _write(table)
    return result


def _default(name: str) -> object:
    return inspect.signature(export).parameters[name].default


def add_export_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """The ``export`` subcommand. Options left out keep the defaults of ``export()``."""
    parser = subparsers.add_parser(
        "export",
        help="write a gradebook import file (Canvas, Moodle or CSV) from a graded OUT",
        description="Read OUT/grades.csv (and an optional roster) and write the gradebook "
        "import file of an LMS. Submissions not on the roster are kept and reported.",
    )
    parser.add_argument("out", type=Path, metavar="OUT", help="a folder graded by `grade`")
    parser.add_argument("--to", required=True, choices=FORMATS)
    for flag, extra, text in (
        (
            "--roster",
            {"type": Path, "metavar": "FILE"},
            "CSV with student_id, name, lms_id, "
            "sis_id, sis_login, email, section (only student_id is required)",
        ),
        (
            "--assignment-title",
            {"metavar": "T"},
            "gradebook column title (default: the graded assignment's name, found from "
            "grades.csv's columns)",
        ),
        (
            "--canvas-assignment-id",
            {"type": int, "metavar": "N"},
            "Canvas assignment id: the column becomes 'T (N)' (default: the title alone)",
        ),
        (
            "--missing",
            {"choices": MISSING},
            f"roster students without a submission (default: {_default('missing')})",
        ),
        (
            "--moodle-id",
            {"choices": tuple(MOODLE_IDS)},
            f"Moodle identifier column (default: {_default('moodle_id')})",
        ),
    ):
        parser.add_argument(flag, default=argparse.SUPPRESS, help=text, **extra)
    parser.add_argument(
        "--output", type=Path, default=None, metavar="FILE", help="default: OUT/export-<to>.csv"
    )
    return parser


def run_export(args: argparse.Namespace) -> int:
    """Write the export named by the parsed ``export`` arguments; 2 on a usage error."""
    options = ("roster", "assignment_title", "canvas_assignment_id", "missing", "moodle_id")
    kwargs = {name: getattr(args, name) for name in options if hasattr(args, name)}
    if not (args.out / "grades.csv").is_file():
        print(f"error: {args.out / 'grades.csv'} not found; grade the class first", file=sys.stderr)
        return 2
    try:
        result = export(args.out, to=args.to, **kwargs)
    except (OSError, ValueError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    output = args.output or args.out / f"export-{args.to}.csv"
    write_atomic(output, result.text)
    print(f"Wrote {output}")
    return 0
