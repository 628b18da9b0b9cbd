"""Report formats are pinned by golden files (tests/golden/). Regenerate deliberately with
UPDATE_GOLDEN=1 and review the diff."""

from __future__ import annotations

import json
import os

import pytest

from autograder.model import Check, Outcome, Status, SubmissionReport
from autograder.scoring import max_points, result
from autograder.writers.report_text import csv_cell, feedback_md, grades_csv, results_json
from tests.conftest import ROOT

GOLDEN = ROOT / "tests" / "golden"
FUNCS = ("mse", "gradient_descent")
C1 = Check("test_mse_random", "mse", 5, description="무작위 데이터 / random data")
C2 = Check("test_mse_public", "mse", 5, hidden=False, description="공개 예제 / public example")
C3 = Check("test_gd_one_step", "gradient_descent", 10, description="한 번 갱신 / one update")


def sample_reports() -> list[SubmissionReport]:
    mx = max_points([C1, C2, C3], FUNCS)
    return [
        SubmissionReport(
            "kim",
            Status.GRADED,
            FUNCS,
            (
                result(C1, Outcome.WRONG, "", detail="mse: got 3 / expected 1.5"),
                result(C2, Outcome.WRONG, "mse: got 2 / expected 1"),
                result(C3, Outcome.PASSED),
            ),
            mx,
            origin="kim/gradient_descent.py",
        ),
        SubmissionReport(
            "=cmd|'/c calc'!A1",
            Status.GRADED,
            FUNCS,
            (
                result(C1, Outcome.PASSED),
                result(C2, Outcome.PASSED),
                result(
                    C3,
                    Outcome.TIMEOUT,
                    "gradient_descent did not return within 5 s",
                    output="step 1\nstep 2",
                ),
            ),
            mx,
        ),
        SubmissionReport(
            "lee",
            Status.UNGRADABLE,
            FUNCS,
            tuple(
                result(c, Outcome.SKIPPED, "syntax error in lee.py, line 3: expected ':'")
                for c in (C1, C2, C3)
            ),
            mx,
            message="syntax error in lee.py, line 3: expected ':'",
        ),
    ]


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} changed; see {path}"


def test_grades_csv_is_stable():
    golden("grades.csv", grades_csv(sample_reports(), FUNCS))


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_feedback_is_stable(lang):
    text = "\n---\n".join(feedback_md(r, title="경사 하강법", lang=lang) for r in sample_reports())
    golden(f"feedback.{lang}.md", text)


def test_results_json_is_stable_and_follows_gradescope_schema():
    docs = [json.loads(results_json(r, lang="en")) for r in sample_reports()]
    golden("results.json", json.dumps(docs, ensure_ascii=False, indent=2) + "\n")
    for doc in docs:
        assert isinstance(doc["score"], (int, float))
        for test in doc["tests"]:
            assert {"name", "score", "max_score", "status", "output", "visibility"} <= set(test)
            assert test["status"] in {"passed", "failed"}
            assert test["visibility"] in {"hidden", "after_due_date", "after_published", "visible"}
            assert test["output_format"] in {"text", "html", "simple_format", "md", "ansi"}


def test_hidden_expected_values_never_reach_the_student():
    kim = sample_reports()[0]
    for text in (results_json(kim, lang="ko"), feedback_md(kim, title="t", lang="ko")):
        assert "expected 1.5" not in text  # hidden check: only a hint
        assert "expected 1" in text  # the public check shows got / expected


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx"])
def test_csv_cells_cannot_start_a_formula(cell):
    assert csv_cell(cell).startswith("'")
    assert csv_cell("kim") == "kim"
