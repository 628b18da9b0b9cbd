"""The round trip, for real: a platform's download (built from its naming rules,
tests/platform_fixtures.py) graded by `grade`, exported by `export`, and read back by the
importer models (tests/lms_importers.py): every person's grade reaches their own LMS record,
once, and a re-download with new attachment ids exports the same file. It needs intake's
platform layouts and their fixtures (issue 17's intake half); without them it is skipped."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from autograder.integrations.lms.export import export
from tests.conftest import ROOT, suite_maxima
from tests.lms_importers import (
    CanvasUser,
    MoodleAssignment,
    canvas_import,
    feedback_zip_upload,
    worksheet_upload,
)

pytestmark = pytest.mark.slow
pf = pytest.importorskip("tests.platform_fixtures", reason="intake's platform layouts")

NOW = datetime(2026, 12, 7, 13, 0, 0, tzinfo=UTC)
# What each person's file earns, from the suite's points (read, never copied): RIGHT all,
# MSE_WRONG all but mse's, GD_WRONG all but gradient_descent's.
MAXIMA = suite_maxima("gradient_descent")
TOTAL = sum(MAXIMA.values())
EARNS = [TOTAL, TOTAL - MAXIMA["mse"], TOTAL - MAXIMA["gradient_descent"], TOTAL, 0.0]


def grade(download: Path, out: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "autograder", "grade", str(download), "--out", str(out), "--quiet"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def people() -> list[pf.Person]:
    return [
        pf.Person("104231", "Minjun Kim", [("gradient_descent.py", pf.RIGHT)]),
        pf.Person("104232", "유나 최", [("gradient_descent.py", pf.MSE_WRONG)], late=True),
        pf.Person("104233", "Minjun Kim", [("gradient_descent.py", pf.GD_WRONG)]),
        # resubmitted in one attempt: the newer file (Canvas's "-1" name) is the right one
        pf.Person(
            "104234",
            "Gil Dong Han",
            [("gradient_descent.py", pf.GD_WRONG), ("gradient_descent.py", pf.RIGHT)],
        ),
        pf.Person("104235", "Sean O'Brien", [], text=True),  # text only: ungradable
    ]


USERS = [
    CanvasUser(104231, "Minjun Kim", "Kim, Minjun"),
    CanvasUser(104232, "유나 최", "최, 유나"),
    CanvasUser(104233, "Minjun Kim", "Kim, Minjun"),
    CanvasUser(104234, "Gil Dong Han", "Han, Gil Dong"),
    CanvasUser(104235, "Sean O'Brien", "O'Brien, Sean"),
]


def test_canvas_download_graded_and_exported_reaches_every_user(tmp_path):
    zipped = pf.write_zip(tmp_path / "course-hw submissions.zip", pf.canvas(people()))
    out = tmp_path / "out"
    grade(zipped, out)
    result = export(out, to="canvas", canvas_assignment_id=77)
    imported = canvas_import(result.text, USERS, {77: "gradient_descent"})
    assert imported.grades == {104231 + i: f"{points:g}" for i, points in enumerate(EARNS)}
    assert set(imported.rows_per_user.values()) == {1} and imported.new_students == []
    # A re-download gives other attachment ids: the same ids, the same grades, the same file.
    again = tmp_path / "again"
    grade(pf.write_zip(tmp_path / "again.zip", pf.canvas(people(), first_attachment=9000)), again)
    assert export(again, to="canvas", canvas_assignment_id=77).text == result.text


def test_moodle_download_graded_and_exported_reaches_every_participant(tmp_path):
    moodle_people = [
        pf.Person(str(2281937 + i), p.name, p.files, text=p.text) for i, p in enumerate(people())
    ]
    download = pf.write_zip(tmp_path / "CS101-Gradient descent-77.zip", pf.moodle(moodle_people))
    out = tmp_path / "out"
    grade(download, out)
    assignment = MoodleAssignment({2281937 + i: 501 + i for i in range(5)})
    sheet = export(out, to="moodle-worksheet", now=NOW)
    upload = worksheet_upload(sheet.text, assignment)
    assert upload.updated == {501 + i: points for i, points in enumerate(EARNS)}
    assert set(upload.rows_per_user.values()) == {1}
    feedback = export(out, to="moodle-feedback")
    files = feedback_zip_upload(feedback.data, assignment).files
    assert set(files) == {501, 502, 503, 504, 505}
    with zipfile.ZipFile(io.BytesIO(feedback.data)) as zf:
        assert all(name.endswith("_assignfeedback_file/feedback.html") for name in zf.namelist())
    for user, pages in files.items():
        sid = str(2281937 + user - 501)
        assert pages == {"/feedback.html": (out / sid / "feedback.html").read_bytes()}
