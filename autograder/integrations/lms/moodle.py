"""The two files a Moodle assignment takes back by its participant numbers: the offline
grading worksheet (``--to moodle-worksheet``) and a zip of feedback files
(``--to moodle-feedback``).

Both key a person by the number N of "Participant N" (``get_uniqueid_for_user``): the number
in every file or folder name of Moodle's "Download all submissions", which intake keeps as
``student_id`` (layout ``moodle``). A roster's ``lms_id`` may give it instead.

Worksheet upload (``mod/assign/feedback/offline/importgradeslib.php`` and ``locallib.php``):
the columns are found by their exact header text, ``Identifier``, ``Grade`` and
``Last modified (grade)`` (any of them missing refuses the whole file); feedback columns by
their plugin's field description (``Feedback comments``). Each row's participant is
``substr(Identifier, strlen("Participant "))``. A grade is skipped when it is empty or
negative, when it is above the assignment's maximum grade, or when the grade stored in Moodle
was changed more than a minute after the row's ``Last modified (grade)``: that column holds
the time of the export, so a grade changed in Moodle after the export is kept.

Feedback zip upload (``mod/assign/feedback/file/importziplib.php``): each part of a member's
path is split ``explode('_', part, 5)``; the first part with at least four pieces whose
second piece is a participant's number and whose third and fourth name a plugin gives the
person, and the rest is the file's name. So ``<Full name>_<N>_assignfeedback_file/feedback.html``
reaches participant N, provided the name holds no ``_`` (Moodle's own download writes names
with ``_`` replaced by spaces, and so does this one).
"""

from __future__ import annotations

import html
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from autograder.integrations.lms.rows import GradeRow, Intake, Pair, RosterEntry
from autograder.integrations.release.pins import (
    ZIP_TIME,  # fixed member times: the same zip for the same OUT
)
from autograder.writers.files import safe_dirname
from autograder.writers.texts import csv_cell, fmt_points

PARTICIPANT = "Participant "  # mod_assign string 'hiddenuser', with its space
WORKSHEET_HEADER = [
    "Identifier",
    "Full name",
    "Email address",
    "Status",
    "Grade",
    "Maximum Grade",
    "Grade can be changed",
    "Last modified (grade)",
    "Feedback comments",
]
FEEDBACK_FOLDER = "assignfeedback_file"  # plugin type and name, as Moodle's download names it
FEEDBACK_FILE = "feedback.html"


def participant(entry: RosterEntry | None, row: GradeRow | None, intake: Intake) -> str:
    """Moodle's participant number for this person, or "" when it is not known."""
    if entry is not None and entry.lms_id:
        return entry.lms_id
    if row is not None and intake.layout == "moodle":
        return row.student_id
    return ""


def check_participants(pairs: list[Pair], intake: Intake, what: str) -> list[str]:
    """The participant numbers of the rows; raises ValueError naming a graded person without
    a number or with a number that is not one, and any number two rows would share."""
    numbers: dict[str, list[str]] = {}
    unknown, malformed = [], []
    for entry, row in pairs:
        number = participant(entry, row, intake)
        who = row.student_id if row is not None else entry.student_id if entry else ""
        if number.isdigit() and number.isascii():
            numbers.setdefault(number, []).append(who)
        elif row is None:
            continue  # on the roster only: left out with a warning (worksheet_table)
        elif not number:
            unknown.append(who)
        else:
            malformed.append(f"{who} ({number!r})")
    problems = []
    if unknown:
        problems.append(
            f"no Moodle participant number for {', '.join(unknown)} (grade Moodle's "
            "'Download all submissions', whose names carry it, or give a roster with lms_id "
            "= the N of 'Participant N')"
        )
    if malformed:
        problems.append(f"not a participant number: {', '.join(malformed)}")
    for number, who in sorted(numbers.items()):
        if len(who) > 1:
            problems.append(f"participant {number} would be written twice ({', '.join(who)})")
    if problems:
        raise ValueError(f"cannot write the {what}: " + "; ".join(problems) + ". Nothing written.")
    return sorted(numbers, key=int)


def moodle_time(moment: datetime) -> str:
    """A time PHP's strtotime reads exactly: ``2026-12-07 13:24:31 UTC``."""
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")


def worksheet_table(
    pairs: list[Pair],
    intake: Intake,
    *,
    absent: str,
    now: datetime,
    summary: Callable[[GradeRow], str],
    warnings: list[str],
) -> list[list[str]]:
    """The offline grading worksheet: one row per participant, graded or on the roster."""
    check_participants(pairs, intake, "Moodle grading worksheet")
    stamp = moodle_time(now)
    most = max((r.max_score for _, r in pairs if r is not None), default=0.0)
    table = [list(WORKSHEET_HEADER)]
    skipped = []
    for entry, row in pairs:
        number = participant(entry, row, intake)
        if row is None and not number.isdigit():
            skipped.append(entry.student_id if entry else "")
            continue
        name = (entry.name if entry else "") or (row.name if row else "")
        email = entry.email if entry else ""
        if row is not None:
            status, grade = row.status, fmt_points(row.total)
            # Moodle stores the comment as HTML: quote what a student's file name may hold.
            note = html.escape(summary(row), quote=False)
            ceiling = fmt_points(row.max_score)
        else:
            status, grade, note, ceiling = "missing", absent, "no submission", fmt_points(most)
        table.append(
            [
                PARTICIPANT + number,
                csv_cell(name),
                csv_cell(email),
                status,
                grade,
                ceiling,
                "Yes",
                stamp,
                csv_cell(note),
            ]
        )
    if skipped:
        warnings.append(
            "on the roster without a submission and without a participant number (lms_id), "
            f"so not in the worksheet: {', '.join(skipped)}"
        )
    return table


def folder_name(name: str, number: str) -> str:
    """``<Full name>_<N>_assignfeedback_file``: the name as Moodle's download cleans it, with
    no ``_`` (it would shift the pieces Moodle splits on) and no path separator."""
    text = unicodedata.normalize("NFC", name)
    text = "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in text)
    text = re.sub(r"[_/\\&<>\"`|':]+", " ", text)
    text = " ".join(text.split()).lstrip(". ~") or PARTICIPANT.strip()  # no hidden name
    return f"{text}_{number}_{FEEDBACK_FOLDER}"


def feedback_zip(out_dir: Path, pairs: list[Pair], intake: Intake, warnings: list[str]) -> bytes:
    """Each graded person's ``OUT/<id>/feedback.html`` as
    ``<Full name>_<N>_assignfeedback_file/feedback.html``, for Moodle's
    "Upload multiple feedback files in a zip"."""
    check_participants(pairs, intake, "Moodle feedback zip")
    members: dict[str, bytes] = {}
    without = []
    for entry, row in pairs:
        if row is None:
            continue
        page = out_dir / safe_dirname(row.student_id) / FEEDBACK_FILE
        if not page.is_file():
            without.append(row.student_id)
            continue
        name = (entry.name if entry else "") or row.name
        number = participant(entry, row, intake)
        members[f"{folder_name(name, number)}/{FEEDBACK_FILE}"] = page.read_bytes()
    if without:
        warnings.append(
            f"no {FEEDBACK_FILE} in their report folder, so not in the zip (grade again to "
            f"write it): {', '.join(without)}"
        )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for member in sorted(members):
            info = zipfile.ZipInfo(member, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16
            info.flag_bits |= 0x800  # the name is UTF-8 (Hangul names)
            zf.writestr(info, members[member])
    return buf.getvalue()
