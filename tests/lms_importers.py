"""Small models of the LMS importers the exports feed, written from the platforms' own rules
(read in their source; see the shared notes and each model's docstring). The export tests
run every file through them: a person is reached, reached once, or the model says why not.

Canvas: ``app/models/gradebook_importer.rb`` (GradebookImporter). Moodle:
``mod/assign/feedback/offline/importgradeslib.php`` + ``locallib.php`` (worksheet upload),
``mod/assign/feedback/file/importziplib.php`` (feedback files in a zip).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime


class Refused(Exception):
    """The importer refuses the whole file."""


# --------------------------------------------------------------------------------- Canvas
@dataclass
class CanvasUser:
    id: int
    name: str
    sortable_name: str
    sis_user_id: str | None = None
    login_id: str | None = None


@dataclass
class CanvasImport:
    grades: dict[int, str]  # Canvas user id -> grade cell
    rows_per_user: Counter  # how many rows reached each user (more than 1: last one wins)
    new_students: list[str]  # rows that matched nobody: Canvas adds them as new students
    assignment: str  # "id:<n>", "title:<t>" or "new:<t>"


def _ruby_to_i(text: str) -> int:
    found = re.match(r"\s*([+-]?\d+)", text)
    return int(found.group(1)) if found else 0


def _delimiter(lines: list[str]) -> str:
    """identify_delimiter: the separator that splits the first 3 lines into one field count;
    ';' only when it gives more fields than ','."""
    counts = {}
    for sep in (";", ","):
        sizes = {len(next(csv.reader([line], delimiter=sep), [])) for line in lines[:3]}
        counts[sep] = sizes.pop() if len(sizes) == 1 else 0
    return ";" if counts[";"] > counts[","] else ","


def canvas_import(text: str, users: list[CanvasUser], assignments: dict[int, str]) -> CanvasImport:
    """One gradebook CSV through GradebookImporter's header check, student match and
    assignment match (the first assignment column only)."""
    lines = text.splitlines()
    sep = _delimiter(lines)
    rows = [r for r in csv.reader(io.StringIO(text), delimiter=sep) if r]
    rows = [r for r in rows if not re.fullmatch(r"[;, ]+", sep.join(r))]
    header = rows[0]
    if not (len(header) > 3 and "Student" in header[0] and "ID" in header[1]):
        raise Refused("Invalid header row")
    columns = 3
    sis_col = login_col = None
    if re.search(r"SIS\s+Login\s+ID", header[2]):
        login_col, columns = 2, 4
    elif re.search(r"SIS\s+User\s+ID", header[2]) and re.search(r"SIS\s+Login\s+ID", header[3]):
        sis_col, login_col, columns = 2, 3, 5
    if "Section" not in header[columns - 1]:
        raise Refused("Invalid header row")
    title = header[columns]
    found = re.fullmatch(r"(.*)\s+\((\d+)\)", title)
    if found and int(found.group(2)) in assignments:
        matched = f"id:{found.group(2)}"
    elif title in assignments.values():
        matched = f"title:{title}"
    else:
        matched = f"new:{found.group(1) if found else title}"
    by_id = {u.id: u for u in users}
    result = CanvasImport({}, Counter(), [], matched)
    for row in rows[1:]:
        if "Points Possible" in row[0]:
            continue
        if all(re.fullmatch(r"\s*(Muted|Manual Posting.*)?\s*", c, re.I) for c in row):
            continue
        user = by_id.get(_ruby_to_i(row[1])) if row[1] else None
        if user is None and sis_col is not None and row[sis_col]:
            user = next((u for u in users if u.sis_user_id == row[sis_col]), None)
        if user is None and login_col is not None and row[login_col]:
            user = next((u for u in users if u.login_id == row[login_col]), None)
        if user is None:
            user = next((u for u in users if row[0] in (u.name, u.sortable_name)), None)
        if user is None:
            result.new_students.append(row[0])
            continue
        result.rows_per_user[user.id] += 1
        result.grades[user.id] = row[columns].strip()
    return result


# --------------------------------------------------------------------------------- Moodle
PARTICIPANT = "Participant "  # get_string('hiddenuser', 'assign')


@dataclass
class MoodleGrade:
    grade: float
    timemodified: int  # Unix time of the grade stored in Moodle
    feedback: str = ""


@dataclass
class MoodleAssignment:
    """An assignment's participants (uniqueid -> user id) and the grades Moodle holds."""

    participants: dict[int, int]
    max_grade: float = 100.0
    grades: dict[int, MoodleGrade] = field(default_factory=dict)  # by user id
    comments_enabled: bool = True


@dataclass
class WorksheetUpload:
    updated: dict[int, float]  # user id -> the grade Moodle now stores
    feedback: dict[int, str]  # user id -> the "Feedback comments" stored
    rows_per_user: Counter
    skipped: list[tuple[str, str]]  # (identifier, why)


def _php_strtotime(text: str) -> int:
    """The forms this kit writes and Moodle's own download writes; else PHP's false (0)."""
    for fmt in ("%Y-%m-%d %H:%M:%S UTC", "%A, %d %B %Y, %I:%M %p"):
        try:
            return int(datetime.strptime(text.strip(), fmt).replace(tzinfo=UTC).timestamp())
        except ValueError:
            continue
    return 0


def _unformat_float(text: str) -> float | str:
    text = text.strip()
    if text == "":
        return ""
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return ""


def worksheet_upload(
    text: str, assignment: MoodleAssignment, *, ignore_modified: bool = False
) -> WorksheetUpload:
    """The offline grading worksheet through csv_import_reader, the importer's init/next and
    process_import_grades' skip rules."""
    text = text.removeprefix("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    header = [cell.strip() for cell in rows[0]]
    if any(len(row) != len(header) for row in rows[1:]):
        raise Refused("csvweirdcolumns")
    try:
        id_col = header.index("Identifier")
        grade_col = header.index("Grade")
        modified_col = header.index("Last modified (grade)")
    except ValueError as exc:
        raise Refused(f"invalidgradeimport: {exc}") from None
    comments = header.index("Feedback comments") if "Feedback comments" in header else 0
    result = WorksheetUpload({}, {}, Counter(), [])
    for row in rows[1:]:
        row = [cell.strip() for cell in row]
        ident = row[id_col][len(PARTICIPANT) :]  # substr(): no check of the prefix
        if not ident.isdigit() or int(ident) not in assignment.participants:
            result.skipped.append((row[id_col], "no such participant"))
            continue
        user = assignment.participants[int(ident)]
        result.rows_per_user[user] += 1
        grade = _unformat_float(row[grade_col])
        modified = _php_strtotime(row[modified_col])
        stored = assignment.grades.get(user)
        stale = stored is not None and stored.timemodified > modified + 60
        if stored is not None and grade != "" and stored.grade == grade:
            why = "unchanged"
        elif grade == "" or grade < 0:
            why = "no grade"
        elif not ignore_modified and stale:
            why = "changed in Moodle after the worksheet"
        elif grade > assignment.max_grade:
            why = "above the maximum grade"
        else:
            why = ""
            result.updated[user] = grade
        if why:
            result.skipped.append((row[id_col], why))
        if (ignore_modified or not stale) and comments and assignment.comments_enabled:
            result.feedback[user] = row[comments]
    return result


PLUGINS = {
    ("assignfeedback", "file"),
    ("assignfeedback", "comments"),
    ("assignsubmission", "file"),
    ("assignsubmission", "onlinetext"),
}
PHP_NUMERIC = re.compile(r"\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*")


@dataclass
class ZipUpload:
    files: dict[int, dict[str, bytes]]  # user id -> stored file name -> content
    ignored: list[str]


def feedback_zip_upload(data: bytes, assignment: MoodleAssignment) -> ZipUpload:
    """is_valid_filename_for_import for every member of the zip."""
    result = ZipUpload({}, [])
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for info in zf.infolist():
            if info.is_dir():
                continue
            basename = info.filename.rsplit("/", 1)[-1]
            if basename.startswith((".", "~")):
                result.ignored.append(info.filename)
                continue
            parts = info.filename.split("/")
            matched = None
            while parts:
                part = parts.pop(0)
                pieces = part.split("_", 4)  # explode('_', $part, 5)
                if len(pieces) < 4 or not PHP_NUMERIC.fullmatch(pieces[1]):
                    continue
                number = float(pieces[1])
                if not number.is_integer() or int(number) not in assignment.participants:
                    continue
                if (pieces[2], pieces[3]) not in PLUGINS:
                    continue
                rest = [pieces[4] if len(pieces) == 5 else "", *parts]
                matched = (assignment.participants[int(number)], "/".join(rest))
                break
            if matched is None:
                result.ignored.append(info.filename)
                continue
            user, name = matched
            result.files.setdefault(user, {})[name] = zf.read(info)
    return result
