"""Whole classes downloaded from Canvas, Moodle, GitHub Classroom and nbgrader, graded end
to end: one row per person, keyed by the platform's id, with the right name, lateness and
per-function points (the students' code is the corpus's: see tests/platform_fixtures.py)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import pytest

from autograder.orchestration.engine import grade_class
from autograder.sandbox import Limits
from tests import platform_fixtures as pf
from tests.conftest import ROOT
from tests.test_layouts import PEOPLE

pytestmark = pytest.mark.slow
FAST = Limits(call_timeout=2.0)
FUNCS = ("mse", "partial_w0", "partial_w1", "gradient_descent")
FULL = {"mse": "20", "partial_w0": "20", "partial_w1": "20", "gradient_descent": "40"}


def rows_of(out):
    with (out / "grades.csv").open(encoding="utf-8", newline="") as fh:
        return {row["student_id"]: row for row in csv.DictReader(fh)}


def points(row):
    return {f: row[f] for f in FUNCS}


@pytest.fixture(scope="module")
def canvas_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("canvas")
    download = pf.write_zip(tmp / "course-gd_submissions.zip", pf.canvas(PEOPLE))
    out = tmp / "out"
    reports = grade_class(download, out, limits=FAST, workers=2, lang="en")
    return tmp, out, reports


def test_canvas_class_is_one_row_per_person_with_the_newest_file_graded(canvas_run):
    _, out, reports = canvas_run
    assert len(reports) == 6  # people, not the 11 files
    rows = rows_of(out)
    assert list(rows) == ["104231", "104232", "104233", "104234", "104235", "104236"]
    assert [(r["name"], r["late"]) for r in rows.values()] == [
        ("kimminjun", "no"),
        ("민준김", "yes"),
        ("kimminjun", "no"),
        ("choiyuna", "no"),
        ("donghangil", "no"),
        ("이서연", "yes"),
    ]
    assert points(rows["104231"]) == FULL  # wrong, then right: the right one
    assert points(rows["104232"]) == {**FULL, "gradient_descent": "0"}  # right, then wrong
    assert points(rows["104233"]) == FULL  # .py and .ipynb of the same code
    assert rows["104234"]["status"] == "ungradable"
    assert rows["104234"]["message"].startswith("no code was submitted")
    assert points(rows["104235"]) == {**FULL, "mse": "0"}  # a zip holding the .py
    assert points(rows["104236"]) == FULL  # the stub untouched, the notebook worked
    assert json.loads((out / "intake.json").read_text(encoding="utf-8")) == {
        "layout": "canvas",
        "source": str(canvas_run[0] / "course-gd_submissions.zip"),
        "files": 11,
        "people": 6,
        "anonymous": False,
    }


def test_the_files_left_out_are_named_in_the_feedback(canvas_run):
    _, out, _ = canvas_run
    feedback = (out / "104231" / "feedback.md").read_text(encoding="utf-8")
    assert "- Name: kimminjun" in feedback
    assert "kimminjun\\_104231\\_5014\\_gradient\\_descent\\-1\\.py" not in feedback  # code span
    assert "`kimminjun_104231_5014_gradient_descent-1.py`" in feedback  # the file graded
    assert "Files not graded: `kimminjun_104231_5007_gradient_descent.py`" in feedback
    assert "older version" in feedback
    late = (out / "104232" / "feedback.html").read_text(encoding="utf-8")
    assert "<dd>민준김</dd>" in late and "submitted late" in late
    detail = json.loads((out / "104233" / "detail.json").read_text(encoding="utf-8"))
    assert detail["submission"]["graded"] == ["kimminjun_104233_5035_gradient_descent.py"]
    assert sorted(x["why"] for x in detail["submission"]["left_out"]) == [
        "not_chosen",
        "not_code",
    ]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "104232 (민준김)" in index


def test_a_redownload_with_new_attachment_ids_gives_the_same_ids_and_grades(canvas_run):
    tmp, out, _ = canvas_run
    again = pf.write_zip(tmp / "again.zip", pf.canvas(PEOPLE, first_attachment=777000))
    grade_class(again, tmp / "out2", limits=FAST, workers=1, lang="en")
    first, second = rows_of(out), rows_of(tmp / "out2")
    assert list(first) == list(second)
    for student_id, row in first.items():
        assert {k: v for k, v in row.items()} == second[student_id], student_id


def test_moodle_zip_with_spaces_graded_through_make(tmp_path):
    """`make grade` with SUBMISSIONS and OUT holding spaces and Hangul (Moodle's zip name)."""
    download = pf.write_zip(tmp_path / "DL101-Gradient descent 과제-42.zip", pf.moodle(PEOPLE))
    out = tmp_path / "채점 결과" / "out"
    proc = subprocess.run(
        [
            "make",
            "--no-print-directory",
            "grade",
            f"SUBMISSIONS={download}",
            f"OUT={out}",
            "LANG_FEEDBACK=en",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    assert "layout: moodle (9 files, 6 people)" in proc.stdout
    rows = rows_of(out)
    assert list(rows) == ["104231", "104232", "104233", "104234", "104235", "104236"]
    assert rows["104232"]["name"] == "김 민준" and rows["104232"]["late"] == ""
    assert points(rows["104231"]) == FULL
    assert points(rows["104232"]) == {**FULL, "gradient_descent": "0"}
    assert rows["104234"]["status"] == "ungradable"


def test_classroom_and_nbgrader_classes_through_the_cli(tmp_path):
    people = [
        pf.Person("Kim-Min99", files=[("gradient_descent.py", pf.RIGHT)]),
        pf.Person("lee", files=[("gradient_descent.ipynb", pf.notebook(pf.MSE_WRONG))]),
    ]
    clones = pf.write_folder(tmp_path / "clones", pf.classroom(people))
    course = pf.write_folder(tmp_path / "course", pf.nbgrader(people))
    for path, layout in ((clones, "classroom"), (course / "submitted", "nbgrader")):
        out = tmp_path / f"out-{layout}"
        args = ["--out", str(out), "--timeout", "2", "--workers", "1", "--layout", layout]
        proc = subprocess.run(
            [sys.executable, "-m", "autograder", "grade", str(path), *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert proc.returncode == 0, proc.stderr
        assert f"layout: {layout} (" in proc.stdout
        rows = rows_of(out)
        assert list(rows) == ["Kim-Min99", "lee"]
        assert points(rows["Kim-Min99"]) == FULL
        assert points(rows["lee"]) == {**FULL, "mse": "0"}
    detail = json.loads((tmp_path / "out-nbgrader" / "lee" / "detail.json").read_text("utf-8"))
    assert detail["submission"]["timestamp"] == "2026-11-21 18:30:00.000000 UTC"


def test_a_bad_download_is_refused_with_a_message_and_exit_2(tmp_path):
    empty = pf.write_zip(tmp_path / "empty.zip", {})
    proc = subprocess.run(
        [sys.executable, "-m", "autograder", "grade", str(empty), "--out", str(tmp_path / "o")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "holds no submissions at all" in proc.stderr
    assert not (tmp_path / "o").exists()
