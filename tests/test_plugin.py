"""The grading plugin itself, run by pytest's own ``pytester`` as pytest-timeout tests its
plugin: a tiny suite and reference written per test, a real sandboxed session per student,
and the SubmissionReports the plugin hands on checked check by check."""

from __future__ import annotations

import sys
import textwrap

import pytest

import autograder.orchestration.plugin
from autograder.model import Outcome, Source, Status, SubmissionReport
from autograder.orchestration.plugin import GradingPlugin
from autograder.sandbox import Limits
from autograder.scoring.points import function_scores, max_total, total

pytest_plugins = ["pytester"]

REFERENCE = """
def double(x):
    return 2 * x

def half(x):
    return x / 2
"""

SUITE = """
import pytest
from autograder.checks import expectations as expect

pytestmark = pytest.mark.target("double")


@pytest.mark.points(3)
@pytest.mark.public
def test_double_two(student, ref):
    \"\"\"two doubled\"\"\"
    wanted = expect.scalar()
    expect.compare(wanted, "double", student.call("double", 2.0).scalar(), ref.double(2.0))


@pytest.mark.points(5)
def test_double_hidden(student, ref):
    wanted = expect.scalar(rtol=1e-3)
    expect.compare(wanted, "double", student.call("double", 7.5).scalar(), ref.double(7.5))


def test_double_default_points(student, ref):
    wanted = expect.scalar()
    expect.compare(wanted, "double", student.call("double", -1.0).scalar(), ref.double(-1.0))
"""

HALF_SUITE = """
import pytest
from autograder.checks import expectations as expect


@pytest.mark.points(4)
@pytest.mark.target("half")
def test_half(student, ref):
    wanted = expect.scalar()
    expect.compare(wanted, "half", student.call("half", 9.0).scalar(), ref.half(9.0))
"""

RIGHT = "def double(x):\n    return x + x\n\ndef half(x):\n    return x * 0.5\n"
WRONG = "def double(x):\n    return 3 * x\n\ndef half(x):\n    raise ValueError('no')\n"


def _source(text: str, student_id: str) -> Source:
    return Source((text,), f"{student_id}/tiny.py", "py")


def grade(
    pytester: pytest.Pytester,
    suites: dict[str, str],
    students: dict[str, str],
    *,
    functions: tuple[str, ...] = ("double", "half"),
) -> tuple[pytest.RunResult, dict[str, SubmissionReport]]:
    """Run ``suites`` (file name -> text) over ``students`` (id -> code) with the plugin."""
    reference = pytester.path / "reference.py"
    reference.write_text(REFERENCE, encoding="utf-8")
    for name, text in suites.items():
        (pytester.path / name).write_text(textwrap.dedent(text), encoding="utf-8")
    reports: dict[str, SubmissionReport] = {}
    plugin = GradingPlugin(
        {sid: _source(code, sid) for sid, code in students.items()},
        functions=functions,
        reference=reference,
        substitute={},
        substitute_source="",
        limits=Limits(call_timeout=3.0, load_timeout=5.0, submission_timeout=30.0),
        on_report=lambda report: reports.setdefault(report.student_id, report),
    )
    run = pytester.runpytest_inprocess(
        "-p",
        "no:cacheprovider",
        "--import-mode=importlib",
        *suites,
        plugins=[plugin, sys.modules["autograder.orchestration.plugin"]],
    )
    return run, reports


def by_name(report: SubmissionReport) -> dict[str, tuple[Outcome, float]]:
    return {r.check.name: (r.outcome, r.score) for r in report.results}


def test_markers_give_points_target_and_visibility(pytester: pytest.Pytester) -> None:
    run, reports = grade(pytester, {"test_double.py": SUITE}, {"kim": RIGHT})
    assert run.ret == 0
    report = reports["kim"]
    checks = {r.check.name: r.check for r in report.results}
    assert {name: c.points for name, c in checks.items()} == {
        "test_double_two": 3.0,
        "test_double_hidden": 5.0,
        "test_double_default_points": 1.0,  # no points marker: 1
    }
    assert {c.function for c in checks.values()} == {"double"}
    assert checks["test_double_two"].hidden is False  # @pytest.mark.public
    assert checks["test_double_hidden"].hidden is True
    assert checks["test_double_two"].description == "two doubled"  # the docstring
    assert report.status is Status.GRADED
    assert function_scores(report) == {"double": 9.0, "half": 0.0}
    # a function no check targets is in the report with a maximum of 0, not missing
    assert report.max_points == {"double": 9.0, "half": 0.0}


def test_each_student_gets_their_own_outcomes(pytester: pytest.Pytester) -> None:
    suites = {"test_double.py": SUITE, "test_half.py": HALF_SUITE}
    _, reports = grade(pytester, suites, {"kim": RIGHT, "lee": WRONG})
    assert sorted(reports) == ["kim", "lee"]
    assert total(reports["kim"]) == max_total(reports["kim"]) == 13.0
    lee = by_name(reports["lee"])
    assert lee["test_double_two"] == (Outcome.WRONG, 0.0)
    assert lee["test_double_hidden"] == (Outcome.WRONG, 0.0)
    assert lee["test_half"] == (Outcome.RAISED, 0.0)
    assert function_scores(reports["lee"]) == {"double": 0.0, "half": 0.0}
    assert max_total(reports["lee"]) == 13.0
    # the public wrong answer says what it got and expected; the hidden one says nothing of it
    public = next(r for r in reports["lee"].results if r.check.name == "test_double_two")
    hidden = next(r for r in reports["lee"].results if r.check.name == "test_double_hidden")
    assert public.message is not None and public.message.key == "public_wrong"
    assert "6" in public.detail and "4" in public.detail  # got 3 * 2, expected 2 * 2
    assert hidden.shown is None and hidden.output == "" and hidden.trace == ""
    assert "22.5" in hidden.detail  # 3 * 7.5 is kept for the instructor only


def test_a_target_outside_the_functions_stops_collection(pytester: pytest.Pytester) -> None:
    bad = SUITE.replace('target("double")', 'target("triple")')
    run, reports = grade(pytester, {"test_double.py": bad}, {"kim": RIGHT})
    assert run.ret == pytest.ExitCode.USAGE_ERROR
    assert "target must be one of" in "\n".join(run.errlines + run.outlines)
    assert reports == {}


def test_two_checks_with_one_name_and_other_points_are_refused(pytester: pytest.Pytester) -> None:
    clash = """
    import pytest

    @pytest.mark.target("half")
    @pytest.mark.parametrize("x", [1.0, pytest.param(2.0, marks=pytest.mark.points(9))])
    def test_half(student, ref, x):
        pass
    """
    run, _ = grade(pytester, {"test_clash.py": clash}, {"kim": RIGHT})
    assert run.ret == pytest.ExitCode.USAGE_ERROR
    assert "another check is named 'test_half'" in "\n".join(run.errlines + run.outlines)


def test_only_a_hidden_check_may_draw_inputs_from_the_course_secret(
    pytester: pytest.Pytester,
) -> None:
    seeded = """
    import pytest

    @pytest.mark.target("double")
    @pytest.mark.public
    def test_double_public_seeded(student, ref, seed):
        pass
    """
    run, reports = grade(pytester, {"test_seeded.py": seeded}, {"kim": RIGHT})
    assert run.ret == pytest.ExitCode.USAGE_ERROR
    assert "a public check keeps fixed inputs" in "\n".join(run.errlines + run.outlines)
    assert reports == {}


def test_a_points_marker_that_is_not_a_number_is_a_usage_error(pytester: pytest.Pytester) -> None:
    bad = SUITE.replace("points(5)", 'points("five")')
    run, reports = grade(pytester, {"test_double.py": bad}, {"kim": RIGHT})
    assert run.ret == pytest.ExitCode.USAGE_ERROR
    assert "points" in "\n".join(run.errlines + run.outlines)
    assert reports == {}


def test_skips_and_errors_score_zero_and_stay_in_the_maximum(pytester: pytest.Pytester) -> None:
    suite = """
    import pytest

    pytestmark = pytest.mark.target("half")


    @pytest.mark.points(2)
    def test_skipped(student, ref):
        pytest.skip("not today")


    @pytest.mark.points(3)
    def test_grader_bug(student, ref):
        raise KeyError("the suite's own mistake")


    @pytest.fixture
    def broken():
        raise RuntimeError("fixture broke")


    @pytest.mark.points(4)
    def test_setup_fails(student, ref, broken):
        pass


    @pytest.mark.points(1)
    def test_passes(student, ref):
        assert student.call("half", 4.0).scalar() == 2.0
    """
    _, reports = grade(pytester, {"test_half.py": suite}, {"kim": RIGHT})
    report = reports["kim"]
    outcomes = by_name(report)
    assert outcomes == {
        "test_skipped": (Outcome.SKIPPED, 0.0),
        "test_grader_bug": (Outcome.GRADER_ERROR, 0.0),
        "test_setup_fails": (Outcome.GRADER_ERROR, 0.0),
        "test_passes": (Outcome.PASSED, 1.0),
    }
    assert report.max_points["half"] == 10.0  # nothing vanished from the maximum
    assert total(report) == 1.0
    assert report.status is Status.GRADER_ERROR  # the suite's own error is the kit's fault


def test_state_lives_in_the_config_stash_not_in_module_globals(
    pytester: pytest.Pytester,
) -> None:
    before = {
        k: v for k, v in vars(autograder.orchestration.plugin).items() if not k.startswith("__")
    }
    grade(pytester, {"test_double.py": SUITE}, {"kim": RIGHT})
    _, again = grade(pytester, {"test_double.py": SUITE}, {"lee": WRONG})
    after = {
        k: v for k, v in vars(autograder.orchestration.plugin).items() if not k.startswith("__")
    }
    assert before.keys() == after.keys()
    assert all(before[k] is after[k] for k in before)
    assert sorted(again) == ["lee"]  # nothing of the first run's class leaked into the second


def test_a_student_that_defines_nothing_scores_zero_with_a_report(
    pytester: pytest.Pytester,
) -> None:
    _, reports = grade(pytester, {"test_half.py": HALF_SUITE}, {"kim": "x = 1\n"})
    assert by_name(reports["kim"]) == {"test_half": (Outcome.MISSING, 0.0)}
    assert reports["kim"].max_points["half"] == 4.0


@pytest.mark.parametrize("points", ["-2", "float('nan')", "True"])
def test_points_must_be_a_finite_number_of_at_least_zero(
    pytester: pytest.Pytester, points: str
) -> None:
    bad = SUITE.replace("points(5)", f"points({points})")
    run, reports = grade(pytester, {"test_double.py": bad}, {"kim": RIGHT})
    assert run.ret == pytest.ExitCode.USAGE_ERROR
    assert "test_double_hidden" in "\n".join(run.errlines + run.outlines)
    assert reports == {}
