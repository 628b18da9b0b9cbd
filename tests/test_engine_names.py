"""The engine names no assignment: outside ``autograder/suites/``, no file of ``autograder/``
holds a shipped assignment's name or the name of one of its graded functions (as a whole
word), so adding or changing an assignment never touches the engine (issue 19). The names
are read from the suites, never copied here. And the public checks' runtime, written into
every check_public.py, stays small."""

from __future__ import annotations

import re
import sys

from autograder.assignment import DEFAULT_ASSIGNMENT, available, load_assignment
from tests.conftest import ROOT

PACKAGE = ROOT / "autograder"
SUITES = PACKAGE / "suites"


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
    assert not found, found


def test_the_search_finds_a_name_where_it_is(tmp_path, monkeypatch):
    package = tmp_path / "autograder"
    (package / "suites").mkdir(parents=True)
    (package / "engine.py").write_text("def run(student):\n    return student.forward(1)\n")
    (package / "suites" / "test_x.py").write_text("student.forward(2)\n")
    (package / "other.py").write_text("forwarding = 1  # not the word\n")
    module = sys.modules[__name__]
    monkeypatch.setattr(module, "ROOT", tmp_path)
    monkeypatch.setattr(module, "PACKAGE", package)
    monkeypatch.setattr(module, "SUITES", package / "suites")
    assert naming_files() == {"autograder/engine.py": ["forward"]}


def test_the_public_runtime_stays_under_700_lines():
    lines = (PACKAGE / "public" / "runtime.py").read_text(encoding="utf-8").count("\n")
    assert lines < 700, lines
