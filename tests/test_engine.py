"""Engine behaviour across submission forms: a .py, a notebook and a zip of the same code
get the same per-check outcomes."""

from __future__ import annotations

import dataclasses
import io
import json
import shutil
import zipfile

import pytest

from autograder.assignment import load_assignment
from autograder.integrations.nbgrader.hidden_suite import suite_checks
from autograder.model import Outcome, Status
from autograder.orchestration import engine
from autograder.orchestration.engine import grade_class
from autograder.sandbox import Limits
from autograder.scoring.points import total
from tests.conftest import CORPUS, suite_total

MISTAKE = (CORPUS / "mistake_gd_sequential_update.py").read_text(encoding="utf-8")


def as_notebook(code: str) -> str:
    # Split at each top-level def into its own cell; add magics and a plot like a student.
    parts = code.split("\ndef ")
    cells = [parts[0]] + ["def " + p for p in parts[1:]]
    sources = [
        "%matplotlib inline\n!pip list",
        *cells,
        "import matplotlib.pyplot as plt\nplt.plot([1, 2], [3, 4]); plt.show()",
    ]
    return json.dumps(
        {
            "cells": [
                {
                    "cell_type": "code",
                    "metadata": {},
                    "source": s,
                    "outputs": [],
                    "execution_count": None,
                }
                for s in sources
            ],
            "metadata": {},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
    )


def as_zip(code: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hw/gradient_descent.py", code)
    return buf.getvalue()


@pytest.mark.slow
def test_py_notebook_and_zip_are_graded_alike(make_class, tmp_path):
    folder = make_class(
        {
            "as_py.py": MISTAKE,
            "as_folder/gradient_descent.py": MISTAKE,
            "as_nb.ipynb": as_notebook(MISTAKE),
            "as_zip.zip": as_zip(MISTAKE),
        }
    )
    reports = grade_class(folder, tmp_path / "out", limits=Limits(call_timeout=2.0))
    outcomes = {r.student_id: [(c.check.name, c.outcome.value) for c in r.results] for r in reports}
    assert len(outcomes) == 4
    first = outcomes["as_py"]
    assert any(o != "passed" for _, o in first)  # the mistake is caught ...
    assert all(o == first for o in outcomes.values())  # ... identically in every form


def test_an_empty_class_writes_a_header_only_csv(tmp_path):
    (tmp_path / "class").mkdir()
    assert grade_class(tmp_path / "class", tmp_path / "out") == []
    assert (tmp_path / "out" / "grades.csv").read_text(encoding="utf-8").startswith("student_id,")


@pytest.mark.slow
def test_students_graded_in_small_pytest_sessions_get_the_same_results(tmp_path):
    """run_suite sends the class through pytest a chunk at a time (flat memory); the
    chunking must not change a single outcome."""
    from autograder.assignment import load_assignment
    from autograder.intake import submission as intake
    from autograder.orchestration.stages.suite import run_suite

    folder = tmp_path / "class"
    folder.mkdir()
    names = [
        "correct_vectorised",
        "mistake_gd_sequential_update",
        "mistake_mse_sum",
        "mistake_w1_x_squared",
    ]
    for name in names:
        (folder / f"{name}.py").write_bytes((CORPUS / f"{name}.py").read_bytes())
    spec = load_assignment("gradient_descent")
    sources = {s.student_id: intake.load(s, stem=spec.stem) for s in intake.discover(folder)}
    outcomes = {}
    for chunk in (1, 3, 100):
        got = {}
        checks, code = run_suite(
            spec,
            sources,
            limits=Limits(),
            on_report=lambda r, got=got: got.setdefault(r.student_id, r),
            chunk=chunk,
        )
        assert len(checks) == 25 and code in (0, 1)
        outcomes[chunk] = {
            k: [(r.check.name, r.outcome, r.score) for r in v.results] for k, v in got.items()
        }
    assert outcomes[1] == outcomes[3] == outcomes[100]
    assert sorted(outcomes[1]) == sorted(sources)


def test_the_writer_keeps_only_a_slim_report_but_writes_the_full_pages(tmp_path):
    from autograder.assignment import load_assignment
    from autograder.writers.run_files import ReportWriter

    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "a.py").write_bytes((CORPUS / "mistake_gd_sequential_update.py").read_bytes())
    (folder / "b.py").write_bytes((CORPUS / "correct_vectorised.py").read_bytes())
    reports = grade_class(folder, tmp_path / "out", workers=1)
    assert all(
        not r.curves and all(not x.output and not x.trace for x in r.results) for r in reports
    )
    first = {r.check.name: r.check for r in reports[0].results}
    assert all(first[r.check.name] is r.check for r in reports[1].results)  # shared checks
    # a result both students earned alike is kept once for the class, not once a student
    mse = [(x, y) for x, y in zip(*(r.results for r in reports), strict=True)]
    mse = [(x, y) for x, y in mse if x.check.function == "mse"]
    assert mse and all(x is y and x.outcome is Outcome.PASSED for x, y in mse)
    gd = [(x, y) for x, y in zip(*(r.results for r in reports), strict=True)]
    assert any(x.score != y.score for x, y in gd if x.check.function == "gradient_descent")
    page = (tmp_path / "out" / "a" / "feedback.html").read_text(encoding="utf-8")
    assert page.count("<svg") == 2  # the pages were written from the full report
    writer = ReportWriter(
        tmp_path / "w", load_assignment("gradient_descent"), lang="en", keep=False
    )
    writer(reports[0])
    assert writer.reports == {}


def test_a_file_gone_before_its_turn_is_reported_and_the_class_goes_on(tmp_path, monkeypatch):
    """Only ids and cache keys are kept between intake and grading; each file is read
    again when its pytest session starts. One that vanished meanwhile gets a grader-error
    report (the instructor's side), and everyone else is graded."""
    from autograder.orchestration.stages import dispatch

    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "a.py").write_bytes((CORPUS / "correct_vectorised.py").read_bytes())
    (folder / "b.py").write_bytes((CORPUS / "mistake_mse_sum.py").read_bytes())
    real = dispatch.run_suite

    def remove_b_first(spec, sources, **kwargs):
        (folder / "b.py").unlink()
        return real(spec, sources, **kwargs)

    monkeypatch.setattr(dispatch, "run_suite", remove_b_first)
    a, b = grade_class(folder, tmp_path / "out", workers=1)
    assert (a.student_id, a.status, total(a)) == (
        "a",
        Status.GRADED,
        suite_total("gradient_descent"),
    )
    assert (b.student_id, b.status, total(b)) == ("b", Status.GRADER_ERROR, 0)
    assert b.message is not None and b.message.key == "grader_stopped"
    assert b.origin == "b.py" and (tmp_path / "out" / "b" / "feedback.html").is_file()


def test_two_checks_under_one_name_with_other_specs_are_refused(tmp_path, monkeypatch):
    """Results are found by the check's name, so a parametrized test marked public for one
    case only would give the other case the wrong visibility: refused at collection."""
    spec = load_assignment("gradient_descent")
    suite = tmp_path / "suite"
    shutil.copytree(spec.suite, suite, ignore=shutil.ignore_patterns("__pycache__"))
    # a file of its own: pytest keeps imported test modules, and later in-process runs
    # of the real suite must not meet an edited test_mse
    (suite / "test_twice_named.py").write_text(
        "import pytest\n\npytestmark = pytest.mark.target('mse')\n\n\n"
        "@pytest.mark.points(1)\n"
        "@pytest.mark.parametrize('k', [pytest.param(0, marks=pytest.mark.public), 1])\n"
        "def test_mse_twice(student, ref, k):\n"
        "    pass\n",
        encoding="utf-8",
    )
    renamed = dataclasses.replace(spec, suite=suite)
    monkeypatch.setattr(engine, "load_assignment", lambda name: renamed)
    folder = tmp_path / "class"
    folder.mkdir()
    shutil.copyfile(spec.reference, folder / "a.py")
    with pytest.raises(RuntimeError, match="give each check its own name"):
        engine.grade_class(folder, tmp_path / "out", workers=1)


PRINTING = """
import numpy as np


def mse(y, y_pred):
    print("debug: mse of", len(y), "points")
    return float(np.sum((np.asarray(y) - np.asarray(y_pred)) ** 2))  # a sum, not the mean


def partial_w0(w0, w1, x, y):
    print("debug: partial_w0", "#" * 500)
    return float(-2 * np.mean(y - (w0 + w1 * x)))


def partial_w1(w0, w1, x, y):
    raise ValueError("not done yet")


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    print("debug: gradient_descent")
    return w0, w1
"""


def test_a_public_check_keeps_the_printed_output_whatever_its_outcome(make_class, tmp_path):
    """An honest student's debugging prints stay with a public check, right, wrong or
    raised, within the same size limit per call; a hidden check keeps none."""
    folder = make_class({"kim.py": PRINTING})
    limits = Limits(output_chars=100)
    grade_class(folder, tmp_path / "out", workers=1, limits=limits)
    detail = json.loads((tmp_path / "out" / "kim" / "detail.json").read_text(encoding="utf-8"))
    spec = load_assignment("gradient_descent")
    hidden = {c.name for c in suite_checks(spec) if not c.public}
    public = {c["function"]: c for c in detail["checks"] if c["name"] not in hidden}
    assert public["mse"]["outcome"] == "wrong"
    assert public["mse"]["output"].startswith("debug: mse of 4 points")
    assert public["partial_w0"]["outcome"] == "passed"
    kept = public["partial_w0"]["output"]
    assert kept.startswith("debug: partial_w0 ###") and "more characters" in kept
    assert kept.count("#") < 110  # bounded by --output-chars, as before
    assert public["gradient_descent"]["outcome"] == "wrong"
    assert "debug: gradient_descent" in public["gradient_descent"]["output"]
    assert public["partial_w1"]["outcome"] == "raised"
    assert all(not c["output"] for c in detail["checks"] if c["name"] in hidden)
    md = (tmp_path / "out" / "kim" / "feedback.md").read_text(encoding="utf-8")
    page = (tmp_path / "out" / "kim" / "feedback.html").read_text(encoding="utf-8")
    results = (tmp_path / "out" / "kim" / "results.json").read_text(encoding="utf-8")
    for text in (md, page, results):
        assert "debug: mse of 4 points" in text and "debug: partial_w0" in text
