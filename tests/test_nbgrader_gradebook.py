"""The kit's grades written into an nbgrader course's gradebook.db (autograder/integrations/nbgrader/
gradebook.py), checked with real nbgrader: `nbgrader export` lists the kit's totals, each
grade cell holds the kit's points for its check, and the submission keeps timestamp.txt."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.integrations.nbgrader import function_of_grade_id, make_course
from tests.conftest import ROOT
from tests.test_nbgrader import (
    ASSIGNMENT,
    FUNCTIONS,
    MSE_AS_SUM,
    TIMEOUT,
    TOTAL,
    jupyter_env,
    nbgrader,
    student_notebook,
)

pytestmark = pytest.mark.slow

STAMPS = {"ahn": "2026-11-29 18:30:00.000000 UTC", "baek": "2026-11-30 09:15:00.000000 UTC"}


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> dict[str, str]:
    pytest.importorskip("nbgrader")
    return jupyter_env(tmp_path_factory.mktemp("home"))


def kit(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "autograder", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )


@pytest.fixture(scope="module")
def written(env, tmp_path_factory):
    """A course with three submissions (correct, one mistake, a broken notebook), graded by
    the kit only (never by nbgrader autograde), then written into its gradebook."""
    course = tmp_path_factory.mktemp("nbgrader gradebook") / "course"
    make_course(course)
    nbgrader(env, course, "generate_assignment", ASSIGNMENT, "--force")
    release = json.loads(
        (course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text(encoding="utf-8")
    )
    for student, text in (
        ("ahn", json.dumps(student_notebook(release, {}))),
        ("baek", json.dumps(student_notebook(release, {"mse": MSE_AS_SUM}))),
        ("choi", "{ this is not a notebook"),
    ):
        folder = course / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        (folder / f"{ASSIGNMENT}.ipynb").write_text(text, encoding="utf-8")
        if student in STAMPS:
            (folder / "timestamp.txt").write_text(STAMPS[student] + "\n", encoding="utf-8")
    out = tmp_path_factory.mktemp("kit out")
    graded = kit(env, "grade", "--nbgrader-course", str(course), "--out", str(out), "--quiet")
    assert graded.returncode == 0, graded.stdout + graded.stderr
    done = kit(env, "nbgrader", "gradebook", "--course", str(course), "--out", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Wrote 3 student(s)" in done.stdout
    return course, out


def nbgrader_export(env, course: Path) -> dict[str, dict[str, str]]:
    target = course / "exported.csv"
    nbgrader(env, course, "export", "--to", str(target))
    with target.open(encoding="utf-8") as fh:
        return {row["student_id"]: row for row in csv.DictReader(fh)}


def test_nbgrader_export_lists_the_kits_grades(env, written):
    course, out = written
    with (out / "grades.csv").open(encoding="utf-8") as fh:
        ours = {row["student_id"]: row for row in csv.DictReader(fh)}
    theirs = nbgrader_export(env, course)
    assert set(theirs) == set(ours) == {"ahn", "baek", "choi"}
    for student, row in ours.items():
        assert float(theirs[student]["score"]) == float(row["total"]), student
        assert float(theirs[student]["max_score"]) == float(row["max_score"]) == TOTAL
    assert float(theirs["ahn"]["score"]) == TOTAL
    assert 0 < float(theirs["baek"]["score"]) < TOTAL
    assert ours["choi"]["status"] == "ungradable" and float(theirs["choi"]["score"]) == 0.0
    assert theirs["ahn"]["timestamp"].startswith("2026-11-29 18:30:00")
    assert theirs["choi"]["timestamp"] == ""  # no timestamp.txt


def test_each_grade_cell_holds_the_kits_points_for_its_check(written):
    from nbgrader.api import Gradebook

    course, out = written
    with (out / "grades.csv").open(encoding="utf-8") as fh:
        ours = {row["student_id"]: row for row in csv.DictReader(fh)}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "gradient-descent") as gradebook:
        for student in ours:
            per_function = dict.fromkeys(FUNCTIONS, 0.0)
            submission = gradebook.find_submission(ASSIGNMENT, student)
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    assert grade.needs_manual_grade is False
                    per_function[function_of_grade_id(grade.name, FUNCTIONS)] += grade.score
            assert per_function == {fn: float(ours[student][fn]) for fn in FUNCTIONS}, student


def test_writing_again_updates_and_a_manual_score_still_wins(env, written):
    from nbgrader.api import Gradebook

    course, out = written
    url = f"sqlite:///{course / 'gradebook.db'}"
    with Gradebook(url, "gradient-descent") as gradebook:
        notebook = gradebook.find_submission(ASSIGNMENT, "baek").notebooks[0]
        grade = next(g for g in notebook.grades if g.auto_score < g.max_score)  # a failed check
        grade.manual_score = grade.max_score  # the instructor's own judgement in formgrader
        gradebook.db.commit()
        before = gradebook.find_submission(ASSIGNMENT, "baek").score
    with (out / "grades.csv").open(encoding="utf-8") as fh:
        kit_total = next(float(r["total"]) for r in csv.DictReader(fh) if r["student_id"] == "baek")
    assert before > kit_total
    done = kit(env, "nbgrader", "gradebook", "--course", str(course), "--out", str(out))
    assert done.returncode == 0, done.stderr
    theirs = nbgrader_export(env, course)
    assert float(theirs["baek"]["score"]) == before  # the manual score stayed
    assert len(theirs) == 3  # no one written twice


def test_a_course_without_the_assignment_is_refused(env, written, tmp_path):
    _, out = written
    empty = tmp_path / "empty course"
    make_course(empty)
    done = kit(env, "nbgrader", "gradebook", "--course", str(empty), "--out", str(out))
    assert done.returncode == 2 and "generate_assignment" in done.stderr
