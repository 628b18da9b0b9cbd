"""The command instructors run, end to end on the shipped sample class (one CLI run)."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys

import pytest

from autograder.writers.files import safe_dirname
from tests.conftest import CORPUS, ROOT, suite_maxima

# Slow (not in `make test-fast`): the CLI grades the whole sample class, ~10 s.
pytestmark = pytest.mark.slow

# The points per function, and their sum, as the suite declares them (read, never copied).
FULL = suite_maxima("gradient_descent")
TOTAL = sum(FULL.values())

# Which sample student loses which function is test_corpus's (read from the sample class's
# README); here, the command's own behaviour on that class.


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "autograder",
            "grade",
            str(ROOT / "submissions" / "gradient_descent"),
            "--out",
            str(out),
            "--timeout",
            "2",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    with (out / "grades.csv").open(encoding="utf-8") as fh:
        rows = {row["student_id"]: row for row in csv.DictReader(fh)}
    return proc, out, rows


def test_grade_exits_zero_and_prints_a_quiet_summary(sample_run):
    proc, _, rows = sample_run
    assert proc.returncode == 0, proc.stderr
    assert "Sandbox layers:" in proc.stdout
    assert "students                    12   graded 11, ungradable 1" in proc.stdout
    assert "most common misconceptions:" in proc.stdout
    assert "\r" not in proc.stdout  # no progress bar when stdout is not a terminal
    assert not any(student_id in proc.stdout for student_id in rows)  # no per-student noise


def test_grades_csv_totals_are_the_function_columns(sample_run):
    _, _, rows = sample_run
    for row in rows.values():
        assert float(row["total"]) == sum(float(row[fn]) for fn in FULL)
        assert float(row["max_score"]) == TOTAL


def test_syntax_error_is_ungradable_with_a_message(sample_run):
    _, out, rows = sample_run
    row = rows["han_soyeon"]
    assert row["status"] == "ungradable" and float(row["total"]) == 0
    assert "syntax error" in row["message"]
    feedback = (out / "han_soyeon" / "feedback.md").read_text(encoding="utf-8")
    assert "syntax error" in feedback and f"0 / {TOTAL:g}" in feedback


def test_every_student_has_results_json_and_feedback(sample_run):
    _, out, rows = sample_run
    assert len(rows) == 12
    for student_id, row in rows.items():
        results = json.loads(
            (out / safe_dirname(student_id) / "results.json").read_text(encoding="utf-8")
        )
        assert results["score"] == float(row["total"])
        assert sum(t["max_score"] for t in results["tests"]) == TOTAL
        assert (out / safe_dirname(student_id) / "feedback.md").stat().st_size > 0


def test_help_documents_the_options():
    proc = subprocess.run(
        [sys.executable, "-m", "autograder", "grade", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    for option in (
        "--out",
        "--assignment",
        "--lang",
        "--timeout",
        "--load-timeout",
        "--submission-timeout",
        "--memory-mb",
        "--cpu-seconds",
        "--file-mb",
        "--disk-mb",
        "--processes",
        "--output-chars",
    ):
        assert option in proc.stdout


def test_missing_folder_is_a_clear_error(tmp_path):
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "autograder",
            "grade",
            str(tmp_path / "nope"),
            "--out",
            str(tmp_path / "o"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2 and "no such folder or .zip" in proc.stderr


def test_grade_accepts_an_nbgrader_course_layout(tmp_path):
    course = tmp_path / "course"
    for student, source in (("ahn", "notebook_correct.ipynb"), ("baek", "notebook_correct.ipynb")):
        folder = course / "submitted" / student / "gradient_descent"
        folder.mkdir(parents=True)
        shutil.copyfile(CORPUS / source, folder / "gradient_descent.ipynb")
    stamp = "2026-11-29 18:30:00.000000 UTC"
    (course / "submitted" / "ahn" / "gradient_descent" / "timestamp.txt").write_text(stamp)
    out = tmp_path / "out"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "autograder",
            "grade",
            "--nbgrader-course",
            str(course),
            "--out",
            str(out),
            "--timeout",
            "2",
            "--workers",
            "1",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    with (out / "grades.csv").open(encoding="utf-8") as fh:
        rows = {row["student_id"]: row for row in csv.DictReader(fh)}
    assert set(rows) == {"ahn", "baek"}
    assert all(float(r["total"]) == TOTAL for r in rows.values())
    detail = json.loads((out / "ahn" / "detail.json").read_text(encoding="utf-8"))
    assert detail["submission"]["timestamp"] == stamp  # nbgrader's timestamp.txt, kept
    assert json.loads((out / "intake.json").read_text(encoding="utf-8"))["layout"] == "nbgrader"
    assert "layout: nbgrader (2 files, 2 people)" in proc.stdout
    assert f"<dd>{stamp}</dd>" in (out / "ahn" / "feedback.html").read_text(encoding="utf-8")


def test_the_progress_line_never_prints_a_students_control_characters():
    from autograder.console import printable

    assert printable("kim_2024001") == "kim_2024001"
    shown = printable("x\x1b[2J\x1b[1;1Hall 100/100\r\u2028")
    assert "\x1b" not in shown and "\r" not in shown and "\u2028" not in shown
    assert shown == "x\\x1b[2J\\x1b[1;1Hall 100/100\\x0d\\u2028"
    assert len(printable("a" * 500)) == 60
