"""The submission's time budget (--submission-timeout) counts every second a submission
costs: loads, reloads, the plots' calls and the checks. A submission that swallows the
load's soft stop and crashes each plot call just before the call limit once held the
grader ~59 s against a 10 s budget; now it is stopped at the budget, and an honest student
in the same run keeps full marks."""

from __future__ import annotations

import time

import pytest

from autograder.model import Outcome
from autograder.orchestration.engine import grade_class
from autograder.sandbox import Limits
from autograder.scoring.points import total
from tests.conftest import REFERENCE, suite_total

pytestmark = pytest.mark.slow  # a 10 s budget spent on purpose

LIMITS = Limits(call_timeout=2.0, load_timeout=4.0, submission_timeout=10.0)

# Top-level code that swallows the soft stop (at 60% of the load limit) and ends just before
# the limit; every call but the plots' first (n_iters = 0, answered right so that the plots
# go on) sleeps to just before the call limit and then kills its own process, so each next
# call needs a reload.
STRETCHER = """
import os
import time


def _stall(seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            time.sleep(max(end - time.monotonic(), 0))
        except BaseException:
            pass


_stall(3.7)


def _crash():
    _stall(1.8)
    os._exit(3)


def mse(y, y_pred):
    _crash()


def partial_w0(w0, w1, x, y):
    _crash()


def partial_w1(w0, w1, x, y):
    _crash()


def gradient_descent(x, y, alpha=0.01, n_iters=1000, w0=0.0, w1=0.0):
    if n_iters == 0:
        return w0, w1
    _crash()
"""


def test_no_submission_holds_the_grader_past_its_budget(make_class):
    folder = make_class(
        {"a_stretcher.py": STRETCHER, "b_honest.py": REFERENCE.read_text(encoding="utf-8")}
    )
    finished: dict[str, float] = {}
    began = time.monotonic()
    reports = grade_class(
        folder,
        folder.parent / "out",
        workers=1,
        limits=LIMITS,
        progress=lambda r: finished.setdefault(r.student_id, time.monotonic() - began),
    )
    by_id = {r.student_id: r for r in reports}
    stretcher, honest = by_id["a_stretcher"], by_id["b_honest"]

    # The grader's own accounting: every second charged, none past the budget (a kill and a
    # reap may follow the deadline), far below the bound of budget + one load limit.
    assert stretcher.seconds is not None
    assert 9.0 <= stretcher.seconds <= LIMITS.submission_timeout + 0.5
    # The wall clock agrees (a bound, with room for pytest's and the sandbox's start-up).
    bound = LIMITS.submission_timeout + LIMITS.load_timeout
    assert finished["a_stretcher"] < bound + 8.0, finished

    # The checks left when the budget ran out score 0 and say why.
    stopped = [r for r in stretcher.results if r.message and r.message.key == "budget_used"]
    assert stopped and all(r.score == 0 for r in stopped)
    assert all(r.outcome in (Outcome.SKIPPED, Outcome.TIMEOUT) for r in stopped)
    assert total(stretcher) == 0

    # Graded in the same run, after it: full marks.
    assert total(honest) == suite_total("gradient_descent")
    assert honest.seconds is not None and honest.seconds < LIMITS.submission_timeout
