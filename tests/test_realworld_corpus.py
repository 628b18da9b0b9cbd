"""How often the kit names the mistake in real-world-style code, kept as a test.

``tests/corpus/realworld_gd/`` and ``tests/corpus/realworld_backprop/`` hold implementations
written the way public tutorials and course repositories write them (the 1/(2m) cost of
Andrew Ng's course, classes, loops, lists, globals, vectorised numpy), each graded in ONE
class run. Their expected.json says, per file, which functions lose points and which
diagnosis key each wrong function must get (``{}``: none may be named: correct code, and
code with a bug no relation explains).

The measure: of the wrong functions whose mistake has a name, the share named exactly
right (goal ≥ 90%), and no name at all on correct functions or on unrelated bugs.
"""

from __future__ import annotations

import functools
import json
import shutil
from pathlib import Path

import pytest

from autograder.model import Status
from autograder.orchestration.engine import grade_class
from autograder.sandbox import Limits
from autograder.scoring.points import function_scores
from autograder.writers.texts import diagnoses
from tests.conftest import ROOT

pytestmark = pytest.mark.slow  # one class run per corpus

CORPORA = {"realworld_gd": "gradient_descent", "realworld_backprop": "backprop"}
LIMITS = Limits(call_timeout=5.0, load_timeout=10.0)
GOAL = 0.9


@functools.cache
def expected(corpus: str) -> dict[str, dict]:
    return json.loads((ROOT / "tests" / "corpus" / corpus / "expected.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    runs: dict[str, dict] = {}

    def run(corpus: str) -> dict:
        if corpus not in runs:
            folder = tmp_path_factory.mktemp(corpus)
            for file in expected(corpus):
                shutil.copyfile(ROOT / "tests" / "corpus" / corpus / file, folder / file)
            out = tmp_path_factory.mktemp(f"{corpus}_out")
            reports = grade_class(folder, out, assignment=CORPORA[corpus], limits=LIMITS)
            runs[corpus] = {r.student_id: r for r in reports}
        return runs[corpus]

    return run


def measure(corpus: str, reports: dict) -> dict[str, list]:
    """Per wrong function: named right, named wrong, missed; and false names elsewhere."""
    found: dict[str, list] = {"right": [], "wrong": [], "missed": [], "false": []}
    for file, entry in expected(corpus).items():
        report = reports[Path(file).stem]
        for fn in [*entry["full"], *entry["loses"]]:
            named = diagnoses(report, fn)
            want = entry["diagnosis"].get(fn)
            if want is None:
                if named:
                    found["false"].append((file, fn, named))
            elif named == [want]:
                found["right"].append((file, fn))
            elif named:
                found["wrong"].append((file, fn, named, want))
            else:
                found["missed"].append((file, fn, want))
    return found


def test_corpora_list_every_file_and_have_enough_of_them():
    for corpus in CORPORA:
        folder = ROOT / "tests" / "corpus" / corpus
        assert {p.name for p in folder.glob("*.py")} == set(expected(corpus))
        assert len(expected(corpus)) >= 30
        entries = expected(corpus).values()
        assert any(not e["loses"] for e in entries), "correct files"
        assert any(e["loses"] and not e["diagnosis"] for e in entries), "unrelated bugs"


@pytest.mark.parametrize("corpus", sorted(CORPORA))
def test_each_file_loses_exactly_its_wrong_functions(graded, corpus):
    reports = graded(corpus)
    for file, entry in expected(corpus).items():
        report = reports[Path(file).stem]
        assert report.status is Status.GRADED, (file, report.message)
        scores = function_scores(report)
        for fn in entry["full"]:
            assert scores[fn] == report.max_points[fn], (file, fn)
        for fn in entry["loses"]:
            assert scores[fn] < report.max_points[fn], (file, fn)


@pytest.mark.parametrize("corpus", sorted(CORPORA))
def test_nine_wrong_functions_in_ten_get_the_right_name_and_nothing_false(graded, corpus):
    found = measure(corpus, graded(corpus))
    nameable = len(found["right"]) + len(found["wrong"]) + len(found["missed"])
    share = len(found["right"]) / nameable
    print(f"{corpus}: {len(found['right'])}/{nameable} = {share:.0%} named right")
    assert found["false"] == [], "a name on correct code or on an unrelated bug"
    assert found["wrong"] == [], "a wrong name is worse than none"
    assert share >= GOAL, found["missed"]
