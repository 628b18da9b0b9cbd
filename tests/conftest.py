"""Shared helpers for the kit's own tests."""

from __future__ import annotations

import functools
import os
from pathlib import Path

import pytest

from autograder import secret

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus" / "gradient_descent"
REFERENCE = ROOT / "solutions" / "gradient_descent.py"

# A fixed course secret for every test (and every process a test starts): the hidden inputs,
# hence the golden files and the corpus's expected scores, never depend on the developer's
# own secret in ~/.config. Tests of the secret itself pass their own files.
TEST_SECRET = ROOT / "tests" / "course-secret.test"
os.environ[secret.ENV] = str(TEST_SECRET)


@pytest.fixture
def make_class(tmp_path: Path):
    """Write {name: text-or-bytes} into a fresh class folder and return it."""

    def make(files: dict[str, str | bytes]) -> Path:
        folder = tmp_path / "class"
        for name, content in files.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        folder.mkdir(exist_ok=True)
        return folder

    return make


@functools.cache
def suite_maxima(assignment: str) -> dict[str, float]:
    """Points per function as the assignment's hidden suite declares them (its markers,
    collected by the grading plugin with no student): read from the suite, never copied."""
    from autograder.assignment import load_assignment
    from autograder.config import Limits
    from autograder.orchestration.stages.suite import run_suite
    from autograder.scoring.points import max_points

    spec = load_assignment(assignment)
    checks, _ = run_suite(spec, {}, limits=Limits(), on_report=lambda report: None)
    return max_points(checks, spec.functions)


def scores_with(maxima: dict[str, float], **changed: float) -> dict[str, float]:
    """Full marks on every function of ``maxima`` (a suite's, see suite_maxima) but the
    ``changed`` ones: the scores a hand-made OUT/ gives a student."""
    unknown = set(changed) - set(maxima)
    assert not unknown, f"not graded functions: {unknown}"
    return {fn: float(changed.get(fn, most)) for fn, most in maxima.items()}


def points_summary(scores: dict[str, float], maxima: dict[str, float]) -> str:
    """``fn got/most`` per function, comma-separated: the LMS comment's wording."""
    return ", ".join(f"{fn} {got:g}/{maxima[fn]:g}" for fn, got in scores.items())


def suite_total(assignment: str) -> float:
    """The most an assignment's suite gives: what a right submission scores."""
    return sum(suite_maxima(assignment).values())
