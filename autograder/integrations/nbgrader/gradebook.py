"""The kit's grades into an nbgrader course's ``gradebook.db``, through nbgrader's own API
(``nbgrader.api.Gradebook``), so that ``nbgrader export`` and the formgrader list them.

How the scores map: the course built by ``make nbgrader`` has one autograder test cell per
kit check (``grade_id`` = :func:`check_grade_id`, worth the check's points), which
``nbgrader generate_assignment`` records as the assignment's grade cells. For each graded
person the kit's points for a check become that cell's ``auto_score`` (``needs_manual_grade``
off), as ``nbgrader autograde`` would set them; a submission's score, which ``nbgrader export``
lists, is nbgrader's sum of its cells. A ``manual_score`` given in the formgrader is left
alone and still wins over ``auto_score``. An ungradable person gets 0 in every cell; a
grader error (the kit's own failure) is left out, so the gradebook keeps what it had. The
submission's timestamp is nbgrader's ``timestamp.txt`` (kept by intake in detail.json, else
read from ``COURSE/submitted/<student>/<assignment>/``), so nbgrader can tell lateness.

The course's settings (``db_url``, ``course_id``) are read from its ``nbgrader_config.py``
by nbgrader's own configuration classes.
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from autograder.assignment import available
from autograder.integrations.lms.rows import GradeRow, read_grades, read_intake
from autograder.integrations.nbgrader.grade_ids import check_grade_id
from autograder.writers.files import safe_dirname

if TYPE_CHECKING:
    from nbgrader.api import Gradebook


@dataclass
class GradebookWrite:
    written: list[str] = field(default_factory=list)  # student ids, in order
    warnings: list[str] = field(default_factory=list)
    db_url: str = ""


def course_settings(course_dir: Path) -> tuple[str, str]:
    """(db_url, course_id) of the course, as nbgrader reads them from nbgrader_config.py."""
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    config = Config()
    config.CourseDirectory.root = str(course_dir.resolve())
    if (course_dir / "nbgrader_config.py").is_file():
        loaded = PyFileConfigLoader("nbgrader_config.py", path=str(course_dir)).load_config()
        config.merge(loaded)
    settings = CourseDirectory(config=config)
    return settings.db_url, settings.course_id


def _timestamp(out_dir: Path, course_dir: Path, row: GradeRow, assignment: str) -> str:
    """nbgrader's timestamp.txt text for this person, or ""."""
    try:
        detail = json.loads((out_dir / safe_dirname(row.student_id) / "detail.json").read_text())
        kept = (detail.get("submission") or {}).get("timestamp")
    except (OSError, ValueError, AttributeError):
        kept = None
    if isinstance(kept, str) and kept.strip():
        return kept.strip()
    path = course_dir / "submitted" / row.student_id / assignment / "timestamp.txt"
    try:
        return path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return ""


def kit_cell_scores(row: GradeRow) -> dict[str, float]:
    """grade_id -> the kit's points for that check."""
    return {check_grade_id(name, fn): score for name, fn, score in row.checks}


def write_gradebook(
    out_dir: Path, course_dir: Path, *, assignment: str | None = None
) -> GradebookWrite:
    """Write the grades of the graded ``out_dir`` into ``course_dir``'s gradebook for
    ``assignment`` (default: the one grades.csv was graded for). Raises ValueError when the
    gradebook has no such assignment or none of the kit's checks as grade cells."""
    from nbgrader.api import Gradebook, MissingEntry
    from sqlalchemy.exc import SAWarning

    from autograder.integrations.lms.export import graded_assignment

    result = GradebookWrite()
    intake = read_intake(out_dir, result.warnings)
    if intake.layout not in ("nbgrader", "plain"):
        raise ValueError(
            f"{out_dir} was graded from a {intake.layout} download: its ids are not nbgrader "
            "students. Grade the course's submitted/ folder."
        )
    rows = read_grades(out_dir)
    assignment = assignment or graded_assignment(out_dir)
    if assignment not in available():
        raise ValueError(f"{assignment!r} is not one of this kit's assignments")
    db_url, course_id = course_settings(course_dir)
    result.db_url = db_url
    if db_url.startswith("sqlite:///") and not Path(db_url.removeprefix("sqlite:///")).is_file():
        raise ValueError(
            f"no gradebook at {db_url}: run `nbgrader generate_assignment {assignment}` in "
            f"{course_dir} first (`make nbgrader` does)"
        )
    with Gradebook(db_url, course_id) as gradebook, warnings.catch_warnings():
        # nbgrader's own add_submission trips SQLAlchemy's autoflush warnings (its
        # autograde prints them too); they say nothing about the grades written.
        warnings.filterwarnings("ignore", category=SAWarning)
        try:
            found = gradebook.find_assignment(assignment)
        except MissingEntry:
            raise ValueError(
                f"the gradebook has no assignment {assignment!r}: run `nbgrader "
                f"generate_assignment {assignment}` in {course_dir}"
            ) from None
        cells = {cell.name for notebook in found.notebooks for cell in notebook.grade_cells}
        _check_cells(rows, cells, assignment, result)
        for row in rows:
            if _write_row(gradebook, row, cells, assignment, result, out_dir, course_dir):
                result.written.append(row.student_id)
    return result


def _check_cells(
    rows: list[GradeRow], cells: set[str], assignment: str, result: GradebookWrite
) -> None:
    """Refuse a gradebook whose grade cells are none of the kit's checks; name the checks
    it lacks (their points cannot be written)."""
    kit_ids = {check_grade_id(name, fn) for row in rows for name, fn, _ in row.checks}
    if kit_ids and not kit_ids & cells:
        raise ValueError(
            f"none of the kit's checks is a grade cell of {assignment!r} in the gradebook "
            f"(it has {', '.join(sorted(cells)) or 'none'}): the course's notebook is not "
            f"the kit's; rebuild it with `python -m autograder nbgrader --assignment "
            f"{assignment} --generate`"
        )
    if kit_ids - cells:
        result.warnings.append(
            "kit checks with no grade cell in the gradebook (their points are not written): "
            + ", ".join(sorted(kit_ids - cells))
        )


def _write_row(
    gradebook: Gradebook,
    row: GradeRow,
    cells: set[str],
    assignment: str,
    result: GradebookWrite,
    out_dir: Path,
    course_dir: Path,
) -> bool:
    """One person's submission and cell scores; False (with a warning) when not written."""
    from nbgrader.api import InvalidEntry
    from nbgrader.utils import parse_utc

    if row.status == "grader_error":
        result.warnings.append(
            f"grader error for {row.student_id}: not written (the gradebook keeps what it "
            "had); regrade, then write again"
        )
        return False
    scores = kit_cell_scores(row)
    if not scores and row.status != "ungradable":
        result.warnings.append(
            f"{row.student_id}: detail.json has no per-check results (not written); grade "
            "again, then write again"
        )
        return False
    kwargs = {}
    stamp = _timestamp(out_dir, course_dir, row, assignment)
    if stamp:
        try:
            kwargs["timestamp"] = parse_utc(stamp)
        except (ValueError, OverflowError):
            result.warnings.append(f"{row.student_id}: timestamp {stamp!r} not understood")
    try:
        gradebook.update_or_create_student(row.student_id)
        submission = gradebook.update_or_create_submission(assignment, row.student_id, **kwargs)
    except InvalidEntry as exc:
        result.warnings.append(f"{row.student_id}: nbgrader refused the entry ({exc})")
        return False
    for notebook in submission.notebooks:
        for grade in notebook.grades:
            if grade.name in cells:  # not a task cell: one of the kit's checks
                grade.auto_score = float(scores.get(grade.name, 0.0))
                grade.needs_manual_grade = False
    gradebook.db.commit()
    return True


# ------------------------------------------------------------------------ CLI


def add_gradebook_parser(nbgrader_parser: argparse.ArgumentParser) -> None:
    """``python -m autograder nbgrader gradebook --course DIR --out OUT``."""
    actions = nbgrader_parser.add_subparsers(dest="nbgrader_action", metavar="{gradebook}")
    parser = actions.add_parser(
        "gradebook",
        help="write the kit's grades of OUT into the course's gradebook.db",
        description="After `grade` on an nbgrader course's submitted/ folder, write each "
        "student's points into the course's gradebook.db through nbgrader's API: each kit "
        "check is a grade cell of the course's notebook, and its points become the cell's "
        "auto_score. `nbgrader export` and the formgrader then list the kit's grades. "
        "Manual scores given in the formgrader stay and still win. Grader errors are not "
        "written.",
    )
    parser.add_argument("--course", type=Path, required=True, metavar="DIR")
    parser.add_argument("--out", type=Path, required=True, metavar="OUT", help="graded by `grade`")
    parser.add_argument(
        "--assignment",
        default=argparse.SUPPRESS,
        choices=available(),
        help="default: the assignment OUT was graded for",
    )


def gradebook_command(*, out: Path, course: Path, assignment: str | None = None) -> int:
    """The ``nbgrader gradebook`` command: write_gradebook() and what became of it."""
    if not (out / "grades.csv").is_file():
        print(f"error: {out / 'grades.csv'} not found; grade the class first", file=sys.stderr)
        return 2
    try:
        result = write_gradebook(out, course, assignment=assignment)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"Wrote {len(result.written)} student(s) into {result.db_url}")
    print(f"next: cd {course} && nbgrader export")
    return 0
