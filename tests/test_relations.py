"""Relation diagnoses (autograder/relations.py) and how a student's results name one
(autograder/checks/naming.py), on plain numbers: no student code runs here."""

from __future__ import annotations

import numpy as np
import pytest

from autograder import relations
from autograder.checks.naming import Combined, name_function, settle
from autograder.messages import DEFAULT
from autograder.model import Check, CheckResult, Expectation, Outcome
from autograder.orchestration.plugin import load_reference
from autograder.suites.gradient_descent import misconceptions as gd
from tests.conftest import REFERENCE

# ---------------------------------------------------------------------------- factors


@pytest.mark.parametrize(
    ("factor", "key"),
    [
        (0.5, "diag_factor_half"),
        (2.0, "diag_factor_double"),
        (-1.0, "diag_factor_neg"),
        (7.0, "diag_factor_times_n"),
        (1 / 7, "diag_factor_over_n"),
        (49 / 2, "diag_factor_half_times_n2"),  # 1./2*m precedence
        (-0.5, "diag_factor_neg_half"),
        (2 * 7, "diag_factor_double_times_n"),
    ],
)
def test_a_constant_factor_is_named_by_its_powers_of_2_and_n(factor, key):
    expected = np.array([1.5, -2.25, 4.0])
    assert relations.factor_keys(factor * expected, expected, n=7)[0] == key


def test_no_factor_when_the_answer_is_right_or_unrelated_or_the_expected_is_zero():
    expected = np.array([1.5, -2.25, 4.0])
    assert relations.factor_keys(expected, expected, n=7) == []
    assert relations.factor_keys(expected * 3.0, expected, n=7) == []  # 3 is no named factor
    assert relations.factor_keys(expected + 0.5, expected, n=7) == []  # not one factor
    assert relations.factor_keys([0.0, 1.0, 2.0], [0.0, 0.0, 0.0], n=7) == []
    mixed = expected * np.array([0.5, 0.5, 2.0])  # a factor per element is not a relation
    assert relations.factor_keys(mixed, expected, n=7) == []


def test_every_fitting_factor_is_a_candidate_when_n_makes_them_equal():
    # N = 2: half is also 1/N; N = 1: every power of N is 1
    assert set(relations.factor_keys([1.0], [2.0], n=2)) >= {
        "diag_factor_half",
        "diag_factor_over_n",
    }
    assert "diag_factor_half_times_n" in relations.factor_keys([1.0], [2.0], n=1)
    assert relations.factor_keys([1.0], [2.0], n=2)[0] == "diag_factor_half"  # simplest first


def test_factor_text_reads_as_written():
    assert relations.factor_text(1, -1, 2) == "N²/2"
    assert relations.factor_text(-1, 0, 0) == "−1"
    assert relations.factor_text(1, 1, 1) == "2N"
    assert relations.factor_text(1, -1, -1) == "1/(2N)"


def test_transposed_needs_a_non_square_transpose():
    a = np.arange(6.0).reshape(2, 3)
    assert relations.transposed(a.T, a)
    assert not relations.transposed(a, a)
    assert not relations.transposed(np.eye(2), np.eye(2))


def test_a_learning_step_off_by_a_factor_or_the_rate_twice():
    start, right = np.array([1.0, 2.0]), np.array([0.8, 2.4])  # a step of (−0.2, +0.4)
    assert relations.step_keys(start + 0.5 * (right - start), right, start, lr=0.1, n=5)[0] == (
        "diag_lr_half"
    )
    assert relations.step_keys(start + 0.1 * (right - start), right, start, lr=0.1, n=5)[0] == (
        "diag_lr_squared"
    )
    assert relations.step_keys(start - (right - start), right, start, lr=0.1, n=5) == []


@pytest.mark.parametrize(
    ("matched", "n_iters", "key"),
    [
        (9, 10, "diag_iters_one_fewer"),
        (11, 10, "diag_iters_one_more"),
        (20, 10, "diag_iters_double"),
        (5, 10, "diag_iters_half"),
        (3, 10, "diag_iters_fewer"),
        (40, 10, "diag_iters_more"),
        (0, 10, ""),  # no step at all: another mistake
        (10, 10, ""),
    ],
)
def test_iteration_counts(matched, n_iters, key):
    assert relations.iteration_key(matched, n_iters) == key


def test_every_relation_key_has_both_languages():
    keys = relations.messages()
    assert "diag_factor_half_times_n2" in keys and "diag_lr_squared" in keys
    for key in keys:
        for lang in ("ko", "en"):
            assert DEFAULT.t(key, lang) != key, (key, lang)
    assert "N²/2" in DEFAULT.t("diag_factor_half_times_n2", "en")
    assert "1/(2*m)" in DEFAULT.t("diag_factor_half_times_n2", "en")


# ------------------------------------------------------------- the gradient-descent loop


def test_gd_loop_relations_from_the_reference():
    ref = load_reference(REFERENCE)
    x, y = np.array([0.5, 1.0, 2.0, 3.5]), np.array([1.0, 2.5, 4.0, 7.5])
    kwargs = {"alpha": 0.03, "n_iters": 30, "w0": 0.5, "w1": -0.5}

    def keys(got):
        return relations.split(gd.diagnose(ref, "gradient_descent", list(got), (x, y), kwargs))

    half = ref.gradient_descent(x, y, alpha=0.015, n_iters=30, w0=0.5, w1=-0.5)
    assert keys(half)[0] == "diag_lr_half"
    squared = ref.gradient_descent(x, y, alpha=0.03**2, n_iters=30, w0=0.5, w1=-0.5)
    assert keys(squared)[0] == "diag_lr_squared"
    early = ref.gradient_descent(x, y, alpha=0.03, n_iters=12, w0=0.5, w1=-0.5)
    assert "diag_iters_fewer" in keys(early)
    ignored = ref.gradient_descent(x, y, alpha=0.03, n_iters=1000, w0=0.5, w1=-0.5)
    assert keys(ignored)[0] == "diag_iters_ignored"
    assert keys((0.1234, 5.678)) == []  # an unrelated answer
    assert gd.diagnose(ref, "gradient_descent", [float("nan")] * 2, (x, y), kwargs) == "?"


def test_half_mse_names_half_and_half_partials_the_missing_2():
    ref = load_reference(REFERENCE)
    y, p = np.array([2.0, -1.0, 4.0, 0.5]), np.array([2.0, -1.0, 1.0, 4.5])
    assert relations.split(gd.diagnose(ref, "mse", [ref.mse(y, p) / 2], (y, p), {}))[0] == (
        "diag_factor_half"
    )
    args = (0.8, 2.1, np.array([1.0, 2.0, 3.0]), np.array([2.0, 4.0, 5.0]))
    got = [ref.partial_w0(*args) / 2]
    assert relations.split(gd.diagnose(ref, "partial_w0", got, args, {}))[:2] == [
        "diag_partial_no_2",
        "diag_factor_half",
    ]


# -------------------------------------------------------------------------- naming


def _res(fn, diagnosis, outcome=Outcome.WRONG, kind="scalar", name=""):
    return CheckResult(
        Check(name or f"{fn}_{diagnosis}_{outcome.value}", fn, 5.0),
        outcome,
        0.0 if outcome is not Outcome.PASSED else 5.0,
        diagnosis=diagnosis,
        expectations=(Expectation(kind, 1e-6, 1e-9),),
    )


def test_a_name_must_fit_every_wrong_check():
    both = [_res("f", "diag_a|diag_b", name="1"), _res("f", "diag_b", name="2")]
    assert name_function(both) == "diag_b"
    one_off = [*both, _res("f", "", name="3")]  # a wrong check no relation explains
    assert name_function(one_off) == ""
    assert name_function([_res("f", "diag_a")]) == ""  # one check is not enough


def test_checks_without_a_value_neither_support_nor_rule_out():
    results = [
        _res("f", "diag_a", name="1"),
        _res("f", "diag_a", name="2"),
        _res("f", "", Outcome.RAISED, name="3"),  # raised: no value to test
        _res("f", "?", name="4"),  # not finite, nothing explains it
        _res("f", "", Outcome.PASSED, name="5"),
    ]
    assert name_function(results) == "diag_a"


def test_structural_and_certain_names_need_one_check():
    assert name_function([_res("f", "diag_global_data", kind="distinct"), _res("f", "")]) == (
        "diag_global_data"
    )
    assert name_function([_res("f", "diag_returned_none")]) == "diag_returned_none"


def test_settle_writes_the_name_on_every_wrong_check_and_clears_the_rest():
    results = [
        _res("mse", "diag_factor_half", name="m1"),
        _res("mse", "diag_factor_half|diag_factor_over_n", name="m2"),
        _res("p", "diag_partial_no_2|diag_factor_half", name="p1"),
        _res("p", "diag_partial_no_2|diag_factor_half", name="p2"),
        _res("p", "", Outcome.PASSED, name="p3"),
        _res("q", "diag_x", name="q1"),  # one check: no name
    ]
    settled = settle(results, ("mse", "p", "q"))
    assert [r.diagnosis for r in settled] == [
        "diag_factor_half",
        "diag_factor_half",
        "diag_partial_no_2",
        "diag_partial_no_2",
        "",
        "",
    ]
    rule = Combined(
        "diag_convention",
        needs={"mse": frozenset({"diag_factor_half"}), "p": frozenset({"diag_partial_no_2"})},
        optional={"q": frozenset({"diag_lr_half"})},
    )
    combined = settle(results, ("mse", "p", "q"), (rule,))
    assert [r.diagnosis for r in combined] == ["diag_convention"] * 4 + ["", ""]
    # without the half mse, the partials keep their own name
    alone = settle(results[2:], ("mse", "p", "q"), (rule,))
    assert alone[0].diagnosis == "diag_partial_no_2"


def test_returned_none_carries_its_key_and_reaches_every_output():
    import json

    from autograder.errors import BadReturn
    from autograder.model import Message, Status, SubmissionReport
    from autograder.writers import class_stats
    from autograder.writers import texts as report_text

    why = "returned None (is a `return` missing?)"
    assert BadReturn(Message.of("bad_return", fn="mse", why=why)).diagnosis == (
        "diag_returned_none"
    )
    assert BadReturn(Message.of("bad_return", fn="mse", why="a str")).diagnosis == ""
    results = settle([_res("mse", "diag_returned_none", name="m1")], ("mse",))
    report = SubmissionReport("kim", Status.GRADED, ("mse",), results, {"mse": 5.0})
    detail = json.loads(report_text.detail_json(report))
    assert detail["diagnoses"] == {"mse": "diag_returned_none"}
    assert detail["checks"][0]["diagnosis"] == "diag_returned_none"
    gradescope = json.loads(report_text.results_json(report, lang="en"))
    assert "return" in gradescope["tests"][0]["output"]
    assert DEFAULT.t("diag_returned_none", "en") in gradescope["tests"][0]["output"]
    assert DEFAULT.t("diag_returned_none", "ko") in report_text.feedback_md(report, title="t")
    assert class_stats.misconceptions([report]) == [("mse", "diag_returned_none", ["kim"])]


def test_the_nbgrader_test_cells_name_a_constant_factor():
    from autograder.integrations.nbgrader import helpers_source

    namespace: dict = {}
    exec(compile(helpers_source(), "<helpers>", "exec"), namespace)
    relation = namespace["_grading_relation"]
    want = np.array([2.0, -4.0, 0.5])
    assert "(diag_factor_half)" in relation(want / 2, want, 1e-6, 1e-9)
    assert "(diag_factor_neg)" in relation(-want, want, 1e-6, 1e-9)
    assert relation(want + 1.0, want, 1e-6, 1e-9) == ""
    assert relation(want * 3.0, want, 1e-6, 1e-9) == ""
    assert relation(np.zeros(3), np.zeros(3), 1e-6, 1e-9) == ""


def test_the_right_numbers_in_another_shape():
    right = np.array([1.0, -2.0, 3.0])
    assert relations.reshaped(right.reshape(1, 3), right)
    assert not relations.reshaped(right, right)
    assert not relations.reshaped((2 * right).reshape(1, 3), right)
