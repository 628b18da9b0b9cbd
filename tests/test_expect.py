"""Declarative expectations (issue 13): every comparison of a check goes through
autograder.checks.expectations, its result carries what was expected (kind and tolerance), and what is
derived from a check reads that record: the feedback's tolerance hint, the writers'
structural-diagnosis rule and the nbgrader export's test cells."""

from __future__ import annotations

import inspect
import shutil

import numpy as np
import pytest

from autograder.checks import expectations as expect
from autograder.checks import recording as recorder
from autograder.checks.recording import load_reference
from autograder.errors import CheckFailed
from autograder.messages import DEFAULT
from autograder.model import Check, CheckResult, Expectation, Outcome, Status, SubmissionReport
from autograder.orchestration.engine import grade_class
from autograder.orchestration.serialize import result_from_dict, result_to_dict
from autograder.sandbox import Limits
from autograder.sandbox.session import returned_from
from autograder.suites.backprop.cases import FD_ATOL, FD_RTOL
from autograder.writers import texts as report_text
from autograder.writers.files import safe_dirname
from tests.conftest import CORPUS, REFERENCE, ROOT

BP_CORPUS = ROOT / "tests" / "corpus" / "backprop"
BP_REFERENCE = ROOT / "solutions" / "backprop.py"
LIMITS = Limits(call_timeout=2.0, load_timeout=10.0)
FD_CHECKS = ("test_backward_finite_differences_sigmoid", "test_backward_finite_differences_relu")


# --------------------------------------------------------------------- the API itself


def test_compare_passes_within_the_declared_tolerance_and_names_the_mistake_otherwise():
    loose = expect.scalar(rtol=1e-3, atol=0.0)
    expect.compare(loose, "mse", 1.0005, 1.0)  # within rtol 1e-3
    with pytest.raises(CheckFailed, match=r"rtol=0\.001") as failed:
        expect.compare(loose, "mse", 1.01, 1.0, diagnose=lambda: "diag_x")
    assert failed.value.diagnosis == "diag_x"
    with pytest.raises(CheckFailed):
        expect.compare(expect.scalar(), "mse", 1.0005, 1.0)  # the kit's default rtol 1e-6


def test_recording_sees_declarations_and_comparisons_with_the_answer_part():
    seen: list[expect.Record] = []
    answer = returned_from({"dW1": np.ones((2, 3))}, "backward")
    part = answer.entries()["dW1"]
    with expect.recording(seen.append):
        want = expect.array(rtol=FD_RTOL, atol=FD_ATOL)
        expect.compare(want, "backward dW1", part, np.ones((2, 3)))
    assert [r.ok for r in seen] == [None, True]
    assert seen[1].got[0] is part and seen[1].shapes == ((2, 3),)
    assert seen[1].expectation == Expectation("array", FD_RTOL, FD_ATOL)
    expect.compare(want, "backward dW1", part, np.ones((2, 3)))  # outside: no sink, no error
    assert len(seen) == 2


def test_distinct_is_a_structural_expectation():
    pair = expect.pair()
    expect.distinct(pair, "gd", ((1.0, 2.0), (1.0, 3.0)), ((1.0, 2.0), (1.0, 3.0)))
    with pytest.raises(CheckFailed, match="same answer") as failed:
        expect.distinct(
            pair, "gd", ((1.0, 2.0), (1.0, 2.0)), ((1.0, 2.0), (5.0, 3.0)), diagnose=lambda: "d"
        )
    assert failed.value.diagnosis == "d"
    assert Expectation("distinct", 1e-6, 1e-9).structural
    assert not pair.structural


def test_expectations_survive_serialisation_and_an_old_cache_entry_still_reads():
    check = Check("test_x", "mse", 2.0)
    res = CheckResult(
        check, Outcome.WRONG, 0.0, expectations=(Expectation("array", FD_RTOL, FD_ATOL),)
    )
    assert result_from_dict(result_to_dict(res)) == res
    old = result_to_dict(res)
    del old["expectations"]  # written by a kit before expectations existed
    assert result_from_dict(old).expectations == ()


# ------------------------------------------------------------------------ the writers


def _wrong(name: str, diagnosis: str, kind: str) -> CheckResult:
    return CheckResult(
        Check(name, "partial_w0", 5.0),
        Outcome.WRONG,
        0.0,
        diagnosis=diagnosis,
        expectations=(Expectation(kind, 1e-6, 1e-9),),
    )


def _report(*results: CheckResult) -> SubmissionReport:
    return SubmissionReport("s", Status.GRADED, ("partial_w0",), results, {"partial_w0": 10.0})


def test_the_expectation_says_whether_one_check_is_enough_for_a_diagnosis():
    assert not hasattr(report_text, "STRUCTURAL_DIAGNOSES")
    assert report_text.diagnoses(_report(_wrong("a", "diag_any", "distinct")), "partial_w0") == [
        "diag_any"
    ]
    # the same key found by a numeric match must repeat
    assert report_text.diagnoses(_report(_wrong("a", "diag_global_data", "pair")), "x") == []
    assert (
        report_text.diagnoses(_report(_wrong("a", "diag_global_data", "pair")), "partial_w0") == []
    )


def test_the_hint_quotes_the_recorded_tolerance():
    res = CheckResult(
        Check("t", "backward", 6.0),
        Outcome.WRONG,
        0.0,
        expectations=(Expectation("array", FD_RTOL, FD_ATOL),),
    )
    assert "rtol=0.0001, atol=1e-07" in report_text.student_message(res, "en")
    older = CheckResult(Check("t", "backward", 6.0), Outcome.WRONG, 0.0)  # no record: default
    assert "rtol=1e-06, atol=1e-09" in report_text.student_message(older, "en")


# ------------------------------------------------------------------- graded students


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> dict:
    """A few students of each corpus: right, wrong, raising, timing out, missing."""
    found = {}
    runs = [
        ("backprop", BP_CORPUS, BP_REFERENCE, [
            "mistake_backward_no_batch_average.py",
            "hang_backward_infinite_loop.py",
            "mistake_forward_no_cache.py",
        ]),
        ("gradient_descent", CORPUS, REFERENCE, [
            "mistake_gd_global_data.py",
            "stub_not_implemented.py",
        ]),
    ]  # fmt: skip
    for assignment, corpus, reference, names in runs:
        folder = tmp_path_factory.mktemp(f"{assignment}_class")
        for name in names:
            shutil.copyfile(corpus / name, folder / name)
        shutil.copyfile(reference, folder / "reference_solution.py")
        out = tmp_path_factory.mktemp(f"{assignment}_out")
        reports = grade_class(folder, out, assignment=assignment, limits=LIMITS, lang="en")
        found[assignment] = {"out": out, "reports": {r.student_id: r for r in reports}}
    return found


@pytest.mark.slow
def test_every_check_result_of_a_graded_student_carries_an_expectation(graded):
    outcomes = set()
    for run in graded.values():
        for report in run["reports"].values():
            assert report.status is Status.GRADED, report.student_id
            for res in report.results:
                outcomes.add(res.outcome)
                assert res.expectation is not None, (report.student_id, res.check.name)
                assert res.expectation.kind in ("scalar", "pair", "array", "distinct")
    assert {Outcome.PASSED, Outcome.WRONG, Outcome.RAISED, Outcome.TIMEOUT} <= outcomes


@pytest.mark.slow
def test_a_hidden_finite_difference_check_hints_its_own_tolerance(graded):
    run = graded["backprop"]
    report = run["reports"]["mistake_backward_no_batch_average"]
    by_name = {r.check.name: r for r in report.results}
    hint = DEFAULT.t("hidden_wrong", "en", rtol="0.0001", atol="1e-07")
    for name in FD_CHECKS:
        res = by_name[name]
        assert res.check.hidden and res.outcome is Outcome.WRONG and res.message is None
        assert res.expectation == Expectation("array", FD_RTOL, FD_ATOL)
        assert report_text.student_message(res, "en") == hint
    folder = run["out"] / safe_dirname(report.student_id)
    feedback = (folder / "feedback.md").read_text(encoding="utf-8")
    assert feedback.count("rtol=0.0001, atol=1e-07") == len(FD_CHECKS)
    assert "rtol=1e-06, atol=1e-09" in feedback  # the checks against the reference
    page = (folder / "feedback.html").read_text(encoding="utf-8")
    assert page.count("rtol=0.0001, atol=1e-07") == len(FD_CHECKS)


@pytest.mark.slow
def test_global_data_is_named_from_its_structural_expectation(graded):
    report = graded["gradient_descent"]["reports"]["mistake_gd_global_data"]
    named = [r for r in report.results if r.diagnosis == "diag_global_data"]
    # found by the one structural comparison, then written on every wrong check of the
    # function (autograder/checks/naming.py)
    assert len([r for r in named if r.expectation.structural]) == 1
    wrong = [r for r in report.results if r.check.function == "gradient_descent"]
    assert named == [r for r in wrong if r.outcome is Outcome.WRONG]
    assert report_text.diagnoses(report, "gradient_descent") == ["diag_global_data"]


# ------------------------------------------------------------------ the nbgrader export


def test_the_recorder_patches_nothing():
    """No suite helper is wrapped by name (check_close, check_two_datasets), and no reading
    method of an answer is shadowed: the records come from autograder.checks.expectations."""
    text = inspect.getsource(recorder)
    for word in ("unittest", "mock.", "setattr(", "check_close", "check_two_datasets"):
        assert word not in text


def test_nbgrader_records_come_from_the_declared_expectations():
    """A check written outside any suite module, comparing through autograder.checks.expectations only:
    the recorder ties each comparison to the part of the answer it read, with the
    declared tolerance, and a passing expect.distinct makes it a two-datasets check."""
    ref = load_reference(REFERENCE)
    x1, y1 = np.array([1.0, 2.0, 3.0]), np.array([2.0, 1.0, 0.5])
    x2, y2 = np.array([0.5, -1.0]), np.array([3.0, 4.0])

    def test_custom(student, ref):
        loose = expect.pair(rtol=1e-3, atol=1e-5)
        a = student.gradient_descent(x1, y1, alpha=0.1, n_iters=3)
        b = student.gradient_descent(x2, y2, alpha=0.1, n_iters=3)
        want_a = ref.gradient_descent(x1, y1, alpha=0.1, n_iters=3)
        want_b = ref.gradient_descent(x2, y2, alpha=0.1, n_iters=3)
        expect.distinct(loose, "gradient_descent", (a, b), (want_a, want_b))
        expect.compare(loose, "gradient_descent", a, want_a)
        expect.compare(loose, "gradient_descent", b, want_b)

    calls, two_datasets = recorder.run_check(test_custom, ref)
    assert two_datasets and [c.function for c in calls] == ["gradient_descent"] * 2
    for call, want in zip(calls, [(x1, y1), (x2, y2)], strict=True):
        (expectation,) = call.expects
        assert expectation.path == () and expectation.read == "numbers"
        assert expectation.tolerance == (1e-3, 1e-5)
        assert expectation.values == tuple(ref.gradient_descent(*want, alpha=0.1, n_iters=3))

    def test_derived(student, ref):  # compares a number computed from the answer
        answer = student.mse(x1, y1)
        expect.compare(expect.scalar(), "mse", 2 * answer.scalar(), 2 * ref.mse(x1, y1))

    with pytest.raises(ValueError, match="not a part of the student's answer"):
        recorder.run_check(test_derived, ref)
