"""Scoring is pure: no student code runs here."""

from autograder.model import Check, Outcome, Status, SubmissionReport
from autograder.scoring.points import clamp, function_scores, max_points, max_total, result, total

MSE = Check("test_a", "mse", 4.0)
MSE2 = Check("test_b", "mse", 6.0)
GD = Check("test_c", "gradient_descent", 10.0)
FUNCS = ("mse", "gradient_descent")


def report(*results):
    return SubmissionReport(
        "s", Status.GRADED, FUNCS, tuple(results), max_points([MSE, MSE2, GD], FUNCS)
    )


def test_only_a_pass_scores():
    for outcome in Outcome:
        expected = 4.0 if outcome is Outcome.PASSED else 0.0
        assert result(MSE, outcome).score == expected, outcome


def test_totals_are_derived_per_function():
    r = report(result(MSE, Outcome.PASSED), result(MSE2, Outcome.WRONG), result(GD, Outcome.PASSED))
    assert function_scores(r) == {"mse": 4.0, "gradient_descent": 10.0}
    assert total(r) == 14.0
    assert max_total(r) == 20.0


def test_skips_and_errors_keep_their_points_in_the_maximum():
    r = report(result(MSE, Outcome.SKIPPED), result(GD, Outcome.GRADER_ERROR))
    assert total(r) == 0.0
    assert max_total(r) == 20.0


def test_function_score_is_clamped_to_its_maximum():
    duplicate = report(result(MSE2, Outcome.PASSED), result(MSE2, Outcome.PASSED))
    assert function_scores(duplicate)["mse"] == 10.0  # 12 earned, clamped to max 10
    assert clamp(-1.0, 0.0, 3.0) == 0.0


def test_max_points_lists_every_function_even_without_checks():
    assert max_points([MSE], ("mse", "partial_w0")) == {"mse": 4.0, "partial_w0": 0.0}
