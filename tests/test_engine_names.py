"""The engine names no assignment: outside ``autograder/suites/``, no file of ``autograder/``
holds a shipped assignment's name or the name of one of its graded functions (as a whole
word), so adding or changing an assignment never touches the engine (issue 19). The names
are read from the suites, never copied here."""

from __future__ import annotations

import re

import pytest

from autograder.assignment import DEFAULT_ASSIGNMENT, available, load_assignment
from tests.conftest import ROOT

PACKAGE = ROOT / "autograder"
SUITES = PACKAGE / "suites"
# Files that still name them, being rewritten (issue 19: the runtime's gradient checks
# become expectation kinds, the examples move into the suites). Remove a file from here
# once it is clean: the second test fails while a clean file is still listed.
PENDING = {
    "autograder/nbgrader/record.py",
    "autograder/public/examples.py",
    "autograder/public/generate.py",
    "autograder/public/runtime.py",
}


def shipped_names() -> set[str]:
    names = set(available())
    for name in available():
        names.update(load_assignment(name).functions)
    return names


def naming_files() -> dict[str, list[str]]:
    """Relative path -> the shipped names it holds, for every text file of the engine."""
    pattern = re.compile(r"\b(" + "|".join(sorted(map(re.escape, shipped_names()))) + r")\b")
    found = {}
    for path in sorted(PACKAGE.rglob("*")):
        if not path.is_file() or SUITES in path.parents or "__pycache__" in path.parts:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        hits = sorted(set(pattern.findall(text)))
        if hits:
            found[path.relative_to(ROOT).as_posix()] = hits
    return found


def test_the_names_come_from_the_suites():
    names = shipped_names()
    assert len(available()) >= 2 and DEFAULT_ASSIGNMENT in available()
    assert {"mse", "partial_w0", "forward", "train_step"} <= names  # the two shipped ones


def test_no_engine_file_names_a_shipped_assignment_or_function():
    found = naming_files()
    assert set(found) <= PENDING, {k: v for k, v in found.items() if k not in PENDING}


@pytest.mark.parametrize("rel", sorted(PENDING))
def test_a_pending_file_is_still_pending(rel):
    """Keeps PENDING honest: a file that no longer names any assignment leaves the list."""
    assert rel in naming_files(), f"{rel} names no assignment now: remove it from PENDING"
