"""The bench's in-process floor grades like the sandbox (else the isolation ratio measures
a floor that fails fast): the reference scores full marks, a known mistake loses its points."""

import shutil

from autograder.assignment import load_assignment
from autograder.intake import submission as intake
from autograder.orchestration.stages.suite import run_suite
from autograder.sandbox import Limits
from autograder.scoring.points import function_scores
from bench.floor import InProcessSession
from tests.conftest import CORPUS, REFERENCE, suite_maxima


def test_the_floor_grades_the_reference_full_and_a_mistake_not(tmp_path):
    shutil.copyfile(REFERENCE, tmp_path / "ref.py")
    shutil.copyfile(CORPUS / "mistake_mse_sum.py", tmp_path / "mse_sum.py")
    spec = load_assignment("gradient_descent")
    sources = {s.student_id: intake.load(s, stem=spec.stem) for s in intake.discover(tmp_path)}
    reports = []
    run_suite(
        spec, sources, limits=Limits(), on_report=reports.append, session_class=InProcessSession
    )
    scores = {r.student_id: function_scores(r) for r in reports}
    full = suite_maxima("gradient_descent")
    assert scores["ref"] == full
    assert scores["mse_sum"]["mse"] < full["mse"]
    assert scores["mse_sum"]["gradient_descent"] == full["gradient_descent"]
    assert reports[0].curves, "the plots' numbers come from the floor too"
