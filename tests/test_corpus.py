"""Grade each example corpus in ONE class run per assignment and assert each function's
outcome.

tests/corpus/<assignment>/expected.json says, per file, which functions must earn full
points and which must lose points (or that the file is ungradable); for hostile files,
``zero`` lists the functions they cheat on, which must earn nothing at all.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import pytest

from autograder.engine import grade_class
from autograder.model import Outcome, Status
from autograder.sandbox import Limits
from autograder.scoring import function_scores, max_total, total
from autograder.writers.files import safe_dirname
from autograder.writers.report_text import diagnoses
from tests.conftest import CORPUS, REFERENCE, ROOT

# Slow (not in `make test-fast`): one class run per corpus, about a minute.
pytestmark = pytest.mark.slow

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
    assert_outcome(report, expected, FUNCTIONS)


def assert_outcome(report, expected: dict, functions: tuple[str, ...]) -> None:
    """Full points where expected says full, fewer where it says loses, none where zero."""
    assert report.status is Status.GRADED, report.message
    assert sorted(expected["full"] + expected["loses"]) == sorted(functions)
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
    for fn in expected.get("zero", []):
        assert fn in expected["loses"]
        assert scores[fn] == 0, f"{fn} should earn nothing ({expected['note']}): {wrong}"


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
        results = json.loads(
            (out / safe_dirname(student_id) / "results.json").read_text(encoding="utf-8")
        )
        assert results["score"] == total(graded["reports"][student_id])
        assert (out / safe_dirname(student_id) / "feedback.md").is_file()


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


# --------------------------------------------------------------------------------------
# The second assignment, backprop: tests/corpus/backprop/ graded in one class run.
# Each mistake loses exactly the points of the function that is wrong: backward is graded
# on the reference forward's cache and train_step with the reference forward and backward.

BP_CORPUS = ROOT / "tests" / "corpus" / "backprop"
BP_REFERENCE = ROOT / "solutions" / "backprop.py"
BP_CLASS = ROOT / "submissions" / "backprop"
BP_EXPECTED: dict[str, dict] = json.loads((BP_CORPUS / "expected.json").read_text(encoding="utf-8"))
BP_FUNCTIONS = ("forward", "mse_loss", "backward", "train_step")


@pytest.fixture(scope="module")
def graded_bp(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("bp_corpus_class")
    for name in BP_EXPECTED:
        shutil.copyfile(BP_CORPUS / name, folder / name)
    shutil.copyfile(BP_REFERENCE, folder / "reference_solution.py")
    out = tmp_path_factory.mktemp("bp_corpus_out")
    reports = grade_class(folder, out, assignment="backprop", limits=LIMITS)
    return {"reports": {r.student_id: r for r in reports}, "out": out}


def test_bp_corpus_is_exactly_what_expected_json_lists():
    files = {
        p.name
        for p in BP_CORPUS.iterdir()
        if p.suffix in (".py", ".ipynb", ".zip") and p.name != "build_binary_fixtures.py"
    }
    assert files == set(BP_EXPECTED)


def test_bp_every_corpus_file_has_a_report(graded_bp):
    ids = {Path(name).stem for name in BP_EXPECTED} | {"reference_solution"}
    assert set(graded_bp["reports"]) == ids


def test_bp_reference_solution_scores_full_marks(graded_bp):
    report = graded_bp["reports"]["reference_solution"]
    assert report.status is Status.GRADED
    assert total(report) == max_total(report) == 100
    assert report.max_points == {"forward": 20, "mse_loss": 10, "backward": 40, "train_step": 30}


@pytest.mark.parametrize("name", sorted(BP_EXPECTED))
def test_bp_corpus_outcome_per_function(graded_bp, name):
    expected = BP_EXPECTED[name]
    report = graded_bp["reports"][Path(name).stem]
    if expected.get("ungradable"):
        assert report.status is Status.UNGRADABLE, report.message
        assert total(report) == 0
        assert report.message
        return
    assert_outcome(report, expected, BP_FUNCTIONS)


def test_bp_no_check_ends_in_a_grader_error(graded_bp):
    for report in graded_bp["reports"].values():
        assert report.status is not Status.GRADER_ERROR, report.student_id
        assert all(r.outcome is not Outcome.GRADER_ERROR for r in report.results)


def test_bp_a_hanging_backward_times_out_and_nothing_else_is_lost(graded_bp):
    report = graded_bp["reports"]["hang_backward_infinite_loop"]
    outcomes = {r.outcome for r in report.results if r.check.function == "backward"}
    assert outcomes <= {Outcome.TIMEOUT, Outcome.SKIPPED}
    assert Outcome.TIMEOUT in outcomes


def test_bp_stub_scores_zero_with_not_implemented_messages(graded_bp):
    report = graded_bp["reports"]["stub_not_implemented"]
    assert total(report) == 0
    assert all(r.outcome is Outcome.RAISED for r in report.results)
    assert all(r.message and r.message.key == "not_implemented" for r in report.results)


def test_bp_reply_bombs_are_refused_not_graded(graded_bp):
    """A million-key dict and 100,000 nested lists come back as unusable returns."""
    for student_id, fn in (
        ("hostile_million_keys_backward", "backward"),
        ("hostile_deeply_nested_loss", "mse_loss"),
    ):
        report = graded_bp["reports"][student_id]
        results = [r for r in report.results if r.check.function == fn]
        assert results, student_id
        for r in results:
            assert r.outcome is Outcome.WRONG, (student_id, r.outcome, r.detail)
            key = "hidden_bad_return" if r.check.hidden else "bad_return"  # no student text
            assert r.message and r.message.key == key, (student_id, r.detail)


def test_bp_reports_are_written_for_every_student(graded_bp):
    out: Path = graded_bp["out"]
    lines = (out / "grades.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].split(",")[:8] == ["student_id", *BP_FUNCTIONS, "total", "max_score", "status"]
    assert len(lines) == 1 + len(graded_bp["reports"])
    for student_id in graded_bp["reports"]:
        results = json.loads(
            (out / safe_dirname(student_id) / "results.json").read_text(encoding="utf-8")
        )
        assert results["score"] == total(graded_bp["reports"][student_id])
        assert (out / safe_dirname(student_id) / "feedback.md").is_file()


# Misconception diagnosis (autograder/suites/backprop/messages.toml, diag_bp_*). The
# issue's named mistakes first, then the realistic ones the suite has a sentence for.
BP_DIAGNOSES = {
    "mistake_backward_no_derivative.py": ("backward", "diag_bp_no_activation_derivative"),
    "mistake_backward_transposed_dW.py": ("backward", "diag_bp_transposed"),
    "mistake_backward_no_batch_average.py": ("backward", "diag_bp_no_batch_average"),
    "mistake_train_step_biases_not_updated.py": ("train_step", "diag_bp_biases_not_updated"),
    "mistake_train_step_sign_flipped.py": ("train_step", "diag_bp_update_sign"),
    "mistake_forward_output_activation.py": ("forward", "diag_bp_output_activation"),
    "mistake_forward_no_bias.py": ("forward", "diag_bp_no_bias"),
    "mistake_loss_np_mean.py": ("mse_loss", "diag_bp_loss_mean_all"),
    "mistake_loss_sum_no_n.py": ("mse_loss", "diag_bp_loss_sum"),
    "mistake_loss_no_square.py": ("mse_loss", "diag_bp_loss_no_square"),
    "mistake_backward_derivative_of_A.py": ("backward", "diag_bp_derivative_at_output"),
    "notebook_backward_no_factor_2.ipynb": ("backward", "diag_bp_no_factor_2"),
    "mistake_train_step_ignores_lr.py": ("train_step", "diag_bp_lr_missing"),
}
# Wrong in a way no diag_bp_* sentence describes: naming some other mistake would mislead.
BP_NOT_DIAGNOSED = (
    "mistake_backward_db_keepdims.py",
    "mistake_backward_sigmoid_prime_1_minus_z.py",
    "mistake_cache_keys_lowercase.py",
    "mistake_hardcoded_one_hidden_layer.py",
    "mistake_train_step_global_data.py",
    "mistake_train_step_inline_wrong_gradient.py",
    "mistake_train_step_raises.py",
    "hang_backward_infinite_loop.py",
)


@pytest.mark.parametrize("name", sorted(BP_DIAGNOSES))
def test_bp_each_known_mistake_gets_its_own_diagnosis(graded_bp, name):
    fn, key = BP_DIAGNOSES[name]
    report = graded_bp["reports"][Path(name).stem]
    assert diagnoses(report, fn) == [key]
    for other in BP_FUNCTIONS:
        if other != fn:
            assert diagnoses(report, other) == []


def test_bp_dA_without_transpose_fails_with_the_shape_error_and_a_hint(graded_bp):
    """The named mistake dA = dZ @ W: with the checks' non-square weights it can only
    raise; the student sees numpy's shape error and the hint about the transposes."""
    report = graded_bp["reports"]["mistake_backward_dA_no_transpose"]
    results = [r for r in report.results if r.check.function == "backward"]
    assert results and all(r.outcome is Outcome.RAISED for r in results)
    assert all("ValueError" in r.detail and "matmul" in r.detail for r in results)
    assert diagnoses(report, "backward") == ["diag_bp_matmul_shapes"]
    assert all(diagnoses(report, fn) == [] for fn in BP_FUNCTIONS if fn != "backward")


@pytest.mark.parametrize("name", BP_NOT_DIAGNOSED)
def test_bp_mistakes_without_a_sentence_are_not_misnamed(graded_bp, name):
    report = graded_bp["reports"][Path(name).stem]
    assert all(diagnoses(report, fn) == [] for fn in BP_FUNCTIONS)


@pytest.mark.parametrize(
    "name", sorted(n for n, e in BP_EXPECTED.items() if e.get("full") == list(BP_FUNCTIONS))
)
def test_bp_full_marks_code_gets_no_diagnosis(graded_bp, name):
    report = graded_bp["reports"][Path(name).stem]
    assert all(not r.diagnosis for r in report.results)


def test_bp_every_diagnosis_has_both_languages():
    from autograder.assignment import load_assignment
    from autograder.messages import Catalogue

    catalogue = Catalogue.for_suite(load_assignment("backprop").suite)
    for _, key in BP_DIAGNOSES.values():
        for lang in ("ko", "en"):
            assert catalogue.t(key, lang) != key


@pytest.mark.parametrize(
    "fixture", [BP_CLASS / "lim_jaewon.py", BP_CORPUS / "stub_not_implemented.py"]
)
def test_bp_stub_fixtures_are_the_released_stub(fixture):
    from autograder.assignment import load_assignment
    from autograder.release import generated_files

    stub = generated_files(load_assignment("backprop"))["backprop.py"]
    assert fixture.read_text(encoding="utf-8") == stub


def test_bp_binary_fixtures_are_up_to_date():
    """The zips and notebooks are what build_binary_fixtures.py writes, byte for byte."""
    path = BP_CORPUS / "build_binary_fixtures.py"
    spec = importlib.util.spec_from_file_location("bp_build_binary_fixtures", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for target, data in module.targets().items():
        assert target.read_bytes() == data, f"stale: run {path.relative_to(ROOT)}"


# submissions/backprop/README.md: which functions each sample student loses.
BP_SAMPLE = {
    "kim_minjun": [],
    "lee_seoyeon": [],
    "park_jihoon": [],
    "choi_yuna": [],
    "jung_haeun": ["backward"],
    "kang_dohyun": ["backward"],
    "cho_seojun": ["backward"],
    "yoon_jiwoo": ["train_step"],
    "jang_minseo": ["train_step"],
    "lim_jaewon": list(BP_FUNCTIONS),
    "oh_taeyang": ["backward"],
}
BP_SAMPLE_DIAGNOSES = {
    "jung_haeun": ("backward", "diag_bp_no_activation_derivative"),
    "kang_dohyun": ("backward", "diag_bp_transposed"),
    "cho_seojun": ("backward", "diag_bp_no_batch_average"),
    "yoon_jiwoo": ("train_step", "diag_bp_biases_not_updated"),
    "jang_minseo": ("train_step", "diag_bp_update_sign"),
}


@pytest.fixture(scope="module")
def graded_bp_class(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("bp_class_out")
    reports = grade_class(BP_CLASS, out, assignment="backprop", limits=LIMITS)
    return {r.student_id: r for r in reports}


def test_bp_sample_class_is_what_the_readme_lists(graded_bp_class):
    assert set(graded_bp_class) == set(BP_SAMPLE)
    readme = (BP_CLASS / "README.md").read_text(encoding="utf-8")
    for student_id in BP_SAMPLE:
        assert f"`{student_id}`" in readme


@pytest.mark.parametrize("student_id", sorted(BP_SAMPLE))
def test_bp_sample_student_loses_exactly_the_wrong_functions(graded_bp_class, student_id):
    loses = BP_SAMPLE[student_id]
    expected = {
        "full": [fn for fn in BP_FUNCTIONS if fn not in loses],
        "loses": loses,
        "note": "submissions/backprop/README.md",
    }
    report = graded_bp_class[student_id]
    assert_outcome(report, expected, BP_FUNCTIONS)
    if student_id in BP_SAMPLE_DIAGNOSES:
        fn, key = BP_SAMPLE_DIAGNOSES[student_id]
        assert diagnoses(report, fn) == [key]


def test_bp_handing_the_params_back_unchanged_earns_nothing(tmp_path):
    """train_step that returns its params untouched (no work) must score 0 of 30."""
    from autograder.engine import grade_class

    folder = tmp_path / "class"
    folder.mkdir()
    text = (ROOT / "solutions" / "backprop.py").read_text(encoding="utf-8")
    lazy = text.replace(
        'return {name: value - lr * grads["d" + name] for name, value in params.items()}',
        "return dict(params)",
    )
    assert lazy != text
    (folder / "lazy.py").write_text(lazy, encoding="utf-8")
    (report,) = grade_class(folder, tmp_path / "out", assignment="backprop", workers=1)
    assert function_scores(report)["train_step"] == 0
    assert function_scores(report)["backward"] == 40
