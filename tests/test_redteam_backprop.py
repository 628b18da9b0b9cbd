"""Red team, backprop: the given forward/backward (substituted into train_step's checks) must
not reach a student through a train_step that reads their code and prints or raises it. One
class run: the hostile file and an honest control."""

from __future__ import annotations

import csv
import subprocess
import sys

import pytest

from autograder.assignment import load_assignment
from autograder.writers.files import safe_dirname
from tests.conftest import ROOT, suite_maxima
from tests.test_redteam import STUDENT_FACING, given_solution_lines

# Whole class runs, notebooks executed or workers started: seconds each.
pytestmark = pytest.mark.slow

HOSTILE = ROOT / "tests" / "corpus" / "hostile_backprop"
FULL = suite_maxima("backprop")


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    base = tmp_path_factory.mktemp("redteam_backprop")
    folder, out = base / "class", base / "out"
    folder.mkdir()
    reference = load_assignment("backprop").reference.read_text(encoding="utf-8")
    (folder / "control.py").write_text(reference, encoding="utf-8")
    for path in sorted(HOSTILE.glob("*.py")):
        text = reference + "\n\n" + path.read_text(encoding="utf-8")
        (folder / path.name).write_text(text, encoding="utf-8")
    proc = subprocess.run(
        [
            *(sys.executable, "-m", "autograder", "grade", str(folder), "--out", str(out)),
            *("--assignment", "backprop", "--timeout", "3", "--quiet"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    with (out / "grades.csv").open(encoding="utf-8") as fh:
        rows = {row["student_id"]: row for row in csv.DictReader(fh)}
    return {"out": out, "rows": rows}


def test_the_leaking_train_step_scores_nothing_and_the_rest_stays_full(run):
    assert {k: float(v) for k, v in run["rows"]["control"].items() if k in FULL} == FULL
    row = run["rows"]["leak_given_train_step"]
    assert float(row["train_step"]) == 0.0, row
    for fn in ("forward", "mse_loss", "backward"):
        assert float(row[fn]) == FULL[fn], (fn, row)


def test_no_given_forward_or_backward_code_reaches_a_student(run):
    lines = given_solution_lines("backprop")
    for student_id in run["rows"]:
        for name in STUDENT_FACING:
            text = (run["out"] / safe_dirname(student_id) / name).read_text(encoding="utf-8")
            assert "LEAKED-" not in text, (student_id, name)
            for line in lines:
                assert line not in text, (student_id, name, line)
