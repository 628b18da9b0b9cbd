"""The nbgrader course: built from solutions/ and the hidden suite, run with real nbgrader.

The first tests check the generated source notebook without nbgrader. The rest drive the
installed nbgrader (``python -m nbgrader`` with this interpreter) in a temporary course:
generate_assignment, validate, autograde of three submissions, export, and compare its
scores with this kit's grader on the very same notebooks.

The last part does the same for the backprop assignment (arrays, dicts, tuples, strings,
finite-difference tolerances) and also grades its honest corpus both ways in process.
"""

from __future__ import annotations

import contextlib
import copy
import csv
import functools
import io
import json
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from autograder.assignment import load_assignment
from autograder.checks.compare import ATOL, RTOL
from autograder.checks.recording import load_reference
from autograder.integrations.nbgrader import (
    SuiteCheck,
    build_source_notebook,
    discover_nbgrader,
    function_blocks,
    function_of_grade_id,
    helpers_source,
    literal,
    make_course,
    nbgrader_command,
    points_per_function,
    suite_checks,
)
from autograder.model import Submission
from autograder.orchestration.engine import grade_class
from autograder.public.stubgen import BEGIN, END, solution_bodies
from autograder.sandbox import runner
from autograder.sandbox.session import encode, parse_tree, returned_from
from autograder.scoring.points import function_scores
from autograder.secret import load as load_secret
from autograder.suites.backprop.cases import FD_ATOL, FD_RTOL, batch, finite_differences, network
from autograder.suites.gradient_descent.cases import line_data, pair_data
from tests.conftest import REFERENCE, ROOT, suite_maxima

# Slow (not in `make test-fast`): the real nbgrader, corpora graded both ways, ~1.5 min.
pytestmark = pytest.mark.slow

ASSIGNMENT = "gradient_descent"
# The graded functions and their points, as the suite declares them (read, never copied).
FUNCTIONS = load_assignment(ASSIGNMENT).functions
FULL = suite_maxima(ASSIGNMENT)
TOTAL = sum(FULL.values())


def but(full: dict[str, float], fn: str) -> dict[str, float]:
    """The points of every function except ``fn``."""
    return {k: v for k, v in full.items() if k != fn}


def check_points(assignment: str, name: str) -> float:
    """The points the suite gives one of its checks."""
    return next(c.points for c in suite_checks(load_assignment(assignment)) if c.name == name)


TIMEOUT = 600  # seconds for one nbgrader command (autograde of three notebooks included)


def hidden_seed(assignment: str, check: str, label: object) -> int:
    """The seed a hidden check draws under the tests' fixed course secret."""
    return load_secret(create=False).seed(assignment, check, label)


def nbgrader_meta(cell: dict) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def cell_text(cell: dict) -> str:
    source = cell["source"]
    return "".join(source) if isinstance(source, list) else source


def strip_hidden(text: str) -> str:
    """What nbgrader leaves of a test cell in the release: hidden regions removed."""
    kept, hidden = [], False
    for line in text.splitlines():
        if line.strip() == "### BEGIN HIDDEN TESTS":
            hidden = True
        elif line.strip() == "### END HIDDEN TESTS":
            hidden = False
        elif not hidden:
            kept.append(line)
    assert not hidden, "unclosed hidden region"
    return "\n".join(kept)


@pytest.fixture(scope="module")
def source_nb() -> dict:
    return json.loads(build_source_notebook(ASSIGNMENT))


# ------------------------------------------------------------ without nbgrader


def test_source_notebook_is_byte_stable():
    assert build_source_notebook(ASSIGNMENT) == build_source_notebook(ASSIGNMENT)


def test_solution_and_readonly_cells_carry_nbgrader_metadata(source_nb):
    by_id = {nbgrader_meta(c).get("grade_id"): c for c in source_nb["cells"] if nbgrader_meta(c)}
    for fn in FUNCTIONS:
        cell = by_id[f"{fn}_solution"]
        assert nbgrader_meta(cell) == {
            "grade": False,
            "grade_id": f"{fn}_solution",
            "locked": False,
            "schema_version": 3,
            "solution": True,
        }
        text = cell_text(cell)
        assert text.startswith(f"def {fn}(") and BEGIN in text and END in text
    assert nbgrader_meta(by_id["predict_given"]) == {
        "grade": False,
        "grade_id": "predict_given",
        "locked": True,
        "schema_version": 3,
        "solution": False,
    }
    assert BEGIN not in cell_text(by_id["predict_given"])


def test_one_test_cell_per_kit_check_with_its_points(source_nb):
    spec = load_assignment(ASSIGNMENT)
    checks = {c.grade_id: c for c in suite_checks(spec)}
    tests = [c for c in source_nb["cells"] if nbgrader_meta(c).get("grade")]
    assert {nbgrader_meta(c)["grade_id"] for c in tests} == set(checks)
    totals: dict[str, float] = {}
    for cell in tests:
        meta = nbgrader_meta(cell)
        assert set(meta) == {"grade", "grade_id", "locked", "points", "schema_version", "solution"}
        assert (meta["grade"], meta["locked"], meta["solution"]) == (True, True, False)
        assert meta["schema_version"] == 3
        check = checks[meta["grade_id"]]
        assert meta["points"] == check.points
        fn = function_of_grade_id(meta["grade_id"], FUNCTIONS)
        assert fn == check.function
        totals[fn] = totals.get(fn, 0.0) + meta["points"]
        # Public kit checks stay visible; every other check is hidden from the release.
        visible = strip_hidden(cell_text(cell))
        assert ("grading_check" in visible) == check.public, meta["grade_id"]
        assert "grading_check" in cell_text(cell)
    assert totals == FULL == points_per_function(list(checks.values()))


def _embedded_calls(cell: dict) -> list[tuple[str, tuple, dict]]:
    """Run a test cell's code with recording stand-ins for the grading helpers."""
    calls: list[tuple[str, tuple, dict]] = []
    namespace = {
        "np": np,
        "grading_check": lambda *a, **k: calls.append(("one", a, k)),
        "grading_check_two": lambda *a, **k: calls.append(("two", a, k)),
    }
    exec(compile(cell_text(cell), "<cell>", "exec"), namespace)
    return calls


def test_hidden_inputs_and_expected_values_are_the_kits(source_nb):
    ref = {}
    exec(compile(REFERENCE.read_text(encoding="utf-8"), str(REFERENCE), "exec"), ref)
    cells = {nbgrader_meta(c).get("grade_id"): c for c in source_nb["cells"]}

    [(kind, args, _)] = _embedded_calls(cells["test_mse_random"])
    y, y_pred = pair_data(hidden_seed(ASSIGNMENT, "test_mse_random", 101), 20)
    assert kind == "one" and args[0] == "mse"
    np.testing.assert_array_equal(args[1][0], y)
    np.testing.assert_array_equal(args[1][1], y_pred)
    assert args[3] == (ref["mse"](y, y_pred),)

    [(kind, args, _)] = _embedded_calls(cells["test_partial_w0_random"])
    seed = functools.partial(hidden_seed, ASSIGNMENT, "test_partial_w0_random")
    first, second = line_data(seed(201), 30), line_data(seed(251), 30, w0=-2.0, w1=0.4)
    assert kind == "two" and args[0] == "partial_w0"
    for given, (x, y) in ((args[1], first), (args[2], second)):
        assert given[:2] == (0.8, 2.1)
        np.testing.assert_array_equal(given[2], x)
        np.testing.assert_array_equal(given[3], y)
    assert args[4] == (
        (ref["partial_w0"](0.8, 2.1, *first),),
        (ref["partial_w0"](0.8, 2.1, *second),),
    )

    calls = _embedded_calls(cells["test_gradient_descent_zero_iterations"])
    x, y = line_data(hidden_seed(ASSIGNMENT, "test_gd_zero_iterations", 401), 10)
    assert [c[1][2]["n_iters"] for c in calls] == [0, 2]
    for _, args, kwargs in calls:
        np.testing.assert_array_equal(args[1][0], x)
        assert kwargs["substitute"].keys() == {"partial_w0", "partial_w1"}
        assert args[3] == ref["gradient_descent"](x, y, **args[2])


def grade_in_process(
    source_nb: dict,
    functions: str,
    *,
    timeout: float | None = None,
    names: tuple[str, ...] = FUNCTIONS,
) -> tuple[dict[str, float], dict]:
    """What nbgrader would score, without nbgrader: every cell of the source notebook's
    helpers and tests (hidden parts included) run in one namespace with the student's
    functions; a test cell earns its points unless it raises."""
    namespace: dict = {"np": np, "__name__": "__main__"}
    exec(compile(functions, "<student>", "exec"), namespace)
    scores = dict.fromkeys(names, 0.0)
    for cell in source_nb["cells"]:
        meta = nbgrader_meta(cell)
        if meta.get("grade_id") == "grading_helpers":
            exec(compile(cell_text(cell), "<helpers>", "exec"), namespace)
            if timeout is not None:
                namespace["_GRADING"]["timeout"] = timeout
        elif meta.get("grade"):
            try:
                exec(compile(cell_text(cell), meta["grade_id"], "exec"), namespace)
            except Exception:
                continue
            scores[function_of_grade_id(meta["grade_id"], names)] += meta["points"]
    return scores, namespace


def reference_functions(**replaced: str) -> str:
    blocks = {fn: answer(fn) for fn in FUNCTIONS}
    blocks.update(replaced)
    return "import numpy as np\n\n" + "\n\n".join(blocks.values()) + "\n"


PARTIAL_W1_WITHOUT_X = """def partial_w1(w0, w1, x, y):
    return float(-2 * np.mean(np.asarray(y) - (w0 + w1 * np.asarray(x))))"""

NOISY_BUT_RIGHT = """def mse(y, y_pred):
    import sys, warnings
    print("debug", file=sys.stderr)
    warnings.warn("a warning", RuntimeWarning)
    return np.array([np.mean((np.asarray(y) - np.asarray(y_pred)) ** 2)])"""

LIST_PAIR = """def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    for _ in range(n_iters):
        w0, w1 = w0 - alpha * partial_w0(w0, w1, x, y), w1 - alpha * partial_w1(w0, w1, x, y)
    return [w0, w1]"""

ENDLESS = """def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    while True:
        pass"""


def test_test_cells_grade_like_the_kit_in_process(source_nb, capfd):
    scores, _ = grade_in_process(source_nb, reference_functions())
    assert scores == FULL
    scores, _ = grade_in_process(source_nb, reference_functions(mse=MSE_AS_SUM))
    # only N = 1 (sum == mean) passes, as in the kit
    assert scores == {**FULL, "mse": check_points(ASSIGNMENT, "test_mse_single_point")}
    # No double penalty: a wrong partial_w1 costs partial_w1's points only.
    scores, _ = grade_in_process(source_nb, reference_functions(partial_w1=PARTIAL_W1_WITHOUT_X))
    assert scores["partial_w1"] < FULL["partial_w1"]
    assert scores["gradient_descent"] == FULL["gradient_descent"]
    # Any plain number or 1-element array, any pair; stderr and warnings stay out of the
    # cell (nbgrader scores a test cell that writes to stderr 0).
    capfd.readouterr()
    scores, _ = grade_in_process(
        source_nb, reference_functions(mse=NOISY_BUT_RIGHT, gradient_descent=LIST_PAIR)
    )
    assert scores == FULL
    assert capfd.readouterr().err == ""
    # Two calls out of time, then the function's remaining checks are not run.
    scores, namespace = grade_in_process(
        source_nb, reference_functions(gradient_descent=ENDLESS), timeout=0.05
    )
    assert scores == {**FULL, "gradient_descent": 0.0}
    assert namespace["_GRADING"]["timeouts"] == {"gradient_descent": 2}
    for name in ("partial_w0", "partial_w1"):  # the substitution is undone after each call
        assert namespace[name].__code__.co_filename == "<student>"


def test_function_blocks_keep_the_end_marker():
    blocks = function_blocks(REFERENCE.read_text(encoding="utf-8"))
    assert set(FUNCTIONS) <= set(blocks)
    for fn in FUNCTIONS:
        assert blocks[fn].rstrip().endswith(END)


def test_discover_nbgrader_lists_submitted_notebooks(tmp_path):
    submitted = tmp_path / "submitted"
    layout = {
        "ahn/gradient_descent/gradient_descent.ipynb": "{}",
        "ahn/gradient_descent/timestamp.txt": "2024-01-01",
        "baek/gradient_descent/my_copy.ipynb": "{}",
        "baek/gradient_descent/.ipynb_checkpoints/x-checkpoint.ipynb": "{}",
        "choi/gradient_descent/a.ipynb": "{}",
        "choi/gradient_descent/b.ipynb": "{}",
        "dong/other_assignment/gradient_descent.ipynb": "{}",
        ".hidden/gradient_descent/gradient_descent.ipynb": "{}",
    }
    for rel, text in layout.items():
        (submitted / rel).parent.mkdir(parents=True, exist_ok=True)
        (submitted / rel).write_text(text, encoding="utf-8")
    assert discover_nbgrader(tmp_path, ASSIGNMENT) == [
        ("ahn", submitted / "ahn/gradient_descent/gradient_descent.ipynb"),
        ("baek", submitted / "baek/gradient_descent/my_copy.ipynb"),
        ("choi", submitted / "choi/gradient_descent"),  # ambiguous: intake says why
    ]
    with pytest.raises(FileNotFoundError):
        discover_nbgrader(tmp_path / "nowhere", ASSIGNMENT)


def test_make_course_lays_out_source_data_and_config(tmp_path):
    notebook = make_course(tmp_path / "course")
    assert notebook == tmp_path / "course/source/gradient_descent/gradient_descent.ipynb"
    assert notebook.read_text(encoding="utf-8") == build_source_notebook(ASSIGNMENT)
    folder = notebook.parent
    assert (folder / "data/study_hours.csv").read_bytes() == (
        ROOT / "data/study_hours.csv"
    ).read_bytes()
    assert (folder / "check_public.py").is_file()
    config = (tmp_path / "course/nbgrader_config.py").read_text(encoding="utf-8")
    for option in (
        "c.CourseDirectory.course_id",
        "c.CourseDirectory.root",
        "c.CourseDirectory.db_url",
        "c.ClearSolutions.code_stub",
    ):
        assert option in config
    compile(config, "nbgrader_config.py", "exec")
    (tmp_path / "course/nbgrader_config.py").write_text("# mine\n", encoding="utf-8")
    make_course(tmp_path / "course")
    assert (tmp_path / "course/nbgrader_config.py").read_text(encoding="utf-8") == "# mine\n"


def test_nbgrader_subcommand_lays_out_a_course(tmp_path, capsys):
    from autograder.cli import main

    args = ["nbgrader", "--course", str(tmp_path / "course")]
    assert main(args) == 0
    assert (tmp_path / "course/source/gradient_descent/gradient_descent.ipynb").is_file()
    assert (tmp_path / "course/nbgrader_config.py").is_file()
    assert "nbgrader generate_assignment gradient_descent" in capsys.readouterr().out
    assert main(args) == 0
    assert "kept" in capsys.readouterr().out


# ------------------------------------------------------------ with real nbgrader


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> dict[str, str]:
    pytest.importorskip("nbgrader")
    return jupyter_env(tmp_path_factory.mktemp("home"))


def jupyter_env(home: Path) -> dict[str, str]:
    """The environment for nbgrader commands: Jupyter's and matplotlib's folders under
    ``home``, and this venv's scripts first on PATH."""
    variables = {
        "HOME": home,
        "JUPYTER_CONFIG_DIR": home / "jupyter_config",
        "JUPYTER_DATA_DIR": home / "jupyter_data",
        "JUPYTER_RUNTIME_DIR": home / "jupyter_runtime",
        "IPYTHONDIR": home / "ipython",
        "MPLCONFIGDIR": home / "matplotlib",
        "XDG_CACHE_HOME": home / "cache",
        "XDG_CONFIG_HOME": home / "config",
        "XDG_DATA_HOME": home / "data",
    }
    for path in variables.values():
        path.mkdir(parents=True, exist_ok=True)
    # nbgrader runs the `alembic` script of its own environment: put it first on PATH.
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    return {**os.environ, **{k: str(v) for k, v in variables.items()}, "PATH": path}


def nbgrader(env: dict[str, str], cwd: Path, *args: str) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert proc.returncode == 0, f"nbgrader {args[0]} failed:\n{proc.stdout}\n{proc.stderr}"
    return proc


@pytest.fixture(scope="module")
def course(env, tmp_path_factory) -> Path:
    course_dir = tmp_path_factory.mktemp("nbgrader") / "course"
    make_course(course_dir)
    nbgrader(env, course_dir, "generate_assignment", ASSIGNMENT, "--force")
    return course_dir


@pytest.fixture(scope="module")
def release_nb(course) -> dict:
    path = course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    return json.loads(path.read_text(encoding="utf-8"))


def answer(fn: str, reference: Path = REFERENCE) -> str:
    """The reference function without its solution markers: what a correct student writes."""
    block = function_blocks(reference.read_text(encoding="utf-8"))[fn]
    return "\n".join(line for line in block.splitlines() if line.strip() not in (BEGIN, END))


MSE_AS_SUM = '''def mse(y, y_pred):
    """MSE, but summed instead of averaged (a common slip)."""
    y = np.asarray(y, dtype=float)
    y_pred = np.asarray(y_pred, dtype=float)
    return float(np.sum((y - y_pred) ** 2))'''

SEQUENTIAL_UPDATE = '''def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    """Updates w0 first, then measures w1's partial at the new w0 (not simultaneous)."""
    for _ in range(n_iters):
        w0 = w0 - alpha * partial_w0(w0, w1, x, y)
        w1 = w1 - alpha * partial_w1(w0, w1, x, y)
    return (float(w0), float(w1))'''

STUDENTS = {
    "ahn_correct": {},
    "baek_mse_sum": {"mse": MSE_AS_SUM},
    "choi_sequential": {"gradient_descent": SEQUENTIAL_UPDATE},
}


def student_notebook(
    release: dict,
    replaced: dict[str, str],
    *,
    reference: Path = REFERENCE,
    names: tuple[str, ...] = FUNCTIONS,
) -> dict:
    """The release notebook with every answer cell filled in (reference unless replaced)."""
    nb = copy.deepcopy(release)
    filled = set()
    for cell in nb["cells"]:
        grade_id = nbgrader_meta(cell).get("grade_id", "")
        if nbgrader_meta(cell).get("solution") and grade_id.endswith("_solution"):
            fn = grade_id.removesuffix("_solution")
            cell["source"] = replaced.get(fn, answer(fn, reference)).splitlines(keepends=True)
            filled.add(fn)
    assert filled == set(names)
    return nb


def test_generate_assignment_releases_no_solution_and_no_hidden_test(course, release_nb):
    folder = course / "release" / ASSIGNMENT
    assert (folder / "data" / "study_hours.csv").is_file()
    text = json.dumps(release_nb, ensure_ascii=False)
    code = "\n".join(cell_text(c) for c in release_nb["cells"] if c["cell_type"] == "code")
    reference = REFERENCE.read_text(encoding="utf-8")
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
        assert marker not in text
    answer_lines = {
        line.strip()
        for body in solution_bodies(reference)
        for line in body.splitlines()
        if len(line.strip()) > 12
    }
    for line in answer_lines:
        assert line not in code, f"the release leaks a solution line: {line}"
    assert "_grading_reference" not in code  # the substituted reference partials
    for check in suite_checks(load_assignment(ASSIGNMENT)):
        if check.public:
            continue
        for call in check.calls:
            for value in call.expected:
                if len(repr(value)) >= 8:  # distinctive numbers, not 5.0 or 1.5
                    assert repr(value) not in text, f"{check.name} leaks its expected value"
    for cell in release_nb["cells"]:
        if nbgrader_meta(cell).get("solution"):
            assert "raise NotImplementedError" in cell_text(cell)
    points: dict[str, float] = {}
    for cell in release_nb["cells"]:
        meta = nbgrader_meta(cell)
        if meta.get("grade"):
            fn = function_of_grade_id(meta["grade_id"], FUNCTIONS)
            points[fn] = points.get(fn, 0.0) + meta["points"]
    assert points == FULL


def test_validate_passes_a_correct_notebook_and_fails_the_blank_one(
    env, course, release_nb, tmp_path
):
    home = tmp_path / "student" / ASSIGNMENT
    shutil.copytree(course / "release" / ASSIGNMENT, home)
    solved = home / "solved.ipynb"
    solved.write_text(json.dumps(student_notebook(release_nb, {})), encoding="utf-8")
    proc = nbgrader(env, home, "validate", solved.name)
    assert "Success! Your notebook passes all the tests." in proc.stdout, proc.stdout
    assert "FAILED" not in proc.stdout
    blank = nbgrader(env, home, "validate", f"{ASSIGNMENT}.ipynb")
    # The four public test cells fail while the functions raise NotImplementedError.
    assert "VALIDATION FAILED ON 4 CELL(S)" in blank.stdout, blank.stdout


@pytest.fixture(scope="module")
def graded(env, course, release_nb, tmp_path_factory):
    """Three submissions autograded by nbgrader and graded by the kit: both score tables."""
    for student, replaced in STUDENTS.items():
        folder = course / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        nb = student_notebook(release_nb, replaced)
        (folder / f"{ASSIGNMENT}.ipynb").write_text(json.dumps(nb), encoding="utf-8")
        (folder / "timestamp.txt").write_text("2024-05-01 12:00:00.000000 UTC\n")
    nbgrader(env, course, "autograde", ASSIGNMENT, "--force")
    exported = course / "nbgrader_grades.csv"
    nbgrader(env, course, "export", "--to", str(exported))
    with exported.open(encoding="utf-8") as fh:
        nbgrader_totals = {row["student_id"]: row for row in csv.DictReader(fh)}

    from nbgrader.api import Gradebook

    nbgrader_functions: dict[str, dict[str, float]] = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        for student in STUDENTS:
            scores = dict.fromkeys(FUNCTIONS, 0.0)
            for notebook in gradebook.find_submission(ASSIGNMENT, student).notebooks:
                for grade in notebook.grades:
                    fn = function_of_grade_id(grade.name, FUNCTIONS)
                    if fn is not None:
                        scores[fn] += grade.score
            nbgrader_functions[student] = scores

    # The kit's grader on the same notebooks, found through nbgrader's own layout.
    pairs = discover_nbgrader(course, ASSIGNMENT)
    assert [s for s, _ in pairs] == sorted(STUDENTS)
    klass = tmp_path_factory.mktemp("class")
    for student, path in pairs:
        (klass / student).mkdir()
        shutil.copyfile(path, klass / student / f"{ASSIGNMENT}.ipynb")
    out = tmp_path_factory.mktemp("kit_out")
    proc = subprocess.run(
        [sys.executable, "-m", "autograder", "grade", str(klass), "--out", str(out), "--quiet"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    with (out / "grades.csv").open(encoding="utf-8") as fh:
        kit = {row["student_id"]: row for row in csv.DictReader(fh)}
    return nbgrader_totals, nbgrader_functions, kit


def test_autograde_scores_agree_with_the_kit(graded):
    nbgrader_totals, nbgrader_functions, kit = graded
    assert set(nbgrader_totals) == set(kit) == set(STUDENTS)
    print("student            nbgrader (per function) total | kit (per function) total")
    for student in STUDENTS:
        ours = [nbgrader_functions[student][fn] for fn in FUNCTIONS]
        theirs = [float(kit[student][fn]) for fn in FUNCTIONS]
        print(
            f"{student:18} {ours} {nbgrader_totals[student]['score']:>6} | "
            f"{theirs} {kit[student]['total']:>4}"
        )
    for student in STUDENTS:
        row = kit[student]
        assert row["status"] == "graded", row
        kit_functions = {fn: float(row[fn]) for fn in FUNCTIONS}
        # Per function (nbgrader's per-cell grades summed) and in total: the same points.
        assert nbgrader_functions[student] == kit_functions, student
        assert float(nbgrader_totals[student]["score"]) == float(row["total"]), student
        assert float(nbgrader_totals[student]["max_score"]) == float(row["max_score"]) == TOTAL


def test_the_three_submissions_score_as_their_mistakes_predict(graded):
    _, nbgrader_functions, _ = graded
    assert nbgrader_functions["ahn_correct"] == FULL
    mse_sum = nbgrader_functions["baek_mse_sum"]
    assert mse_sum["mse"] < FULL["mse"] and but(mse_sum, "mse") == but(FULL, "mse")
    sequential = nbgrader_functions["choi_sequential"]
    assert sequential["gradient_descent"] < FULL["gradient_descent"]
    assert but(sequential, "gradient_descent") == but(FULL, "gradient_descent")


# ------------------------------------------------------------ which notebook students get


def readme_nbgrader_part() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("**nbgrader / JupyterHub.**")
    return readme[start : readme.index("\n**", start + 1)]


def test_readme_names_the_notebook_make_nbgrader_writes_for_students(env, tmp_path):
    """The README's nbgrader paragraph names the notebook to give students; `make nbgrader`
    (the command its recipe runs) writes it, with nbgrader's metadata; and the notebook of
    `make release` that the README warns about scores 0 in nbgrader while the kit grades
    both alike: a correct answer in each, autograded by nbgrader and graded by the kit."""
    part = readme_nbgrader_part()
    student_path = f"dist/nbgrader/release/{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
    assert f"`{student_path}`: **the notebook to give" in part
    assert f"`dist/{ASSIGNMENT}/{ASSIGNMENT}.ipynb`" in part and "scores 0" in part
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "NBGRADER_COURSE ?= dist/nbgrader" in makefile
    recipe = makefile.split("\nnbgrader:", 1)[1].split("\n\n", 1)[0]
    assert "-m autograder nbgrader --assignment $(call q,$(ASSIGNMENT))" in recipe
    assert "--course $(call q,$(NBGRADER_COURSE)) --generate" in recipe

    course = tmp_path / "dist/nbgrader"  # NBGRADER_COURSE, under tmp_path instead of the kit
    command = ["nbgrader", "--assignment", ASSIGNMENT, "--course", str(course), "--generate"]
    proc = subprocess.run(
        [sys.executable, "-m", "autograder", *command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    notebook = tmp_path / student_path
    assert f"give students {notebook}" in proc.stdout
    release = json.loads(notebook.read_text(encoding="utf-8"))
    assert {nbgrader_meta(c).get("grade_id") for c in release["cells"]} >= {
        f"{fn}_solution" for fn in FUNCTIONS
    }
    for cell in release["cells"]:
        if nbgrader_meta(cell).get("solution"):
            assert "raise NotImplementedError" in cell_text(cell)
    assert (notebook.parent / "check_public.py").is_file()
    assert (notebook.parent / "data/study_hours.csv").is_file()

    # `make release`'s notebook (assignments/ is what it copies): no nbgrader metadata.
    kit_nb = json.loads(
        (ROOT / "assignments" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text(encoding="utf-8")
    )
    assert not any(nbgrader_meta(c) for c in kit_nb["cells"])
    for cell in kit_nb["cells"]:
        fn = next((f for f in FUNCTIONS if cell_text(cell).startswith(f"def {f}(")), None)
        if fn:
            cell["source"] = answer(fn).splitlines(keepends=True)
    submissions = {
        "from_nbgrader_release": student_notebook(release, {}),
        "from_make_release": kit_nb,
    }
    klass = tmp_path / "class"
    for student, nb in submissions.items():
        folder = course / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        (folder / f"{ASSIGNMENT}.ipynb").write_text(json.dumps(nb), encoding="utf-8")
        (folder / "timestamp.txt").write_text("2024-05-01 12:00:00.000000 UTC\n")
        (klass / student).mkdir(parents=True)
        (klass / student / f"{ASSIGNMENT}.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    nbgrader(env, course, "autograde", ASSIGNMENT, "--force")
    nbgrader(env, course, "export", "--to", str(tmp_path / "grades.csv"))
    with (tmp_path / "grades.csv").open(encoding="utf-8") as fh:
        scores = {row["student_id"]: float(row["score"]) for row in csv.DictReader(fh)}
    assert scores == {"from_nbgrader_release": TOTAL, "from_make_release": 0.0}

    out = tmp_path / "kit_out"
    proc = subprocess.run(
        [sys.executable, "-m", "autograder", "grade", str(klass), "--out", str(out), "--quiet"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    with (out / "grades.csv").open(encoding="utf-8") as fh:
        kit = {row["student_id"]: float(row["total"]) for row in csv.DictReader(fh)}
    assert kit == dict.fromkeys(submissions, TOTAL)


# ------------------------------------------------------------ any assignment: backprop
#
# Functions of 2-D arrays, dicts of arrays and strings that return (Y_hat, cache), a number
# or dicts of arrays; checks against finite differences with a looser tolerance.

BP = "backprop"
BP_FUNCTIONS = load_assignment(BP).functions
BP_FULL = suite_maxima(BP)
BP_REFERENCE = ROOT / "solutions" / "backprop.py"
BP_CORPUS = ROOT / "tests" / "corpus" / "backprop"
BP_EXPECTED: dict[str, dict] = json.loads((BP_CORPUS / "expected.json").read_text("utf-8"))
# Honest corpus files (hostile ones never run in this process; those hang or do not load).
BP_HONEST = sorted(
    name
    for name, want in BP_EXPECTED.items()
    if name.endswith(".py")
    and not name.startswith(("hostile_", "hang_"))
    and not want.get("ungradable")
)
TRANSPOSED_DW = 'grads[f"dW{k}"] = dZ.T @ cache[f"A{k - 1}"]'


def bp_answer_with_transposed_dw() -> str:
    text = answer("backward", BP_REFERENCE)
    right = 'grads[f"dW{k}"] = cache[f"A{k - 1}"].T @ dZ'
    assert text.count(right) == 1
    return text.replace(right, TRANSPOSED_DW)


@pytest.fixture(scope="module")
def bp_source_nb() -> dict:
    return json.loads(build_source_notebook(BP))


@pytest.fixture(scope="module")
def bp_checks() -> dict[str, SuiteCheck]:
    return {c.name: c for c in suite_checks(load_assignment(BP))}


def _same_input(given: object, sent: object) -> bool:
    """Equal values of the same types (float arrays of the same shape, NaN equal to NaN)."""
    if isinstance(sent, np.ndarray):
        return (
            isinstance(given, np.ndarray)
            and given.dtype == sent.dtype == np.float64
            and np.array_equal(given, sent, equal_nan=True)
        )
    if isinstance(sent, dict):
        return (
            isinstance(given, dict)
            and list(given) == list(sent)
            and all(_same_input(given[k], sent[k]) for k in sent)
        )
    if isinstance(sent, list):
        return (
            isinstance(given, list)
            and len(given) == len(sent)
            and all(_same_input(g, s) for g, s in zip(given, sent, strict=True))
        )
    if isinstance(sent, float) and math.isnan(sent):
        return isinstance(given, float) and math.isnan(given)
    return type(given) is type(sent) and given == sent


@pytest.mark.parametrize(
    "value",
    [
        np.arange(6.0).reshape(2, 3) / 7,
        np.linspace(-1, 1, 24).reshape(2, 3, 4),
        np.zeros((0, 3)),
        np.array(2.5),
        {"W1": np.eye(2), "b1": np.array([0.1, -0.2]), "note": "x"},
        [np.ones(2), {"a": 1}, [1.0, 2.0], "relu"],
        "sigmoid",
        3,
        -0.1,
        True,
        None,
        [1, 2, 3],
        (1.5, 2),
        float("nan"),
        np.array([1.0, float("inf"), float("nan")]),
        np.random.default_rng(0).normal(size=(40, 3)),
    ],
)
def test_inputs_are_written_as_the_sandbox_hands_them_over(value):
    """A literal evaluates to what the kit's sandbox gives the student: float arrays of the
    same shape, dicts by key, lists, strings, ints, floats, booleans and None."""
    sent = runner.decode(json.loads(json.dumps(encode(value))))
    text = literal(value, 4)
    assert _same_input(eval(text, {"np": np}), sent), text
    assert max(len(line) for line in text.splitlines()) <= 100, text


@pytest.mark.parametrize(
    "value",
    [
        1.5,
        np.float32(2.0),
        np.arange(6.0).reshape(3, 2),
        (1.0, 2.0),
        [np.zeros((2, 1)), {"A0": np.ones((2, 2)), "Z1": [1.0, 2.0]}],
        {"dW1": np.eye(2), "db1": np.array([0.5, 0.25])},
        ([1.0, 2.0], 3.0),
        [],
    ],
)
def test_returned_from_reads_a_value_as_the_sandbox_does(value):
    assert returned_from(value, "f") == parse_tree(runner.to_plain(value), fn="f")


@pytest.mark.parametrize("value", [None, "text", {1: 2.0}, [[[[[[1.0, [2.0]]]]]]], np.ones(10_001)])
def test_returned_from_refuses_what_the_sandbox_refuses(value):
    with pytest.raises(TypeError):
        runner.to_plain(value)
    with pytest.raises(TypeError):
        returned_from(value, "f")


def test_backprop_cells_compare_what_the_kit_compares(bp_checks):
    """Expected values are recorded where the kit compares: the finite-difference check's
    are the finite differences with FD_RTOL/FD_ATOL, not the reference's gradients."""
    ref = load_reference(BP_REFERENCE)
    [call] = bp_checks["test_backward_finite_differences_relu"].calls
    seed = functools.partial(hidden_seed, BP, "test_backward_finite_differences_relu")
    X, Y = batch(seed(311), 5, 3, 2)
    params = network(seed(312), [3, 4, 2])
    fd = finite_differences(ref, X, Y, params, "relu")
    grads = ref.backward(Y, params, ref.forward(X, params, "relu")[1], "relu")
    assert [e.path for e in call.expects] == [(name,) for name in fd]
    for expect in call.expects:
        assert expect.read == "array" and expect.tolerance == (FD_RTOL, FD_ATOL)
        np.testing.assert_array_equal(np.reshape(expect.values, expect.shape), fd[expect.path[0]])
    assert any(  # the differencing error: the two are close, but not the same numbers
        not np.array_equal(np.reshape(e.values, e.shape), grads[e.path[0]]) for e in call.expects
    )
    [call] = bp_checks["test_backward_two_outputs"].calls
    seed = functools.partial(hidden_seed, BP, "test_backward_two_outputs")
    X, Y = batch(seed(303), 7, 3, 2)
    params = network(seed(304), [3, 5, 2])
    grads = ref.backward(Y, params, ref.forward(X, params, "sigmoid")[1], "sigmoid")
    assert {e.path[0]: e.tolerance for e in call.expects} == dict.fromkeys(grads, (RTOL, ATOL))
    for expect in call.expects:
        np.testing.assert_array_equal(
            np.reshape(expect.values, expect.shape), grads[expect.path[0]]
        )
    # The answers are real Returned objects, read as the sandbox reads the reference's.
    assert call.answer == returned_from(grads, "backward")


def test_backprop_checks_compare_only_the_parts_the_kit_compares(bp_checks):
    def paths(name: str) -> list[list]:
        return [[e.path for e in call.expects] for call in bp_checks[name].calls]

    def forms(name: str) -> list[dict]:
        return [
            {kind: [e.path for e in expects] for kind, expects in call.other_forms}
            for call in bp_checks[name].calls
        ]

    cache = [(1, k) for k in ("A0", "Z1", "A1", "Z2", "A2", "Z3", "A3")]
    assert paths("test_forward_output_relu") == [[(0,)]]
    assert paths("test_forward_cache") == [cache]
    assert paths("test_forward_one_hidden_layer") == [[(0,), *cache[:5]]]
    assert paths("test_loss_by_hand") == [[()]]
    assert bp_checks["test_loss_by_hand"].calls[0].expects[0].read == "numbers"
    # Other answer forms, found by running each check on them: a bare Y_hat earns the
    # output-only check; (grads, extra) and (params, extra) are read by their first part.
    assert forms("test_forward_output_relu") == [{"leaf": [()]}]
    assert forms("test_forward_cache") == forms("test_forward_one_hidden_layer") == [{}]
    assert forms("test_loss_by_hand") == [{}]
    assert forms("test_backward_two_outputs") == [
        {"list": [(0, "dW2"), (0, "db2"), (0, "dW1"), (0, "db1")]}
    ]
    assert forms("test_train_step_small") == [
        {"list": [(0, "W1"), (0, "b1"), (0, "W2"), (0, "b2")]}
    ]


def test_backprop_source_notebook_has_one_test_cell_per_check(bp_source_nb, bp_checks):
    assert build_source_notebook(BP) == build_source_notebook(BP)  # byte-stable
    tests = [c for c in bp_source_nb["cells"] if nbgrader_meta(c).get("grade")]
    by_id = {c.grade_id: c for c in bp_checks.values()}
    assert {nbgrader_meta(c)["grade_id"] for c in tests} == set(by_id)
    totals: dict[str, float] = {}
    for cell in tests:
        meta = nbgrader_meta(cell)
        check = by_id[meta["grade_id"]]
        assert meta["points"] == check.points
        totals[check.function] = totals.get(check.function, 0.0) + check.points
        visible = strip_hidden(cell_text(cell))
        assert ("grading_check" in visible) == check.public, meta["grade_id"]
        if "finite_differences" in check.name:
            assert f"tolerance={(FD_RTOL, FD_ATOL)!r}" in cell_text(cell)
    assert totals == BP_FULL
    for fn in BP_FUNCTIONS:
        [cell] = [
            c for c in bp_source_nb["cells"] if nbgrader_meta(c).get("grade_id") == fn + "_solution"
        ]
        assert cell_text(cell).startswith(f"def {fn}(")


def test_helpers_compare_structurally_with_clear_messages():
    namespace: dict = {"np": np}
    exec(compile(helpers_source(), "<helpers>", "exec"), namespace)
    check = namespace["grading_check"]
    parts = [(("dW1",), np.arange(6.0).reshape(2, 3)), (("db1",), np.array([0.5, 0.25, 1.0]))]
    right = {"dW1": np.arange(6.0).reshape(2, 3), "db1": [0.5, 0.25, 1.0], "extra": 1.0}

    def fails(answer: object, expected: object = parts, **options: object) -> str:
        namespace["f"] = lambda: copy.deepcopy(answer)
        with pytest.raises(AssertionError) as caught:
            check("f", (), {}, expected, **options)
        return str(caught.value)

    namespace["f"] = lambda: right
    check("f", (), {}, parts)  # extra entries are ignored, a list is an array
    assert fails({"dW1": right["dW1"]}) == "f: no 'db1' (has dW1)"
    assert fails({**right, "dW1": right["dW1"].T}) == "f['dW1']: shape (3, 2), expected (2, 3)"
    assert fails(None).startswith("f: returned None")
    assert fails(right["dW1"]).startswith("f: expected a dict with 'dW1', got an array")
    wrong = {**right, "dW1": right["dW1"] + [[0, 1e-3, 0], [0, 0, 0]]}
    hidden = fails(wrong)
    assert hidden.startswith("f['dW1'][0, 1]: wrong value; got 1.001 (rtol=")
    assert "expected" not in hidden  # a hidden check never shows the expected value
    assert "/ expected 1 (rtol=" in fails(wrong, public=True)
    namespace["f"] = lambda: wrong
    check("f", (), {}, parts, tolerance=(1e-2, 1e-7))  # within the check's own tolerance
    # Numbers: any container of the right count; a dict is not a number.
    namespace["f"] = lambda: np.array([[2.0]])
    check("f", (), {}, (2.0,))
    assert fails({"a": 2.0}, (2.0,)) == "f: should be one number, got a dict"
    assert (
        fails([1.0, 2.0, 3.0], (1.0, 2.0)) == "f: should be 2 numbers, got an array of shape (3,)"
    )
    # Another form the kit also accepts: (grads, extra), read by its first part.
    pair = (right, 0.5)
    assert fails(pair).startswith("f: expected a dict with 'dW1', got a list or tuple of 2")
    forms = {"list": [((0, *path), want) for path, want in parts]}
    namespace["f"] = lambda: pair
    check("f", (), {}, parts, other_forms=forms)
    assert fails((wrong, 0.5), other_forms=forms).startswith("f[0]['dW1'][0, 1]: wrong value")
    # Per-part tolerances, and NaN never passes.
    namespace["f"] = lambda: {"a": [1.0 + 1e-5]}
    check("f", (), {}, [(("a",), np.array([1.0]), (1e-4, 0.0))])
    assert "wrong value" in fails({"a": [float("nan")]}, [(("a",), np.array([1.0]), (1.0, 1.0))])


def test_backprop_corpus_grades_alike_in_process(bp_source_nb, bp_kit):
    """Every honest corpus submission earns the same points per function from the test
    cells (run in this process, as nbgrader runs them) as from the kit's grader."""
    differ = {}
    for name in BP_HONEST:
        code = (BP_CORPUS / name).read_text(encoding="utf-8")
        with contextlib.redirect_stdout(io.StringIO()):
            scores, _ = grade_in_process(bp_source_nb, code, names=BP_FUNCTIONS)
        kit = bp_kit[Path(name).stem]
        if scores != kit:
            differ[name] = (scores, kit)
    assert not differ
    assert len(BP_HONEST) >= 30


@pytest.fixture(scope="module")
def bp_kit(tmp_path_factory) -> dict[str, dict[str, float]]:
    """The kit's own per-function scores for the honest backprop corpus."""
    folder = tmp_path_factory.mktemp("bp_corpus")
    for name in BP_HONEST:
        shutil.copyfile(BP_CORPUS / name, folder / name)
    reports = grade_class(folder, tmp_path_factory.mktemp("bp_corpus_out"), assignment=BP)
    return {r.student_id: function_scores(r) for r in reports}


# The reference filled in; backward with dW transposed (dZ.T @ A_prev); the stub as released.
BP_STUDENTS = ("ahn_reference", "baek_transposed_dw", "choi_stub")


@pytest.fixture(scope="module")
def bp_graded(env, tmp_path_factory):
    """backprop: nbgrader's generate_assignment and autograde on three submissions, and the
    kit's grade_class on the very same notebooks: per-function points of both."""
    course_dir = tmp_path_factory.mktemp("nbgrader_bp") / "course"
    make_course(course_dir, assignment=BP)
    nbgrader(env, course_dir, "generate_assignment", BP, "--force")
    release = json.loads((course_dir / "release" / BP / f"{BP}.ipynb").read_text(encoding="utf-8"))
    notebooks = {
        "ahn_reference": student_notebook(release, {}, reference=BP_REFERENCE, names=BP_FUNCTIONS),
        "baek_transposed_dw": student_notebook(
            release,
            {"backward": bp_answer_with_transposed_dw()},
            reference=BP_REFERENCE,
            names=BP_FUNCTIONS,
        ),
        "choi_stub": release,
    }
    for student, nb in notebooks.items():
        folder = course_dir / "submitted" / student / BP
        folder.mkdir(parents=True)
        (folder / f"{BP}.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    nbgrader(env, course_dir, "autograde", BP, "--force")

    from nbgrader.api import Gradebook

    theirs: dict[str, dict[str, float]] = {}
    with Gradebook(f"sqlite:///{course_dir / 'gradebook.db'}") as gradebook:
        for student in BP_STUDENTS:
            scores = dict.fromkeys(BP_FUNCTIONS, 0.0)
            for notebook in gradebook.find_submission(BP, student).notebooks:
                for grade in notebook.grades:
                    fn = function_of_grade_id(grade.name, BP_FUNCTIONS)
                    if fn is not None:
                        scores[fn] += grade.score
            theirs[student] = scores

    pairs = discover_nbgrader(course_dir, BP)
    assert [s for s, _ in pairs] == sorted(BP_STUDENTS)
    reports = grade_class(
        [Submission(student, str(path)) for student, path in pairs],
        tmp_path_factory.mktemp("bp_kit_out"),
        assignment=BP,
    )
    ours = {r.student_id: function_scores(r) for r in reports}
    return release, theirs, ours


def test_backprop_release_has_no_solution_and_no_hidden_test(bp_graded, bp_checks):
    release, _, _ = bp_graded
    text = json.dumps(release, ensure_ascii=False)
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "_grading_reference"):
        assert marker not in text
    for check in bp_checks.values():
        if not check.public:
            leaked = [v for call in check.calls for v in call.expected if len(repr(v)) >= 8]
            assert not [v for v in leaked if repr(v) in text], check.name


def test_backprop_autograde_agrees_with_the_kit_per_function(bp_graded):
    _, theirs, ours = bp_graded
    print("student              nbgrader per function | kit per function")
    for student in BP_STUDENTS:
        print(f"{student:20} {theirs[student]} | {ours[student]}")
    assert theirs == ours
    assert theirs["ahn_reference"] == BP_FULL
    assert theirs["baek_transposed_dw"] == {**BP_FULL, "backward": 0.0}
    assert theirs["choi_stub"] == dict.fromkeys(BP_FUNCTIONS, 0.0)


@pytest.mark.parametrize(
    ("answer", "refused"),
    [
        (complex(2.0, 0.0), False),
        (np.array([[2.0 + 0j]]), False),
        ([2.0 + 0j], False),
        (np.complex128(2.0 + 3j), True),
        (np.array([2.0]) + 1e-12j, True),
        ([complex(2.0, -1.0)], True),
    ],
)
def test_helpers_read_complex_answers_as_the_sandbox_does(answer, refused):
    """A zero imaginary part is the real number; any other is refused, with a message (numpy's
    cast to float drops the imaginary part without a word)."""
    with contextlib.nullcontext() if not refused else pytest.raises(TypeError, match="complex"):
        runner.to_plain(answer)
    namespace: dict = {"np": np}
    exec(compile(helpers_source(), "<helpers>", "exec"), namespace)
    namespace["f"] = lambda: copy.deepcopy(answer)
    if not refused:
        namespace["grading_check"]("f", (), {}, (2.0,))
        return
    with pytest.raises(AssertionError) as caught:
        namespace["grading_check"]("f", (), {}, (2.0,))
    assert str(caught.value) == (
        "f: 허수부가 0 이 아닌 복소수를 돌려주었습니다. 답은 실수여야 합니다 / returned a "
        "complex number with a non-zero imaginary part; the answer must be a real number"
    )


def test_nbgrader_commands_take_keyword_options_without_argparse(tmp_path, capsys):
    """The library entry points of ``nbgrader`` and ``nbgrader gradebook``."""
    from autograder.integrations.nbgrader.gradebook import gradebook_command

    course = tmp_path / "course"
    assert nbgrader_command(course=course, assignment="backprop", course_id="dl-101") == 0
    assert (course / "source/backprop/backprop.ipynb").is_file()
    assert "dl-101" in (course / "nbgrader_config.py").read_text(encoding="utf-8")
    assert "nbgrader generate_assignment backprop" in capsys.readouterr().out
    (course / "nbgrader_config.py").write_text("# mine\n", encoding="utf-8")
    assert nbgrader_command(course=course, assignment="backprop", overwrite_config=True) == 0
    assert "backprop" in (course / "nbgrader_config.py").read_text(encoding="utf-8")
    assert gradebook_command(out=tmp_path / "not-graded", course=course) == 2
    assert "grades.csv not found" in capsys.readouterr().err
