"""Grade the whole example corpus in ONE class run and assert each function's outcome.

tests/corpus/gradient_descent/expected.json says, per file, which functions must earn
full points and which must lose points (or that the file is ungradable).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from autograder.engine import grade_class
from autograder.model import Outcome, Status
from autograder.sandbox import Limits
from autograder.scoring import function_scores, max_total, total
from autograder.writers.report_text import diagnoses
from tests.conftest import CORPUS, REFERENCE, ROOT

EXPECTED: dict[str, dict] = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
FUNCTIONS = ("mse", "partial_w0", "partial_w1", "gradient_descent")
LIMITS = Limits(call_timeout=2.0, load_timeout=10.0)


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("corpus_class")
    for name in EXPECTED:
        shutil.copyfile(CORPUS / name, folder / name)
    shutil.copyfile(REFERENCE, folder / "reference_solution.py")
    out = tmp_path_factory.mktemp("corpus_out")
    reports = grade_class(folder, out, limits=LIMITS)
    return {"reports": {r.student_id: r for r in reports}, "out": out}


def test_every_corpus_file_has_a_report(graded):
    ids = {Path(name).stem for name in EXPECTED} | {"reference_solution"}
    assert set(graded["reports"]) == ids


def test_reference_solution_scores_full_marks(graded):
    report = graded["reports"]["reference_solution"]
    assert report.status is Status.GRADED
    assert total(report) == max_total(report) == 100


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_outcome_per_function(graded, name):
    expected = EXPECTED[name]
    report = graded["reports"][Path(name).stem]
    if expected.get("ungradable"):
        assert report.status is Status.UNGRADABLE, report.message
        assert total(report) == 0
        assert report.message
        return
    assert report.status is Status.GRADED, report.message
    assert sorted(expected["full"] + expected["loses"]) == sorted(FUNCTIONS)
    scores = function_scores(report)
    wrong = {
        r.check.name: (r.outcome.value, r.detail)
        for r in report.results
        if r.outcome is not Outcome.PASSED
    }
    for fn in expected["full"]:
        assert scores[fn] == report.max_points[fn], f"{fn} should be full: {wrong}"
    for fn in expected["loses"]:
        assert scores[fn] < report.max_points[fn], f"{fn} should lose points ({expected['note']})"


def test_no_check_ends_in_a_grader_error(graded):
    for report in graded["reports"].values():
        assert report.status is not Status.GRADER_ERROR, report.student_id
        assert all(r.outcome is not Outcome.GRADER_ERROR for r in report.results)


def test_a_hanging_gradient_descent_times_out_and_nothing_else_is_lost(graded):
    report = graded["reports"]["mistake_gd_infinite_loop_while_true"]
    outcomes = {r.outcome for r in report.results if r.check.function == "gradient_descent"}
    assert outcomes <= {Outcome.TIMEOUT, Outcome.SKIPPED}
    assert Outcome.TIMEOUT in outcomes


def test_stub_scores_zero_with_not_implemented_messages(graded):
    report = graded["reports"]["stub_not_implemented"]
    assert total(report) == 0
    assert all(r.outcome is Outcome.RAISED for r in report.results)
    assert all(r.message and r.message.key == "not_implemented" for r in report.results)
    assert all("not implemented yet" in r.detail for r in report.results)


def test_reports_are_written_for_every_student(graded):
    out: Path = graded["out"]
    lines = (out / "grades.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].split(",")[:8] == ["student_id", *FUNCTIONS, "total", "max_score", "status"]
    assert len(lines) == 1 + len(graded["reports"])
    for student_id in graded["reports"]:
        results = json.loads((out / student_id / "results.json").read_text(encoding="utf-8"))
        assert results["score"] == total(graded["reports"][student_id])
        assert (out / student_id / "feedback.md").is_file()


# Misconception diagnosis (issue: feedback). Each known mistake is named; correct code is not.
DIAGNOSES = {
    "mistake_gd_ascent.py": ("gradient_descent", "diag_gd_ascent"),
    "mistake_gd_fixed_alpha.py": ("gradient_descent", "diag_gd_alpha_fixed"),
    "mistake_gd_ignores_alpha.py": ("gradient_descent", "diag_gd_alpha_ignored"),
    "mistake_gd_ignores_initial_weights.py": ("gradient_descent", "diag_gd_start_ignored"),
    "mistake_gd_off_by_one_fewer.py": ("gradient_descent", "diag_gd_one_fewer"),
    "mistake_gd_off_by_one_more.py": ("gradient_descent", "diag_gd_one_more"),
    "mistake_gd_sequential_update.py": ("gradient_descent", "diag_gd_sequential"),
    "mistake_gd_global_data.py": ("gradient_descent", "diag_global_data"),
    "mistake_gd_returns_swapped.py": ("gradient_descent", "diag_gd_swapped"),
    "mistake_mse_sum.py": ("mse", "diag_mse_sum"),
    "mistake_mse_mae.py": ("mse", "diag_mse_mae"),
    "mistake_mse_rmse.py": ("mse", "diag_mse_rmse"),
    "mistake_mse_n_minus_1.py": ("mse", "diag_mse_n_minus_1"),
    "mistake_mse_no_square.py": ("mse", "diag_mse_no_square"),
    "mistake_w0_no_factor_2.py": ("partial_w0", "diag_partial_no_2"),
    "mistake_w0_sign_flip.py": ("partial_w0", "diag_partial_sign"),
    "mistake_w0_sum_not_mean.py": ("partial_w0", "diag_partial_sum"),
    "mistake_w0_global_data.py": ("partial_w0", "diag_global_data"),
    "mistake_w1_missing_x.py": ("partial_w1", "diag_partial_w1_no_x"),
    "mistake_w1_no_factor_2.py": ("partial_w1", "diag_partial_no_2"),
    "mistake_w1_sign_flip.py": ("partial_w1", "diag_partial_sign"),
    "mistake_w1_x_squared.py": ("partial_w1", "diag_partial_w1_x_squared"),
}


@pytest.mark.parametrize("name", sorted(DIAGNOSES))
def test_each_known_mistake_gets_its_own_diagnosis(graded, name):
    fn, key = DIAGNOSES[name]
    report = graded["reports"][Path(name).stem]
    assert diagnoses(report, fn) == [key]
    for other in FUNCTIONS:
        if other != fn:
            assert diagnoses(report, other) == []


@pytest.mark.parametrize("name", sorted(n for n in EXPECTED if n.startswith("correct_")))
def test_correct_code_gets_no_diagnosis(graded, name):
    report = graded["reports"][Path(name).stem]
    assert all(not r.diagnosis for r in report.results)


def test_every_diagnosis_has_both_languages():
    from autograder.assignment import load_assignment
    from autograder.messages import Catalogue

    catalogue = Catalogue.for_suite(load_assignment("gradient_descent").suite)
    for _, key in DIAGNOSES.values():
        for lang in ("ko", "en"):
            assert catalogue.t(key, lang) != key


@pytest.mark.parametrize(
    "fixture",
    [
        ROOT / "submissions" / "gradient_descent" / "lim_jaewon.py",
        CORPUS / "stub_not_implemented.py",
    ],
)
def test_stub_fixtures_are_the_released_stub(fixture):
    """The 'untouched stub' submissions must stay byte-identical to what students get."""
    from autograder.assignment import load_assignment
    from autograder.release import generated_files

    stub = generated_files(load_assignment("gradient_descent"))["gradient_descent.py"]
    assert fixture.read_text(encoding="utf-8") == stub


def test_a_constant_answer_is_not_called_global_data():
    """Handing back the start (or zeros) for any data is not the global-data mistake."""
    from autograder.errors import CheckFailed
    from autograder.plugin import MemoReference, load_reference
    from autograder.sandbox import Returned
    from autograder.suites.gradient_descent.cases import check_two_datasets, line_data

    class ReturnsStart:
        def show(self, shown):
            pass

        def gradient_descent(self, x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
            return Returned((w0, w1), (2,), "tuple", "", "gradient_descent")

    ref = MemoReference(load_reference(REFERENCE))
    with pytest.raises(CheckFailed) as info:
        check_two_datasets(
            ReturnsStart(),
            ref,
            "gradient_descent",
            line_data(1, 10),
            line_data(2, 10, w0=-1.0),
            alpha=0.01,
            n_iters=5,
            w0=0.5,
            w1=0.5,
        )
    assert info.value.diagnosis == ""
