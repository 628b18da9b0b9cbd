"""Engine behaviour across submission forms: a .py, a notebook and a zip of the same code
get the same per-check outcomes."""

from __future__ import annotations

import io
import json
import zipfile

from autograder.engine import grade_class
from autograder.sandbox import Limits
from tests.conftest import CORPUS

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
