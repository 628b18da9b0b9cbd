"""One in-process pytest session over the hidden suite for a part of the class.

The pytest session runs in this (trusted) process; student code only ever runs in the
sandbox children that the ``student`` fixture starts. The grading worker (worker.py) and the
in-process dispatch (stages/dispatch.py) both grade through :func:`run_suite`."""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Callable, Iterator, Mapping

from autograder.assignment import Assignment
from autograder.config import Limits
from autograder.intake import submission as intake
from autograder.model import Check, Source, SubmissionReport
from autograder.sandbox import Zygotes
from autograder.secret import CourseSecret
from autograder.secret import load as load_secret

# pytest's built-in plugins that a grading session has no use for. Most wrap every phase
# of every check (log capture, warnings capture, unraisable and thread exception hooks),
# which is a good part of pytest's cost per check: student code never runs in this
# process, and the checks report through the kit's own plugin.
UNUSED_PLUGINS = (
    "cacheprovider",
    "terminal",
    "stepwise",
    "logging",
    "warnings",
    "unraisableexception",
    "threadexception",
    "faulthandler",
    "junitxml",
    "pastebin",
    "doctest",
    "setuponly",
    "setupplan",
    "debugging",
)


def pytest_args(assignment: Assignment) -> list[str]:
    suite_files = sorted(str(p) for p in assignment.suite.glob("test_*.py"))
    return [
        "-c",
        os.devnull,
        "--rootdir",
        str(assignment.suite),
        *(arg for name in UNUSED_PLUGINS for arg in ("-p", f"no:{name}")),
        "--capture=no",
        "--assert=plain",  # the checks raise their own errors; rewriting costs ~0.6 s a session
        "--import-mode=importlib",
        *suite_files,
    ]


def run_suite(
    assignment: Assignment,
    sources: Mapping[str, Source],
    *,
    limits: Limits,
    on_report: Callable[[SubmissionReport], None],
    session_class: type | None = None,
    chunk: int = 100,
    secret: CourseSecret | None = None,
) -> tuple[list[Check], int]:
    """Run the hidden suite over ``sources``; returns the checks and pytest's worst exit code.

    Students go through pytest ``chunk`` at a time, one session each, sharing the sandbox's
    zygotes: pytest collects every item of a session up front (checks × students), so
    memory stays flat however large the class; with :class:`intake.LazySources` only the
    session's own files are read. A file that can no longer be read (changed since the
    class was taken in) is left out: the caller reports every student it got no report
    for. ``session_class`` replaces the sandbox session (only the benchmark's in-process
    floor does this). ``secret`` keys the hidden checks' inputs (default: the course secret
    of autograder/secret.py, made on first use)."""
    secret = secret or load_secret()
    ids = sorted(sources)
    checks: list[Check] = []
    worst = 0
    with Zygotes() as zygotes:
        for start in range(0, max(len(ids), 1), chunk):
            part: dict[str, Source] = {}
            for student_id in ids[start : start + chunk]:
                with contextlib.suppress(intake.Ungradable):
                    part[student_id] = sources[student_id]
            found, code = _run_session(
                assignment, part, limits, on_report, session_class, zygotes, secret
            )
            checks = checks or found
            worst = max(worst, code)
    return checks, worst


@contextlib.contextmanager
def _no_autoload() -> Iterator[None]:
    """Grading sessions load only the kit's plugin: no third-party pytest plugin that
    happens to be installed (dask's, nbgrader's, …) can change a grade, and loading their
    entry points cost ~0.7 s per session."""
    before = os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD")
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("PYTEST_DISABLE_PLUGIN_AUTOLOAD", None)
        else:
            os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = before


def _run_session(assignment, sources, limits, on_report, session_class, zygotes, secret):
    import pytest  # here, not at the top: a fully cached re-run never needs pytest

    from autograder.orchestration.plugin import GradingPlugin

    checks: list[Check] = []
    plugin = GradingPlugin(
        sources,
        functions=assignment.functions,
        reference=assignment.reference,
        substitute=assignment.substitute,
        substitute_source=assignment.substitute_source(),
        limits=limits,
        on_report=on_report,
        on_checks=lambda found: checks.extend(found),
        suite=assignment.suite,
        data_files=assignment.data_files(),
        zygotes=zygotes,
        secret=secret,
        assignment=assignment.name,
    )
    if session_class is not None:
        plugin.session_class = session_class
    sink = io.StringIO()
    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink), _no_autoload():
        code = pytest.main(
            pytest_args(assignment),
            plugins=[plugin, sys.modules["autograder.orchestration.plugin"]],
        )
    if not checks:
        raise RuntimeError(f"the hidden suite could not be collected:\n{sink.getvalue()[-3000:]}")
    return checks, int(code)
