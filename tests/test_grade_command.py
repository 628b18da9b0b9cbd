"""`grade` as a library function (grade_command.py): keyword options, the grading settings
as one GradeConfig, and the CLI only parsing into them."""

from __future__ import annotations

import inspect

import pytest

from autograder import cli
from autograder.config import GradeConfig, Limits
from autograder.grade_command import grade_command
from tests.conftest import CORPUS, REFERENCE


def test_options_are_keywords_with_their_defaults_in_the_signature():
    params = inspect.signature(grade_command).parameters
    options = [p for name, p in params.items() if name != "submissions"]
    assert all(p.kind is p.KEYWORD_ONLY for p in options)
    assert {n: p.default for n, p in params.items() if p.default is not p.empty} == {
        "submissions": None,
        "nbgrader_course": None,
        "config": None,  # GradeConfig's own defaults
        "quiet": False,
    }


def test_the_cli_passes_only_what_was_given_and_the_config_as_one_object(monkeypatch, tmp_path):
    seen = {}

    def fake(submissions=None, *, out, nbgrader_course=None, config=None, quiet=False):
        seen.update(submissions=submissions, out=out, course=nbgrader_course, quiet=quiet)
        seen["config"] = config
        return 7

    import autograder.grade_command

    monkeypatch.setattr(autograder.grade_command, "grade_command", fake)
    assert cli.main(["grade", "--out", str(tmp_path), "--timeout", "2", "--workers", "1"]) == 7
    assert seen["submissions"] is None and seen["course"] is None and seen["quiet"] is False
    assert seen["config"] == GradeConfig(limits=Limits(call_timeout=2.0), workers=1)
    cli.main(["grade", str(tmp_path), "--out", str(tmp_path), "--quiet", "--student", "a"])
    assert seen["submissions"] == tmp_path and seen["quiet"] is True
    assert seen["config"].only == ("a",)


def test_grade_command_grades_a_class_and_says_what_it_wrote(make_class, tmp_path, capsys):
    folder = make_class(
        {"ref.py": REFERENCE.read_text(), "sum.py": (CORPUS / "mistake_mse_sum.py").read_text()}
    )
    config = GradeConfig(workers=1, limits=Limits(call_timeout=2.0), lang="en")
    assert grade_command(folder, out=tmp_path / "out", config=config, quiet=True) == 0
    printed = capsys.readouterr().out
    assert "plain" in printed and f"Wrote {tmp_path / 'out' / 'grades.csv'}" in printed
    rows = (tmp_path / "out" / "grades.csv").read_text(encoding="utf-8").splitlines()
    assert [r.split(",")[0] for r in rows[1:]] == ["ref", "sum"]


@pytest.mark.parametrize("where", ["nope", None])
def test_no_class_is_a_clear_error_and_nothing_is_graded(tmp_path, capsys, where):
    missing = tmp_path / where if where else None
    assert grade_command(missing, out=tmp_path / "out") == 2
    assert "no such folder or .zip" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
    assert grade_command(out=tmp_path / "out", nbgrader_course=tmp_path) == 2
    assert "has no submitted/ folder" in capsys.readouterr().err
