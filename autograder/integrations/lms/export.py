"""Gradebook exports from a graded ``OUT/`` folder: Canvas, Moodle (gradebook CSV, the
assignment's grading worksheet, a zip of feedback files) or a plain CSV.

Every file is keyed by the platform's own ids, which intake wrote into ``OUT/grades.csv``
(``student_id``) and whose platform ``OUT/intake.json`` names (``export_data.py``): no roster
is needed. With a Canvas download the ids are Canvas user ids and fill Canvas's ``ID``
column; with a Moodle download they are participant numbers, the keys of the worksheet and
the feedback zip (``export_moodle.py``). Ids of another layout (a plain folder, Classroom
logins, nbgrader students) are never taken for an LMS id.

Roster (optional): a UTF-8 CSV (a BOM is fine) with a header row, for names, SIS ids and the
Moodle gradebook import's username / idnumber / email. Only ``student_id`` is required;
other columns may be blank or absent, and unknown columns are ignored.

    student_id  the graded id, as in grades.csv
    name        display name (Canvas exports "Last, First"; either form matches)
    lms_id      the LMS's id: Canvas user ID, or Moodle participant number (N of "Participant N")
    sis_id      SIS user ID (Canvas ``SIS User ID``; Moodle ``idnumber``)
    sis_login   login name (Canvas ``SIS Login ID``; Moodle ``username``)
    email       email address (Moodle ``email``)
    section     Canvas section name
    lti_user_id the LTI 1.3 user id (read by ``publish --lti``; ignored here)

A roster row matches a graded person by ``student_id``, else by ``lms_id`` (a roster keyed
by something else still reaches the platform's id). Rows come in roster order, then the
graded people who are not on the roster (by id). A roster person who matches no graded person
gets 0, or is excused (``missing="excused"``: ``EX`` in Canvas and the plain CSV, ``-`` = no
grade in the Moodle files), and is named in a warning. A graded person not on the roster is
never dropped and is named in a warning too.

A grades.csv row that cannot be read (cells missing, a points cell that is not a number) is
refused with its line, and nothing is written.

Nothing is ever written twice for one person: a grades.csv listing an id twice, or two rows
that would reach the same LMS key (Canvas ID, SIS id, login, Moodle identifier, participant
number), is refused with a message naming it, and nothing is written. Canvas's importer
looks ``ID`` up as a number (``"12abc".to_i`` is 12: someone else), so an ID that is not
all digits is refused, and so are anonymous ids (``anon_…``, Canvas's anonymous grading):
they match nobody. Turn anonymity off (post the grades), download and grade again, or map
each ``anon_…`` id to its Canvas user id with a roster (``student_id,lms_id``).

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
it is left out of the LMS files (the LMS keeps what it had), as ``publish`` leaves it
unposted; the plain CSV lists it with its status. An ungradable submission (status
``ungradable``: missing, empty or broken) is a real 0 with the reason in the feedback, in
every export and in ``publish``.
"""

from __future__ import annotations

import argparse
import csv
import html
import inspect
import io
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from autograder.integrations.lms.moodle import feedback_zip, worksheet_table
from autograder.integrations.lms.rows import (
    DuplicateIdError,
    GradeRow,
    Intake,
    Joined,
    Pair,
    RosterEntry,
    function_columns,
    join,
    read_grades,
    read_intake,
    read_roster,
)
from autograder.writers.files import write_atomic
from autograder.writers.texts import FORMULA_START, csv_cell, fmt_points

__all__ = [
    "CANVAS_HEADER",
    "FORMATS",
    "POINTS_POSSIBLE",
    "DuplicateIdError",
    "Export",
    "GradeRow",
    "RosterEntry",
    "add_export_parser",
    "export",
    "export_command",
    "feedback_text",
    "graded_assignment",
    "join",
    "read_grades",
    "read_roster",
]

FORMATS = ("canvas", "moodle", "moodle-worksheet", "moodle-feedback", "csv")
MISSING = ("zero", "excused")
MOODLE_IDS = {"username": "sis_login", "email": "email", "idnumber": "sis_id"}
DEFAULT_MISSING, DEFAULT_MOODLE_ID = "zero", "username"  # export() and export_command()
CANVAS_HEADER = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
POINTS_POSSIBLE = "    Points Possible"  # four leading spaces, as Canvas writes it
LMS_LAYOUTS = ("canvas", "moodle")  # layouts whose ids are an LMS's own, never a user field


@dataclass
class Export:
    text: str  # the CSV, or for a zip the list of its members
    not_on_roster: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    not_graded: list[str] = field(default_factory=list)
    data: bytes | None = None  # the zip (moodle-feedback)

    @property
    def payload(self) -> bytes:
        return self.data if self.data is not None else self.text.encode("utf-8")

    @property
    def suffix(self) -> str:
        return ".zip" if self.data is not None else ".csv"


def graded_assignment(out_dir: Path) -> str:
    """The name of the assignment ``out_dir`` was graded for: the one whose functions are
    grades.csv's columns (else the folder's name)."""
    from autograder.assignment import available, load_assignment

    with (out_dir / "grades.csv").open(encoding="utf-8-sig", newline="") as fh:
        header = next(csv.reader(fh), [])
    functions = function_columns(header)
    for name in available():
        if list(load_assignment(name).functions) == functions:
            return name
    return out_dir.resolve().name


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


def _names(ids: Sequence[str]) -> str:
    return ", ".join(ids)


def _refuse_twice(column: str, keyed: dict[str, list[str]]) -> None:
    """ValueError naming each LMS key that two graded people would reach."""
    twice = {key: who for key, who in keyed.items() if key and len(who) > 1}
    if twice:
        named = "; ".join(f"{key!r} ({_names(who)})" for key, who in sorted(twice.items()))
        raise ValueError(
            f"two people would be written under one {column}: {named}. The LMS would keep "
            "only the last. Fix the roster (or grades.csv); nothing was written."
        )


def _canvas_id(entry: RosterEntry | None, row: GradeRow | None, intake: Intake) -> str:
    if entry is not None and entry.lms_id:
        return entry.lms_id
    return row.student_id if row is not None and intake.layout == "canvas" else ""


def _canvas(
    pairs: list[Pair], column: str, most: str, absent: str, intake: Intake, warnings: list[str]
) -> list[list[str]]:
    anonymous, not_numbers, by_name = [], [], []
    keyed: dict[str, dict[str, list[str]]] = {"ID": {}, "SIS User ID": {}, "SIS Login ID": {}}
    table = [[*CANVAS_HEADER, csv_cell(column)], [POINTS_POSSIBLE, "", "", "", "", most]]
    for entry, row in pairs:
        e = entry or RosterEntry(row.student_id if row else "")
        lms_id = _canvas_id(entry, row, intake)
        if lms_id.startswith("anon_"):
            anonymous.append(lms_id)
        elif lms_id and not (lms_id.isdigit() and lms_id.isascii()):
            not_numbers.append(f"{e.student_id} ({lms_id!r})")
        # Canvas matches ID (a number), then SIS User ID, then SIS Login ID, each exactly;
        # the name only when none of them matched. Keys exact, text guarded.
        keys = [_exact(lms_id), _exact(e.sis_id), _exact(e.sis_login)]
        for seen, key in zip(keyed.values(), keys, strict=True):
            seen.setdefault(key, []).append(e.student_id)
        if row is not None and not any(keys):
            by_name.append(e.student_id)
        _formula_like(keys, "Canvas id", warnings)
        name = (entry.name if entry else "") or (row.name if row else "") or e.student_id
        cells = [csv_cell(name), *keys, csv_cell(e.section)]
        table.append([*cells, fmt_points(row.total) if row else absent])
    if anonymous:
        raise ValueError(
            f"Canvas cannot import anonymous ids ({_names(anonymous)}): its gradebook importer "
            "looks ID up as a number, and an anon_ id matches no one. Post the grades (which "
            "ends the anonymity), download the submissions again and grade them, or give a "
            "roster that maps each anon_ id (student_id) to its Canvas user id (lms_id). "
            "Nothing was written."
        )
    if not_numbers:
        raise ValueError(
            f"Canvas IDs must be numbers (Canvas reads '12abc' as 12, another person): "
            f"{_names(not_numbers)}. Nothing was written."
        )
    for title, seen in keyed.items():
        _refuse_twice(f"Canvas {title}", seen)
    if by_name:
        warnings.append(
            "no Canvas ID, SIS User ID or SIS Login ID for "
            f"{_names(by_name)}: Canvas can match them only by name, and otherwise adds them "
            "as new students (grade a Canvas download, or give a roster with lms_id)"
        )
    return table


def _moodle(
    pairs: list[Pair],
    title: str,
    moodle_id: str,
    absent: str,
    warnings: list[str],
    intake: Intake | None = None,
) -> list[list[str]]:
    intake = intake or Intake()
    table = [[moodle_id, csv_cell(title), "feedback"]]
    keyed: dict[str, list[str]] = {}
    unknown = []
    for entry, row in pairs:
        sid = entry.student_id if entry else row.student_id if row else ""
        ident = getattr(entry, MOODLE_IDS[moodle_id]) if entry else ""
        if not ident:  # never blank: Moodle would give this grade to the row above
            if intake.layout in LMS_LAYOUTS:
                unknown.append(sid)
                continue
            ident = sid
            if entry is not None:  # else a warning names everyone not on the roster
                warnings.append(f"roster has no {moodle_id} for {sid}; using {sid}")
        grade, note = (fmt_points(row.total), feedback_text(row)) if row else (absent, "")
        # Moodle shows feedback as HTML; the message may quote a student's file or zip member
        # name, so <, > and & are written as entities (they still read the same).
        note = html.escape(note, quote=False)
        ident = _exact(ident)  # Moodle looks it up exactly: a guarded id matches nobody
        keyed.setdefault(ident.strip(), []).append(sid)
        _formula_like([ident], f"Moodle {moodle_id}", warnings)
        table.append([ident, grade, csv_cell(note or "no submission")])
    if unknown:
        raise ValueError(
            f"Moodle's grade import matches a {moodle_id}, and the roster gives none for "
            f"{_names(unknown)} (ids of a {intake.layout} download are not Moodle user "
            "fields). Give them in the roster, or use --to moodle-worksheet, which Moodle "
            "matches by participant number. Nothing was written."
        )
    _refuse_twice(f"Moodle {moodle_id}", keyed)
    return table


def _plain(pairs: list[Pair], most: str, absent: str) -> list[list[str]]:
    table = [["student_id", "name", "email", "total", "max_score", "status", "late"]]
    for entry, row in pairs:
        e = entry or RosterEntry(row.student_id if row else "")
        name = e.name or (row.name if row else "")
        cells = [fmt_points(row.total), fmt_points(row.max_score), row.status] if row else []
        who = [csv_cell(e.student_id), csv_cell(name), csv_cell(e.email)]
        table.append(who + (cells or [absent, most, "missing"]) + [row.late if row else ""])
    return table


def _roster_warnings(joined: Joined, to: str, absent: str, dropped: set[str]) -> list[str]:
    warnings = []
    shown = [sid for sid in joined.not_on_roster if sid not in dropped]
    if shown:
        how = {
            "canvas": "with the LMS ids they have",
            "moodle": "identified by their kit id",
            "csv": "without name or email",
        }
        warnings.append(
            f"{len(shown)} graded person(s) not on the roster, exported "
            f"{how.get(to, 'by their participant number')}: " + _names(shown)
        )
    if joined.not_graded:
        written = {"0": "written as 0", "EX": "excused", "-": "written with no grade"}
        how = "not in the zip" if to == "moodle-feedback" else written.get(absent, absent)
        warnings.append(
            f"{len(joined.not_graded)} roster row(s) match no graded person ({how}): "
            + _names(joined.not_graded)
        )
    if shown and joined.not_graded and to != "csv" and absent == "0":
        warnings.append(
            "if some of those roster rows are graded people under another id, their 0 would "
            "overwrite the grade: key the roster by grades.csv's student_id (or give lms_id)"
        )
    return warnings


def export(
    out_dir: Path,
    *,
    to: str,
    roster: Path | None = None,
    assignment_title: str | None = None,
    canvas_assignment_id: int | None = None,
    missing: str = DEFAULT_MISSING,
    moodle_id: str = DEFAULT_MOODLE_ID,
    now: datetime | None = None,
) -> Export:
    """Build the ``to`` export of the graded ``out_dir`` (see FORMATS). ``now`` is the time
    written as the worksheet's "Last modified (grade)" (default: the current time).
    Raises ValueError (DuplicateIdError for a repeated id) and writes nothing when a person
    would be lost or written twice."""
    for name, value, allowed in (
        ("to", to, FORMATS),
        ("missing", missing, MISSING),
        ("moodle_id", moodle_id, tuple(MOODLE_IDS)),
    ):
        if value not in allowed:
            raise ValueError(f"{name} must be one of {', '.join(allowed)}, not {value!r}")
    warnings: list[str] = []
    intake = read_intake(out_dir, warnings)
    rows = read_grades(out_dir)
    assignment_title = assignment_title or graded_assignment(out_dir)
    joined = join(rows, read_roster(roster) if roster is not None else None)
    # A grader error is not a grade: left out of an LMS file, as publish leaves it unposted.
    errors = {r.student_id for r in rows if r.status == "grader_error"}
    dropped = errors if to != "csv" else set()
    pairs = [(e, r) for e, r in joined.pairs if r is None or r.student_id not in dropped]
    max_score = max((r.max_score for r in rows), default=None)
    most = fmt_points(max_score) if max_score is not None else ""
    absent = "0" if missing == "zero" else "EX"
    if to.startswith("moodle"):
        absent = absent.replace("EX", "-" if to == "moodle" else "")  # Moodle's "no grade"
    result = Export("", not_on_roster=joined.not_on_roster, not_graded=joined.not_graded)
    if to == "canvas":
        column = assignment_title
        if canvas_assignment_id is not None:
            column = f"{assignment_title} ({canvas_assignment_id})"
        result.text = _write(_canvas(pairs, column, most, absent, intake, warnings))
    elif to == "moodle":
        result.text = _write(_moodle(pairs, assignment_title, moodle_id, absent, warnings, intake))
    elif to == "moodle-worksheet":
        moment = now or datetime.now(UTC)
        table = worksheet_table(
            pairs, intake, absent=absent, now=moment, summary=feedback_text, warnings=warnings
        )
        result.text = _write(table)
    elif to == "moodle-feedback":
        result.data = feedback_zip(out_dir, pairs, intake, warnings)
        result.text = "".join(f"{n}\n" for n in _zip_names(result.data))
    else:
        result.text = _write(_plain(pairs, most, absent))
    result.warnings = _roster_warnings(joined, to, absent or "-", dropped)
    if roster is None and to in ("canvas", "moodle") and intake.layout == "plain":
        result.warnings.append("no roster: students are identified by their kit id only")
    for sid in sorted(errors):
        left_out = " (left out of the file: the LMS keeps its grade)" if dropped else ""
        result.warnings.append(f"grader error for {sid}{left_out}: regrade, then export again")
    result.warnings += warnings
    return result


def _zip_names(data: bytes) -> list[str]:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.namelist()


def _default(name: str) -> object:
    return inspect.signature(export).parameters[name].default


def add_export_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """The ``export`` subcommand, whose options are export_command()'s keywords: options
    left out keep the defaults of ``export()``."""
    parser = subparsers.add_parser(
        "export",
        help="write an LMS import file (Canvas, Moodle, plain CSV) from a graded OUT",
        description="Read OUT/grades.csv (one row per person, keyed by the platform's ids) and "
        "write the file an LMS imports: canvas (gradebook CSV), moodle (gradebook CSV import), "
        "moodle-worksheet (the assignment's offline grading worksheet, by participant number), "
        "moodle-feedback (a zip of each student's feedback.html for 'Upload multiple feedback "
        "files in a zip'), csv (for people). No roster is needed; one adds names, SIS ids and "
        "Moodle user fields. A grades.csv listing an id twice, or two rows reaching one LMS "
        "key, is refused and nothing is written (so are Canvas's anonymous anon_ ids, which "
        "its importer cannot match); unmatched people are named in warnings.",
    )
    parser.add_argument("out_dir", type=Path, metavar="OUT", help="a folder graded by `grade`")
    parser.add_argument("--to", required=True, choices=FORMATS, help="the file to write")
    for flag, extra, text in (
        (
            "--roster",
            {"type": Path, "metavar": "FILE"},
            "optional CSV with student_id, name, lms_id (Canvas user id or Moodle "
            "participant number), sis_id, sis_login, email, section (only student_id is "
            "required)",
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
            "Canvas assignment id (the number in the assignment's URL): the column becomes "
            "'T (N)' and Canvas fills that assignment. Without it Canvas looks for an "
            "assignment titled exactly T, and creates a new one when none is",
        ),
        (
            "--missing",
            {"choices": MISSING},
            "roster students without a submission: zero, or excused (EX in Canvas, no grade "
            f"in Moodle); either way named in a warning (default: {_default('missing')})",
        ),
        (
            "--moodle-id",
            {"choices": tuple(MOODLE_IDS)},
            f"Moodle identifier column (default: {_default('moodle_id')})",
        ),
    ):
        parser.add_argument(flag, default=argparse.SUPPRESS, help=text, **extra)
    parser.add_argument(
        "--output",
        type=Path,
        default=argparse.SUPPRESS,
        metavar="FILE",
        help="default: OUT/export-<to>.csv (.zip for moodle-feedback)",
    )
    return parser


def export_command(
    out_dir: Path,
    *,
    to: str,
    output: Path | None = None,
    roster: Path | None = None,
    assignment_title: str | None = None,
    canvas_assignment_id: int | None = None,
    missing: str = DEFAULT_MISSING,
    moodle_id: str = DEFAULT_MOODLE_ID,
) -> int:
    """The ``export`` command: build the ``to`` export of ``out_dir`` (the other options
    are export()'s), write it to ``output`` (default: ``out_dir/export-<to>.csv``, ``.zip``
    for moodle-feedback) and print the warnings. 0, or 2 (nothing written) on a usage
    error."""
    if not (out_dir / "grades.csv").is_file():
        print(f"error: {out_dir / 'grades.csv'} not found; grade the class first", file=sys.stderr)
        return 2
    try:
        result = export(
            out_dir,
            to=to,
            roster=roster,
            assignment_title=assignment_title,
            canvas_assignment_id=canvas_assignment_id,
            missing=missing,
            moodle_id=moodle_id,
        )
    except (OSError, ValueError, KeyError) as exc:  # DuplicateIdError is a ValueError
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    output = output or out_dir / f"export-{to}{result.suffix}"
    if result.data is None:
        write_atomic(output, result.text)
    else:
        _write_bytes(output, result.data)
    print(f"Wrote {output}")
    return 0


def _write_bytes(path: Path, data: bytes) -> None:
    """``data`` into ``path`` atomically (a temporary beside it, then renamed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
