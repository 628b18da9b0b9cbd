"""The grading policy "after two timeouts, skip the function's remaining checks"
(autograder/checks/timeout_policy.py): the rule alone, from counts, without running code; then
the sandbox session asking it, and a graded class where it skips a hanging function."""

from __future__ import annotations

import pytest

from autograder.checks.timeout_policy import SkipAfterTimeouts
from autograder.config import Limits
from autograder.errors import NotRun, StudentTimeout
from autograder.model import Outcome, Source
from tests.conftest import REFERENCE


def test_a_function_is_refused_after_its_second_timeout_and_no_other_is():
    policy = SkipAfterTimeouts(Limits().max_timeouts_per_function)
    assert policy.limit == 2  # the README and the nbgrader helpers promise two
    assert policy.refusal("mse") is None
    policy.timed_out("mse")
    assert policy.refusal("mse") is None  # one timeout: the next check still runs
    policy.timed_out("mse")
    refused = policy.refusal("mse")
    assert refused is not None and refused.key == "timed_out_before"
    assert refused.args() == {"fn": "mse", "count": "2"}
    assert policy.refusal("partial_w0") is None  # per function
    policy.timed_out("mse")  # a third report (a call already running) counts too
    assert policy.refusal("mse").args()["count"] == "3"


def test_the_limit_is_the_configured_one():
    policy = SkipAfterTimeouts(1)
    policy.timed_out("f")
    assert policy.refusal("f") is not None
    assert SkipAfterTimeouts(0).refusal("f").args() == {"fn": "f", "count": "0"}


class Recording:
    """A policy that refuses what it is told to and notes what the session reports."""

    def __init__(self, refuse: set[str]) -> None:
        self.refuse, self.reported = refuse, []

    def refusal(self, fn):
        return SkipAfterTimeouts(0).refusal(fn) if fn in self.refuse else None

    def timed_out(self, fn):
        self.reported.append(fn)


@pytest.mark.slow
def test_the_session_asks_the_policy_and_reports_graded_timeouts_only():
    from autograder.sandbox import StudentSession, Zygote

    code = "import time\ndef hang():\n    time.sleep(60)\ndef no():\n    return 1.0\n"
    policy = Recording({"no"})
    limits = Limits(call_timeout=0.5, load_timeout=5.0)
    with (
        Zygote() as zygote,
        StudentSession(
            Source((code,), "t.py", "py"), zygote=zygote, limits=limits, policy=policy
        ) as s,
    ):
        with pytest.raises(NotRun, match="already timed out"):
            s.no()  # refused before anything runs
        with pytest.raises(StudentTimeout):
            s.hang()
        assert policy.reported == ["hang"]
        with pytest.raises(StudentTimeout):
            s.call_own("hang")  # the plots' calls are not graded: not reported
        assert policy.reported == ["hang"]
    with (
        Zygote() as zygote,
        StudentSession(Source((code,), "t.py", "py"), zygote=zygote, limits=limits) as s,
    ):
        for _ in range(3):  # no policy: every call runs (and times out)
            with pytest.raises(StudentTimeout):
                s.hang()


@pytest.mark.slow  # two call limits spent on purpose
def test_grading_skips_a_hanging_functions_checks_after_two_timeouts():
    from autograder.assignment import load_assignment
    from autograder.orchestration.stages.suite import run_suite

    spec = load_assignment("gradient_descent")
    code = REFERENCE.read_text(encoding="utf-8") + (
        "\n\ndef partial_w0(w0, w1, x, y):\n    while True:\n        pass\n"
    )
    reports = []
    run_suite(
        spec,
        {"hang": Source((code,), "hang.py", "py")},
        limits=Limits(call_timeout=0.5, load_timeout=5.0),
        on_report=reports.append,
    )
    (report,) = reports
    hanging = [r for r in report.results if r.check.function == "partial_w0"]
    assert [r.outcome for r in hanging[:2]] == [Outcome.TIMEOUT, Outcome.TIMEOUT]
    assert len(hanging) > 2
    assert all(r.outcome is Outcome.SKIPPED for r in hanging[2:])
    # the instructor's detail says why (a hidden check shows the student only "not run")
    assert {r.detail for r in hanging[2:]} == {"Not run: partial_w0 already timed out 2 times."}
    others = [r for r in report.results if r.check.function != "partial_w0"]
    assert others and all(r.outcome is Outcome.PASSED for r in others)
