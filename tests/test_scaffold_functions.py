"""Adding a function to an assignment touches only that assignment's own folders (issue 19).

In a temporary git repository holding the kit's files: `new` writes an assignment, three
more functions are added to it and committed (four in all); then a fifth is added as
README.md's "Adding a function" says (the solution, the notebook text, assignment.toml, a
test file in the suite with the points re-weighted, `generate`, the stub fixtures, the
sample class and the corpus). `git status --porcelain` then lists only paths inside that
assignment's own folders and files (autograder/integrations/release/scaffold.py's ``targets``), the kit's own
tests pass on it, and the reference earns full marks on the fifth function while the
released stub earns 0.
"""

from __future__ import annotations

import ast
import csv
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from autograder.integrations.release.scaffold import targets
from tests.conftest import ROOT
from tests.test_scaffold import KIT_TESTS, kit_files, run

# Slow (not in `make test-fast`): `new`, five `generate`s, two grading runs and the kit's
# assignment tests in the copy, ~1-2 minutes.
pytestmark = pytest.mark.slow

NAME = "five_errors"
# (function, its answer from ``e = errors(y, y_pred)``, Korean, English): the scaffold's
# mean_absolute_error and these, the last one added after the commit.
MORE = [
    ("mean_error", "float(np.mean(errors(y, y_pred)))", "평균 오차", "the mean error"),
    ("max_absolute_error", "float(np.max(np.abs(errors(y, y_pred))))", "최대 절대 오차",
     "the largest absolute error"),
    ("root_mean_squared_error", "float(np.sqrt(np.mean(errors(y, y_pred) ** 2)))",
     "평균 제곱근 오차", "the root mean squared error"),
]  # fmt: skip
FIFTH = ("median_absolute_error", "float(np.median(np.abs(errors(y, y_pred))))",
         "절대 오차의 중앙값", "the median absolute error")  # fmt: skip

TEST_FILE = '''"""Checks of {fn}(y, y_pred): {en}."""

import numpy as np
import pytest

from autograder.suites.{name}.cases import check_call, pair_data

pytestmark = pytest.mark.target("{fn}")


@pytest.mark.points({public})
@pytest.mark.public
def test_{fn}_small(student, ref):
    """작은 예 / a small example"""
    y = np.array([2.0, -1.0, 4.0, 0.5, 3.0])
    y_pred = np.array([2.5, -1.0, 1.0, 4.5, 2.0])
    check_call(student, ref, "{fn}", y, y_pred)


@pytest.mark.points({hidden})
def test_{fn}_random(student, ref, seed):
    """무작위 데이터 21개 / 21 random points"""
    y, y_pred = pair_data(seed({label}), 21)
    check_call(student, ref, "{fn}", y, y_pred)
'''

SOLUTION = '''

def {fn}(y, y_pred):
    """{ko} 를 숫자 하나로 돌려줍니다.
    Return {en} as one number.
    """
    ### BEGIN SOLUTION
    return {answer}
    ### END SOLUTION
'''

NOTEBOOK_CELLS = """
# %% [markdown]
# ## {ko} / {en_title}
#
# `{fn}(y, y_pred)`: {ko}. / {en}.

# %% [function] {fn}
"""

CORRECT = """

def {fn}(y, y_pred):
    e = np.asarray(y, dtype=float) - np.asarray(y_pred, dtype=float)
    return {answer}
"""


def git(repo: Path, *args: str) -> str:
    proc = subprocess.run(
        ["git", "-c", "user.name=kit test", "-c", "user.email=kit@example.invalid", *args],
        cwd=repo,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


def ok(proc: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    return proc


def edit(path: Path, change) -> None:
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


def functions_of(repo: Path) -> list[str]:
    toml = (repo / f"autograder/suites/{NAME}/assignment.toml").read_text(encoding="utf-8")
    return json.loads(re.search(r"^functions = (\[.*\])$", toml, re.M).group(1))


def reweigh(suite: Path, count: int) -> None:
    """Points add up to 100 for the assignment: each test file's checks are scaled so that
    every function gets 100 / count (the scaffold's own file keeps its proportions)."""
    share = 100 / count
    for path in sorted(suite.glob("test_*.py")):
        text = path.read_text(encoding="utf-8")
        points = [float(p) for p in re.findall(r"@pytest\.mark\.points\(([\d.]+)\)", text)]
        values = iter(p * share / sum(points) for p in points)
        text = re.sub(
            r"@pytest\.mark\.points\([\d.]+\)",
            lambda _, v=values: f"@pytest.mark.points({next(v):g})",
            text,
        )
        path.write_text(text, encoding="utf-8")


def add_function(
    repo: Path, fn: str, answer: str, ko: str, en: str, label: int, *, reweigh_points: bool = True
) -> None:
    """README.md, "Adding a function", step by step; only the assignment's own files."""
    # 1. the reference solution and the notebook's text
    edit(
        repo / f"solutions/{NAME}.py",
        lambda t: t + SOLUTION.format(fn=fn, ko=ko, en=en, answer=answer),
    )
    cells = NOTEBOOK_CELLS.format(fn=fn, ko=ko, en=en, en_title=en.capitalize())
    after = "# %%\n# 손으로 계산한 값과"  # the first code cell after the exercises
    edit(repo / f"solutions/{NAME}_notebook.py", lambda t: insert_before(t, after, cells[1:]))
    # 2. assignment.toml: the graded functions, in report order
    functions = [*functions_of(repo), fn]
    edit(
        repo / f"autograder/suites/{NAME}/assignment.toml",
        lambda t: re.sub(
            r"^functions = .*$", f"functions = {json.dumps(functions)}", t, flags=re.M
        ),
    )
    # 3. its test file in the suite, and the points re-weighted to add up to 100
    suite = repo / f"autograder/suites/{NAME}"
    test = TEST_FILE.format(fn=fn, en=en, name=NAME, public=2, hidden=3, label=label)
    (suite / f"test_{fn}.py").write_text(test, encoding="utf-8")
    if reweigh_points:
        reweigh(suite, len(functions))
    # 4. make generate: the stub, the notebook, check_public.py, the workflow
    ok(run(repo, "-m", "autograder", "generate", "--assignment", NAME))
    # 5. the stub fixtures stay the released stub
    stub = repo / f"assignments/{NAME}/{NAME}.py"
    for copy in (
        f"submissions/{NAME}/lim_jaewon.py",
        f"tests/corpus/{NAME}/stub_not_implemented.py",
    ):
        shutil.copyfile(stub, repo / copy)
    # 6. the sample class (its README table gets a column) and the corpus
    correct = CORRECT.format(fn=fn, answer=answer.replace("errors(y, y_pred)", "e"))
    for rel in (
        f"submissions/{NAME}/kim_minjun.py",
        f"submissions/{NAME}/lee_seoyeon.py",
        f"tests/corpus/{NAME}/correct_loop.py",
        f"tests/corpus/{NAME}/mistake_mae_sum.py",
    ):
        edit(repo / rel, lambda t: ensure_numpy(t) + correct)
    edit(repo / f"submissions/{NAME}/README.md", lambda t: add_column(t, fn))
    path = repo / f"tests/corpus/{NAME}/expected.json"
    expected = json.loads(path.read_text(encoding="utf-8"))
    expected["correct_loop.py"]["full"].append(fn)
    expected["mistake_mae_sum.py"]["full"].append(fn)
    expected["stub_not_implemented.py"]["loses"].append(fn)
    path.write_text(json.dumps(expected, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def insert_before(text: str, anchor: str, new: str) -> str:
    assert text.count(anchor) == 1, f"the scaffold's notebook changed: no {anchor!r}"
    return text.replace(anchor, new + "\n" + anchor)


def ensure_numpy(text: str) -> str:
    """``import numpy as np`` after the module's docstring, unless it is there."""
    if "import numpy as np" in text:
        return text
    end = ast.parse(text).body[0].end_lineno  # the docstring's last line
    lines = text.splitlines(keepends=True)
    return "".join([*lines[:end], "\nimport numpy as np\n", *lines[end:]])


def add_column(readme: str, fn: str) -> str:
    """The sample class's table gets a ✔/✘ column for ``fn`` before the description."""
    marks = {"kim_minjun": "✔", "lee_seoyeon": "✔", "lim_jaewon": "✘"}
    lines = []
    for line in readme.splitlines():
        if line.startswith("|"):
            cells = line.strip().strip("|").split("|")
            first = cells[0].strip()
            if first.startswith("`"):
                new = f" {marks[first.strip('`')]} "
            elif set(first) <= set("-:"):
                new = ":-:"
            else:
                new = f" {fn} "
            cells.insert(len(cells) - 1, new)
            line = "|" + "|".join(cells) + "|"
        lines.append(line)
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    """A git repository of the kit's files with a four-function assignment committed."""
    if shutil.which("git") is None:
        pytest.skip("needs git")
    repo = tmp_path_factory.mktemp("kit-git")
    for rel in kit_files():
        source = ROOT / rel
        if source.is_file():
            (repo / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, repo / rel)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "the kit")
    ok(run(repo, "-m", "autograder", "new", NAME))
    for label, (fn, answer, ko, en) in enumerate(MORE, start=301):
        # the points are re-weighted once all four are in (scaled from the scaffold's whole
        # numbers, so each is exact: 25 per function, then 20)
        add_function(repo, fn, answer, ko, en, label, reweigh_points=fn == MORE[-1][0])
    assert functions_of(repo) == ["mean_absolute_error", *(m[0] for m in MORE)]
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", f"{NAME}: four functions")
    assert git(repo, "status", "--porcelain") == ""
    fn, answer, ko, en = FIFTH
    add_function(repo, fn, answer, ko, en, 305)
    return repo


def changed_paths(repo: Path) -> list[str]:
    """Every path git sees changed, added, deleted or untracked (each file, not folders)."""
    out = git(repo, "status", "--porcelain", "--untracked-files=all", "-z")
    return sorted(entry[3:] for entry in out.split("\0") if entry)


def test_the_fifth_function_touches_only_the_assignments_own_folders(repo):
    changed = changed_paths(repo)
    own = targets(NAME)
    outside = [p for p in changed if not any(p == t or p.startswith(t + "/") for t in own)]
    assert outside == [], outside
    fn = FIFTH[0]
    # and it did change what a fifth function needs: the proof is not vacuous
    for rel in (
        f"solutions/{NAME}.py",
        f"solutions/{NAME}_notebook.py",
        f"autograder/suites/{NAME}/assignment.toml",
        f"autograder/suites/{NAME}/test_{fn}.py",
        f"assignments/{NAME}/{NAME}.py",
        f"assignments/{NAME}/{NAME}.ipynb",
        f"assignments/{NAME}/check_public.py",
    ):
        assert rel in changed, rel
    assert f"def {fn}(" in (repo / f"assignments/{NAME}/{NAME}.py").read_text(encoding="utf-8")


def grade(repo: Path, folder: Path, out: Path) -> dict[str, dict[str, str]]:
    ok(run(repo, "-m", "autograder", "grade", str(folder), "--out", str(out),
           "--assignment", NAME, "--quiet"))  # fmt: skip
    with open(out / "grades.csv", encoding="utf-8", newline="") as fh:
        return {row["student_id"]: row for row in csv.DictReader(fh)}


def test_the_reference_earns_the_fifth_functions_points_and_the_stub_none(repo, tmp_path):
    fn = FIFTH[0]
    folder = tmp_path / "class"
    folder.mkdir()
    shutil.copyfile(repo / f"solutions/{NAME}.py", folder / "reference.py")
    shutil.copyfile(repo / f"assignments/{NAME}/{NAME}.py", folder / "stub.py")
    rows = grade(repo, folder, tmp_path / "out")
    results = json.loads((tmp_path / "out" / "reference" / "results.json").read_text("utf-8"))
    # the fifth function's maximum, as the suite declared it (the checks the grader ran)
    fifth_max = sum(t["max_score"] for t in results["tests"] if fn in t["tags"])
    assert fifth_max == pytest.approx(100 / 5)
    assert float(rows["reference"][fn]) == fifth_max
    assert float(rows["reference"]["total"]) == float(rows["reference"]["max_score"]) == 100
    assert float(rows["stub"][fn]) == 0 and float(rows["stub"]["total"]) == 0


def test_the_kits_own_tests_pass_on_the_five_function_assignment(repo):
    proc = run(repo, "-m", "pytest", *KIT_TESTS, "-q", "-p", "no:cacheprovider", "-k", NAME,
               timeout=900)  # fmt: skip
    assert proc.returncode == 0, proc.stdout[-5000:] + proc.stderr[-2000:]
    for command in (["check", "."], ["format", "--check", "."]):  # as `make lint`
        proc = run(repo, "-m", "ruff", *command)
        assert proc.returncode == 0, proc.stdout + proc.stderr
