"""Grade each assignment's example corpus in ONE class run and assert each function's
outcome. Every assignment found (``autograder.assignment.available()``) is covered: adding
an assignment's folders adds its cases here, with no edit to this file.

``tests/corpus/<assignment>/expected.json`` says, per file:
  ``full`` / ``loses``  the functions that must earn full points / lose points
  ``zero``              (hostile files) the functions they cheat on: no points at all
  ``ungradable``        the file cannot be graded (a message, no points)
  ``diagnosis``         {function: message key}: exactly these misconceptions are named, no
                        other function gets one; ``{}`` says none may be named
  ``timeout``           functions that hang: their checks time out, nothing else is lost
  ``note``              what the file does
``submissions/<assignment>/README.md`` holds the sample class's table (✔/✘ per function).

The generic tests come first; the few that need an assignment's own code or numbers follow,
each under its assignment's heading.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import shutil
from pathlib import Path

import pytest

from autograder.assignment import Assignment, available, load_assignment
from autograder.integrations.release.package import generated_files
from autograder.messages import Catalogue
from autograder.model import Outcome, Status
from autograder.orchestration.engine import grade_class
from autograder.sandbox import Limits
from autograder.scoring.points import function_scores, max_total, total
from autograder.writers.files import safe_dirname
from autograder.writers.texts import diagnoses
from tests.conftest import ROOT
from tests.test_assignments import suite_checks

# Slow (not in `make test-fast`): one class run per corpus and sample class, minutes in all.
pytestmark = pytest.mark.slow

ASSIGNMENTS = available()
LIMITS = Limits(call_timeout=2.0, load_timeout=10.0)
FIXTURES = (".py", ".ipynb", ".zip")  # corpus files that are submissions
BUILDER = "build_binary_fixtures.py"  # rewrites a corpus's zips and notebooks
STUB_ROW = "the untouched released stub"  # a sample README row's description: must be the stub


def corpus_dir(name: str) -> Path:
    return ROOT / "tests" / "corpus" / name


def class_dir(name: str) -> Path:
    return ROOT / "submissions" / name


@functools.cache
def expected(name: str) -> dict[str, dict]:
    path = corpus_dir(name) / "expected.json"
    if not path.is_file():
        return {}  # test_every_assignment_has_a_corpus says so
    return json.loads(path.read_text(encoding="utf-8"))


@functools.cache
def spec(name: str) -> Assignment:
    return load_assignment(name)


@functools.cache
def sample_table(name: str) -> dict[str, tuple[list[str] | None, str]]:
    """Student -> (functions that lose points, description), from the table in
    submissions/<name>/README.md: a column per graded function, ✔ or ✘ (— in every column:
    ungradable, None here)."""
    readme = class_dir(name) / "README.md"
    functions = spec(name).functions
    header: list[str] | None = None
    rows: dict[str, tuple[list[str] | None, str]] = {}
    for line in readme.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if header is None:
            if set(functions) <= set(cells):
                header = cells
            continue
        if not cells[0].startswith("`"):
            continue  # the |---| line
        marks = {fn: cells[header.index(fn)] for fn in functions}
        student, note = cells[0].strip("`"), cells[-1]
        if set(marks.values()) == {"—"}:
            rows[student] = (None, note)
            continue
        assert set(marks.values()) <= {"✔", "✘"}, (readme, line)
        rows[student] = ([fn for fn in functions if marks[fn] == "✘"], note)
    assert rows, f"{readme} has no table with a column per function {functions}"
    return rows


def cases(want=lambda entry: True) -> list:
    """(assignment, corpus file) for every entry of every expected.json that ``want``."""
    return [
        pytest.param(a, f, id=f"{a}/{f}")
        for a in ASSIGNMENTS
        for f, entry in sorted(expected(a).items())
        if want(entry)
    ]


SAMPLED = [a for a in ASSIGNMENTS if (class_dir(a) / "README.md").is_file()]


def samples(want=lambda row: True) -> list:
    return [
        pytest.param(a, s, id=f"{a}/{s}")
        for a in SAMPLED
        for s, row in sorted(sample_table(a).items())
        if want(row)
    ]


def graded_class(folder: Path, out: Path, name: str) -> dict:
    reports = grade_class(folder, out, assignment=name, limits=LIMITS)
    return {"reports": {r.student_id: r for r in reports}, "out": out}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """graded(name): the corpus of ``name`` with the reference and the released stub,
    graded in one class run (once per assignment, on first use)."""
    runs: dict[str, dict] = {}

    def run(name: str) -> dict:
        if name not in runs:
            folder = tmp_path_factory.mktemp(f"{name}_corpus_class")
            for file in expected(name):
                shutil.copyfile(corpus_dir(name) / file, folder / file)
            shutil.copyfile(spec(name).reference, folder / "reference_solution.py")
            stub = generated_files(spec(name))[f"{spec(name).stem}.py"]
            (folder / "released_stub.py").write_text(stub, encoding="utf-8")
            runs[name] = graded_class(folder, tmp_path_factory.mktemp(f"{name}_out"), name)
        return runs[name]

    return run


@pytest.fixture(scope="module")
def graded_sample(tmp_path_factory):
    """graded_sample(name): submissions/<name>/ graded as a class (once per assignment)."""
    runs: dict[str, dict] = {}

    def run(name: str) -> dict:
        if name not in runs:
            out = tmp_path_factory.mktemp(f"{name}_sample_out")
            runs[name] = graded_class(class_dir(name), out, name)["reports"]
        return runs[name]

    return run


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


# --------------------------------------------------------------------------------------
# Every assignment: the corpus and its expected.json.


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_every_assignment_has_a_corpus(name):
    assert expected(name), f"tests/corpus/{name}/expected.json is missing or empty"


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_corpus_is_exactly_what_expected_json_lists(name):
    files = {
        p.name for p in corpus_dir(name).iterdir() if p.suffix in FIXTURES and p.name != BUILDER
    }
    assert files == set(expected(name))


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_expected_json_names_only_graded_functions_and_known_fields(name):
    functions = set(spec(name).functions)
    fields = {"full", "loses", "zero", "ungradable", "diagnosis", "timeout", "note"}
    for file, entry in expected(name).items():
        assert set(entry) <= fields, (file, set(entry) - fields)
        assert entry.get("note"), f"{file}: say what the file does"
        named = [*entry.get("full", []), *entry.get("loses", []), *entry.get("zero", [])]
        named += [*entry.get("diagnosis", {}), *entry.get("timeout", [])]
        assert set(named) <= functions, (file, set(named) - functions)
        assert set(entry.get("timeout", [])) <= set(entry.get("loses", [])), file


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_every_corpus_file_has_a_report(graded, name):
    ids = {Path(f).stem for f in expected(name)} | {"reference_solution", "released_stub"}
    assert set(graded(name)["reports"]) == ids


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_reference_solution_scores_full_marks(graded, name):
    report = graded(name)["reports"]["reference_solution"]
    assert report.status is Status.GRADED
    assert total(report) == max_total(report) == 100
    assert set(report.max_points) == set(spec(name).functions)
    assert all(points > 0 for points in report.max_points.values())


@pytest.mark.parametrize(("name", "file"), cases())
def test_corpus_outcome_per_function(graded, name, file):
    entry = expected(name)[file]
    report = graded(name)["reports"][Path(file).stem]
    if entry.get("ungradable"):
        assert report.status is Status.UNGRADABLE, report.message
        assert total(report) == 0
        assert report.message
        return
    assert_outcome(report, entry, spec(name).functions)


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_no_check_ends_in_a_grader_error(graded, name):
    for report in graded(name)["reports"].values():
        assert report.status is not Status.GRADER_ERROR, report.student_id
        assert all(r.outcome is not Outcome.GRADER_ERROR for r in report.results)


@pytest.mark.parametrize(("name", "file"), cases(lambda entry: "timeout" in entry))
def test_a_hanging_function_times_out_and_nothing_else_is_lost(graded, name, file):
    hanging = expected(name)[file]["timeout"]
    report = graded(name)["reports"][Path(file).stem]
    for fn in hanging:
        outcomes = {r.outcome for r in report.results if r.check.function == fn}
        assert outcomes <= {Outcome.TIMEOUT, Outcome.SKIPPED}, (fn, outcomes)
        assert Outcome.TIMEOUT in outcomes, fn
    scores = function_scores(report)
    for fn in spec(name).functions:
        if fn not in hanging:
            assert scores[fn] == report.max_points[fn], fn


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_released_stub_scores_zero_with_not_implemented_messages(graded, name):
    report = graded(name)["reports"]["released_stub"]
    assert total(report) == 0
    assert {r.check.function for r in report.results} == set(spec(name).functions)
    assert all(r.outcome is Outcome.RAISED for r in report.results)
    assert all(r.message and r.message.key == "not_implemented" for r in report.results)
    assert all("not implemented yet" in r.detail for r in report.results)


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_reports_are_written_for_every_student(graded, name):
    functions = spec(name).functions
    run = graded(name)
    out: Path = run["out"]
    lines = (out / "grades.csv").read_text(encoding="utf-8").splitlines()
    header = ["student_id", "name", "late", *functions, "total", "max_score", "status"]
    assert lines[0].split(",")[: len(header)] == header
    assert len(lines) == 1 + len(run["reports"])
    for student_id, report in run["reports"].items():
        results = json.loads(
            (out / safe_dirname(student_id) / "results.json").read_text(encoding="utf-8")
        )
        assert results["score"] == total(report)
        assert (out / safe_dirname(student_id) / "feedback.md").is_file()


# Misconception diagnosis: each known mistake is named, on its function only; a mistake no
# sentence describes (``"diagnosis": {}``) is not misnamed; full-marks code names nothing.


@pytest.mark.parametrize(("name", "file"), cases(lambda entry: "diagnosis" in entry))
def test_each_known_mistake_gets_its_own_diagnosis(graded, name, file):
    want = expected(name)[file]["diagnosis"]
    report = graded(name)["reports"][Path(file).stem]
    for fn in spec(name).functions:
        assert diagnoses(report, fn) == ([want[fn]] if fn in want else []), fn


@pytest.mark.parametrize(
    ("name", "file"), cases(lambda e: not e.get("ungradable") and e["loses"] == [])
)
def test_full_marks_code_gets_no_diagnosis(graded, name, file):
    report = graded(name)["reports"][Path(file).stem]
    assert all(not r.diagnosis for r in report.results)


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_every_diagnosis_has_both_languages(name):
    catalogue = Catalogue.for_suite(spec(name).suite)
    keys = {k for entry in expected(name).values() for k in entry.get("diagnosis", {}).values()}
    for key in sorted(keys):
        for lang in ("ko", "en"):
            assert catalogue.t(key, lang) != key, (key, lang)


# Fixtures that must stay what students are given or what the builder writes.


def stub_fixtures() -> list:
    params = []
    for a in ASSIGNMENTS:
        if (corpus_dir(a) / "stub_not_implemented.py").is_file():
            path = corpus_dir(a) / "stub_not_implemented.py"
            params.append(pytest.param(a, path, id=f"{a}/{path.name}"))
        if a in SAMPLED:
            for student, (_, note) in sorted(sample_table(a).items()):
                if note.endswith(STUB_ROW):
                    path = class_dir(a) / f"{student}.py"
                    params.append(pytest.param(a, path, id=f"{a}/{path.name}"))
    return params


@pytest.mark.parametrize(("name", "fixture"), stub_fixtures())
def test_stub_fixtures_are_the_released_stub(name, fixture):
    """The 'untouched stub' submissions must stay byte-identical to what students get."""
    stub = generated_files(spec(name))[f"{spec(name).stem}.py"]
    assert fixture.read_text(encoding="utf-8") == stub


@pytest.mark.parametrize("name", [a for a in ASSIGNMENTS if (corpus_dir(a) / BUILDER).is_file()])
def test_binary_fixtures_are_up_to_date(name):
    """The zips and notebooks are what build_binary_fixtures.py writes, byte for byte."""
    path = corpus_dir(name) / BUILDER
    module_spec = importlib.util.spec_from_file_location(f"{name}_build_binary_fixtures", path)
    assert module_spec and module_spec.loader
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    for target, data in module.targets().items():
        assert target.read_bytes() == data, f"stale: run {path.relative_to(ROOT)}"


# The sample class, submissions/<name>/: what its README's table says.


@pytest.mark.parametrize("name", SAMPLED)
def test_sample_class_is_what_the_readme_lists(graded_sample, name):
    assert set(graded_sample(name)) == set(sample_table(name))


@pytest.mark.parametrize(("name", "student_id"), samples())
def test_sample_student_loses_exactly_the_wrong_functions(graded_sample, name, student_id):
    loses, _ = sample_table(name)[student_id]
    report = graded_sample(name)[student_id]
    if loses is None:
        assert report.status is Status.UNGRADABLE, report.message
        assert total(report) == 0
        return
    functions = spec(name).functions
    want = {
        "full": [fn for fn in functions if fn not in loses],
        "loses": loses,
        "note": f"submissions/{name}/README.md",
    }
    assert_outcome(report, want, functions)


# ======================================================================================
# Assignment-specific: what needs an assignment's own code, numbers or message text.

# --- gradient_descent ------------------------------------------------------------------


def test_gd_a_constant_answer_is_not_called_global_data():
    """Handing back the start (or zeros) for any data is not the global-data mistake."""
    from autograder.errors import CheckFailed
    from autograder.orchestration.plugin import MemoReference, load_reference
    from autograder.sandbox import Returned
    from autograder.suites.gradient_descent.cases import check_two_datasets, line_data

    class ReturnsStart:
        def show(self, shown):
            pass

        def gradient_descent(self, x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
            return Returned((w0, w1), (2,), "tuple", "", "gradient_descent")

    ref = MemoReference(load_reference(spec("gradient_descent").reference))
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


# --- backprop --------------------------------------------------------------------------
# Each mistake loses exactly the points of the function that is wrong: backward is graded
# on the reference forward's cache and train_step with the reference forward and backward.


def test_bp_points_per_function(graded):
    """The graded maxima are the points the suite's files declare, read by importing them
    (not through the grading plugin)."""
    declared: dict[str, float] = {}
    for _, target, points, _ in suite_checks("backprop"):
        declared[target] = declared.get(target, 0.0) + points
    report = graded("backprop")["reports"]["reference_solution"]
    assert report.max_points == declared
    assert len(declared) == len(spec("backprop").functions) >= 2


def test_bp_reply_bombs_are_refused_not_graded(graded):
    """A million-key dict and 100,000 nested lists come back as unusable returns."""
    reports = graded("backprop")["reports"]
    for student_id, fn in (
        ("hostile_million_keys_backward", "backward"),
        ("hostile_deeply_nested_loss", "mse_loss"),
    ):
        results = [r for r in reports[student_id].results if r.check.function == fn]
        assert results, student_id
        for r in results:
            assert r.outcome is Outcome.WRONG, (student_id, r.outcome, r.detail)
            key = "hidden_bad_return" if r.check.hidden else "bad_return"  # no student text
            assert r.message and r.message.key == key, (student_id, r.detail)


def test_bp_dA_without_transpose_fails_with_the_shape_error(graded):
    """The named mistake dA = dZ @ W: with the checks' non-square weights it can only
    raise; the student sees numpy's shape error (its diagnosis is in expected.json)."""
    report = graded("backprop")["reports"]["mistake_backward_dA_no_transpose"]
    results = [r for r in report.results if r.check.function == "backward"]
    assert results and all(r.outcome is Outcome.RAISED for r in results)
    assert all("ValueError" in r.detail and "matmul" in r.detail for r in results)


# submissions/backprop/README.md's notes: the five wrong students' feedback names the mistake.
BP_SAMPLE_DIAGNOSES = {
    "jung_haeun": ("backward", "diag_bp_no_activation_derivative"),
    "kang_dohyun": ("backward", "diag_bp_transposed"),
    "cho_seojun": ("backward", "diag_bp_no_batch_average"),
    "yoon_jiwoo": ("train_step", "diag_bp_biases_not_updated"),
    "jang_minseo": ("train_step", "diag_bp_update_sign"),
}


@pytest.mark.parametrize("student_id", sorted(BP_SAMPLE_DIAGNOSES))
def test_bp_sample_mistakes_are_named(graded_sample, student_id):
    fn, key = BP_SAMPLE_DIAGNOSES[student_id]
    assert diagnoses(graded_sample("backprop")[student_id], fn) == [key]


def test_bp_handing_the_params_back_unchanged_earns_nothing(tmp_path):
    """train_step that returns its params untouched (no work) must score 0 of 30."""
    folder = tmp_path / "class"
    folder.mkdir()
    text = spec("backprop").reference.read_text(encoding="utf-8")
    lazy = text.replace(
        'return {name: value - lr * grads["d" + name] for name, value in params.items()}',
        "return dict(params)",
    )
    assert lazy != text
    (folder / "lazy.py").write_text(lazy, encoding="utf-8")
    (report,) = grade_class(folder, tmp_path / "out", assignment="backprop", workers=1)
    assert function_scores(report)["train_step"] == 0
    assert function_scores(report)["backward"] == 40
