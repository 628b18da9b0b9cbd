"""`python -m autograder new NAME` writes an assignment that works with the kit as it is.

In a temporary copy of the repository (its files as they are in the working tree: tracked
and not ignored): `new demo_assignment`, then the `make generate` command, the lint, a grading run of
the scaffold's sample class and of its corpus, and the kit's own assignment tests on the
new assignment. Refusals (an existing name, an invalid one) write nothing.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

# Slow (not in `make test-fast`): the copy's grading runs and test session, ~1 minute.
pytestmark = pytest.mark.slow

NAME = "demo_assignment"
# The kit's tests of an assignment's files; those parametrized over every assignment found
# run on the new one too (`-k NAME` selects them).
KIT_TESTS = [
    "tests/test_stubgen.py",
    "tests/test_public_checks.py",
    "tests/test_release.py",
    "tests/test_corpus.py",
    "tests/test_notebooks.py",
    "tests/test_assignments.py",
]


def kit_files() -> list[str]:
    """The kit's files as `make test` sees them: tracked, and new ones git does not ignore
    (a tracked file being edited may import one), never .venv, reports or dist."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs a git checkout of the kit (git ls-files)")
    out = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    return [f for f in out.decode("utf-8").split("\0") if f]


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


@pytest.fixture(scope="module")
def kit(tmp_path_factory) -> Path:
    """A copy of the repository's files (not .venv, reports or dist)."""
    copy = tmp_path_factory.mktemp("kit")
    for rel in kit_files():
        source = ROOT / rel
        if source.is_file():  # a tracked file deleted in the working tree is skipped
            (copy / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / rel)
    return copy


def run(kit: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    """This venv's python in the copy, importing the copy's autograder."""
    env = {**os.environ, "PYTHONPATH": str(kit), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [sys.executable, *args],
        cwd=kit,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture(scope="module")
def scaffolded(kit: Path) -> Path:
    proc = run(kit, "-m", "autograder", "new", NAME)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return kit


def test_new_has_help(kit):
    proc = run(kit, "-m", "autograder", "new", "--help")
    assert proc.returncode == 0
    assert "NAME" in proc.stdout and "nothing is" in proc.stdout


@pytest.mark.parametrize(
    "bad", ["Demo", "1demo", "demo-x", "class", "numpy", "check_public", "gradient_descent"]
)
def test_a_bad_or_existing_name_is_refused_and_nothing_is_written(kit, bad):
    before = snapshot(kit)
    proc = run(kit, "-m", "autograder", "new", bad)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stderr.startswith("error: ") and "nothing written" in proc.stderr
    assert bad in proc.stderr
    assert snapshot(kit) == before


def test_new_writes_every_part_of_an_assignment(scaffolded):
    kit = scaffolded
    for rel in [
        f"solutions/{NAME}.py",
        f"solutions/{NAME}_notebook.py",
        f"data/{NAME}.csv",
        f"tests/corpus/{NAME}/expected.json",
        f"submissions/{NAME}/README.md",
        f"assignments/{NAME}/README.md",
        f"assignments/{NAME}/github-classroom.yml",
        f"assignments/{NAME}/{NAME}.py",
        f"assignments/{NAME}/{NAME}.ipynb",
        f"assignments/{NAME}/check_public.py",
        *(
            f"autograder/suites/{NAME}/{f}"
            for f in ("assignment.toml", "messages.toml", "cases.py", "misconceptions.py")
        ),
        f"autograder/suites/{NAME}/probes.py",
    ]:
        assert (kit / rel).is_file(), rel
    assert "### BEGIN SOLUTION" in (kit / f"solutions/{NAME}.py").read_text(encoding="utf-8")
    assert not [p.name for p in kit.iterdir() if p.name.startswith(".new-")]  # no leftovers
    # a second `new` of the same name is refused and changes nothing
    before = snapshot(kit)
    proc = run(kit, "-m", "autograder", "new", NAME)
    assert proc.returncode == 2 and "already exists" in proc.stderr
    assert snapshot(kit) == before


def test_generate_leaves_the_scaffold_as_it_is_and_the_lint_passes(scaffolded):
    kit = scaffolded
    before = snapshot(kit / "assignments" / NAME)
    proc = run(kit, "-m", "autograder", "generate", "--assignment", NAME)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert snapshot(kit / "assignments" / NAME) == before  # `new` wrote what generate writes
    for command in (["check", "."], ["format", "--check", "."]):  # as `make lint`
        proc = run(kit, "-m", "ruff", *command)
        assert proc.returncode == 0, proc.stdout + proc.stderr


def test_sample_class_is_graded_and_the_correct_one_gets_full_marks(scaffolded, tmp_path):
    kit = scaffolded
    out = tmp_path / "out"
    proc = run(
        kit, "-m", "autograder", "grade", f"submissions/{NAME}", "--out", str(out),
        "--assignment", NAME, "--quiet",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    with open(out / "grades.csv", encoding="utf-8", newline="") as fh:
        rows = {row["student_id"]: row for row in csv.DictReader(fh)}
    assert set(rows) == {"kim_minjun", "lee_seoyeon", "lim_jaewon"}
    assert {row["status"] for row in rows.values()} == {"graded"}
    assert float(rows["kim_minjun"]["total"]) == float(rows["kim_minjun"]["max_score"]) == 100
    assert float(rows["lee_seoyeon"]["total"]) < 100
    assert float(rows["lim_jaewon"]["total"]) == 0
    assert (out / "kim_minjun" / "feedback.html").is_file()


def test_the_kits_assignment_tests_pass_on_it(scaffolded):
    kit = scaffolded
    proc = run(
        kit, "-m", "pytest", *KIT_TESTS, "-v", "-p", "no:cacheprovider", "-k", NAME,
        timeout=600,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout[-5000:] + proc.stderr[-2000:]
    ran = {line.split("::")[0] for line in proc.stdout.splitlines() if " PASSED" in line}
    # these two find every assignment by themselves; the others once parametrized so
    assert {"tests/test_assignments.py", "tests/test_corpus.py"} <= ran, proc.stdout[-5000:]
    # and the release of every assignment side by side, the new one included
    proc = run(
        kit, "-m", "pytest", "-q", "-p", "no:cacheprovider",
        "tests/test_release.py::test_assignments_released_side_by_side_stay_intact",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout[-5000:] + proc.stderr[-2000:]
