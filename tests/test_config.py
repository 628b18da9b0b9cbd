"""One typed config (issue 13): every GradeConfig field is a `grade` option and every
option a field, each default is declared once, and the sandbox's child, which cannot
import the kit, falls back to the very same limits."""

from __future__ import annotations

import argparse
import dataclasses
import json
import re

import pytest

from autograder import config
from autograder.cli import build_parser
from autograder.config import GradeConfig, Limits
from autograder.model import Check, Source, Status, SubmissionReport
from autograder.orchestration.jobs import Results, done_line, job_for, read_job, report_line
from autograder.sandbox import runner
from tests.conftest import ROOT

# The grade command's own options, which say where the class is and where its files go
# (and how much to print), not how it is graded.
CLI_ONLY = {"help", "submissions", "nbgrader_course", "out", "quiet"}
# Config fields with no option, on purpose.
NO_OPTION = {"limits.max_timeouts_per_function"}


def grade_parser() -> argparse.ArgumentParser:
    commands = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return commands.choices["grade"]


def test_every_field_has_an_option_and_every_option_a_field():
    fields = {path for path, _field, _kind in config.options()}
    with_option = fields - NO_OPTION
    assert NO_OPTION <= fields
    dests = {a.dest for a in grade_parser()._actions}
    assert {p.replace(".", "__") for p in with_option} == dests - CLI_ONLY
    assert CLI_ONLY <= dests
    # one level of nesting keeps it readable (the tenth field: --templates, issue 19)
    assert len(dataclasses.fields(GradeConfig)) <= 10


def test_every_option_shows_its_fields_help_and_default():
    actions = {a.dest: a for a in grade_parser()._actions}
    for path, field, _kind in config.options():
        if path in NO_OPTION:
            continue
        action = actions[path.replace(".", "__")]
        assert action.option_strings == [field.metadata["flag"]]
        if field.metadata["help"]:
            assert field.metadata["help"].replace("%", "%%") in action.help
    help_text = grade_parser().format_help()
    assert "seconds per function call (default: 5.0)" in help_text
    assert f"at {config.SOFT_LOAD_SHARE:.0%} of it" in help_text
    assert "grading processes (default: the number of cores)" in help_text


def test_the_parsers_defaults_are_the_configs():
    args = build_parser().parse_args(["grade", "class", "--out", "out"])
    assert config.from_args(args) == GradeConfig()


def test_options_reach_the_config():
    argv = (
        "grade class --out o --timeout 2 --memory-mb 512 --lang en --workers 3 --force "
        "--student a --student b --dask tcp://h:1 --assignment backprop --output-chars 10"
    )
    args = build_parser().parse_args(argv.split())
    assert config.from_args(args) == GradeConfig(
        assignment="backprop",
        lang="en",
        limits=Limits(call_timeout=2.0, memory_mb=512, output_chars=10),
        workers=3,
        dask="tcp://h:1",
        force=True,
        only=("a", "b"),
    )


def test_the_childs_fallback_limits_are_the_configs_defaults():
    """runner.py cannot import the kit: its copy of the defaults is checked here."""
    assert runner.DEFAULT_LIMITS == Limits().as_wire()
    assert runner.OUTPUT_LIMIT == Limits().output_chars
    assert runner.BoundedWriter().limit == Limits().output_chars


def test_the_readme_limits_table_shows_the_defaults():
    flags = {
        f.metadata["flag"]: f.default
        for _path, f, _kind in config.options()
        if f.metadata.get("flag")
    }
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| [^|]+ \| (\d+)[^|]* \| `(--[a-z-]+)` \|$", readme, re.M)
    assert len(rows) == len(dataclasses.fields(Limits)) - 1  # all but max_timeouts
    for number, flag in rows:
        assert float(number) == flags[flag], flag


def test_the_config_travels_as_plain_json():
    settings = GradeConfig(lang="en", limits=Limits(call_timeout=1.5), workers=2, only=("x",))
    text = json.dumps(settings.to_dict())
    assert GradeConfig.from_dict(json.loads(text)) == settings
    assert GradeConfig.from_dict({}) == GradeConfig()
    with pytest.raises(TypeError):
        GradeConfig.from_dict({"nope": 1})
    with pytest.raises(TypeError):
        GradeConfig.from_dict({"limits": {"call_timeout": "5"}})
    with pytest.raises(TypeError):
        GradeConfig(workers=True)
    assert GradeConfig(only=["a"]).only == ("a",)


def test_a_job_and_a_workers_lines_read_back():
    spec = type("Spec", (), {"name": "backprop"})()
    source = Source(("def mse(y, p):\n", "    return 0\n"), "a.py", "py")
    settings = GradeConfig(lang="en", limits=Limits(call_timeout=1.0), workers=4)
    job = read_job(job_for(spec, {"a": source}, settings, out=ROOT / "x"))
    assert job.config == dataclasses.replace(settings, assignment="backprop")
    assert job.out == ROOT / "x" and job.found is None
    assert job.sources("stem") == {"a": source}
    bare = read_job(job_for(spec, {}, Limits(call_timeout=2.0)))
    assert bare.config == GradeConfig(assignment="backprop", limits=Limits(call_timeout=2.0))
    assert bare.out is None

    got: list[SubmissionReport] = []
    results = Results(got.append)
    report = SubmissionReport(student_id="a", status=Status.GRADED, functions=("mse",))
    check = Check("test_mse", "mse", 5.0)
    assert results.feed(report_line(report).encode()) is False
    assert results.feed(b"") is False
    assert results.feed(done_line([check], 1)) is True
    assert got == [report] and results.checks == [check] and results.code == 1
    results.feed('{"report": {"stud')  # a worker cut off mid-line
    assert results.code == 3
