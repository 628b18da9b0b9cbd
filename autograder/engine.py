"""Grade a class: intake -> one pytest session over the hidden suite -> reports.

The pytest session runs in this (trusted) process; student code only ever runs in the
sandbox children that the ``student`` fixture starts. Each student's files are written
as soon as that student is done; grades.csv is written once at the end.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from autograder import intake
from autograder.assignment import Assignment, load_assignment
from autograder.cache import ResultCache, grader_fingerprint
from autograder.config import GradeConfig, Limits
from autograder.layouts import ClassDownload, read_class
from autograder.messages import DEFAULT
from autograder.model import (
    Check,
    Message,
    Outcome,
    Source,
    Status,
    Submission,
    SubmissionReport,
)
from autograder.parallel import run_workers
from autograder.sandbox import Zygotes
from autograder.scoring import max_points, result
from autograder.secret import CourseSecret
from autograder.secret import load as load_secret
from autograder.writers.report_writer import ReportWriter


def not_graded(
    student_id: str,
    checks: list[Check],
    assignment: Assignment,
    *,
    status: Status,
    reason: Message,
    origin: str = "",
) -> SubmissionReport:
    """A report for a submission none of whose checks ran: every check scores 0."""
    detail = DEFAULT.render(reason, "en")
    return SubmissionReport(
        student_id=student_id,
        status=status,
        functions=assignment.functions,
        results=tuple(result(c, Outcome.SKIPPED, reason, detail=detail) for c in checks),
        max_points=max_points(checks, assignment.functions),
        message=reason,
        origin=origin,
    )


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
def _no_autoload():
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

    from autograder.plugin import GradingPlugin

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
            pytest_args(assignment), plugins=[plugin, sys.modules["autograder.plugin"]]
        )
    if not checks:
        raise RuntimeError(f"the hidden suite could not be collected:\n{sink.getvalue()[-3000:]}")
    return checks, int(code)


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)


def grade_class(
    submissions: Path | ClassDownload | Sequence[Submission],
    out: Path,
    config: GradeConfig | None = None,
    *,
    progress: Callable[[SubmissionReport], None] | None = None,
    on_start: Callable[[int], None] | None = None,
    **settings: Any,
) -> list[SubmissionReport]:
    """Grade every submission in ``submissions`` (a class folder or a platform's .zip, read
    by :func:`layouts.read_class` under ``config.layout``; a download already read; or
    submissions already found, e.g. in an nbgrader course) and write all reports into
    ``out``. A download that cannot be read as a class raises ``layouts.LayoutError``.

    ``config`` (default: :class:`GradeConfig`'s defaults) says how; keyword ``settings``
    replace some of its fields (``limits=Limits(call_timeout=2.0), workers=1``).
    Unchanged submissions reuse their cached result (``out/.cache``) unless ``force``;
    ``only`` regrades just those students. ``workers`` defaults to the number of cores;
    ``dask`` (a scheduler address) grades on a Dask cluster instead.
    """
    config = dataclasses.replace(config or GradeConfig(), **settings)
    spec = load_assignment(config.assignment)
    # Made here on first use, never by a worker; workers read the same file.
    secret = load_secret(config.secret_file)
    config = dataclasses.replace(config, secret_file=str(secret.path))
    limits, lang = config.limits, config.lang
    if isinstance(submissions, Path):
        submissions = read_class(
            submissions, stem=spec.stem, assignment=spec.name, layout=config.layout
        )
    writer = ReportWriter(out, spec, lang=lang, templates=config.templates)
    if writer.templates.folder:  # workers start in the kit's folder: they get the full path
        config = dataclasses.replace(config, templates=str(writer.templates.folder))
    if isinstance(submissions, ClassDownload):
        writer.intake(submissions.summary())
        found = list(submissions.submissions)
    else:
        found = list(submissions)
    # who each one is (name, lateness, files left out): every report carries it
    identities = {sub.student_id: sub.identity for sub in found}
    # The secret's digest, never the secret: another secret means other hidden inputs.
    cache = ResultCache(out, grader_fingerprint(spec) + lang + secret.digest, limits)
    if on_start:
        on_start(len(found))
    # Only the cache key and the file name of each submission are kept here: the text is
    # read again when its turn comes (intake.LazySources), so memory does not grow with N.
    keys: dict[str, str] = {}
    origins: dict[str, str] = {}
    ungradable: dict[str, Message] = {}

    def on_report(report: SubmissionReport, *, fresh: bool = True, written: bool = False) -> None:
        identity = identities.get(report.student_id)
        if identity is not None and identity != report.identity:
            report = dataclasses.replace(report, identity=identity)
        key = keys.get(report.student_id)
        if fresh and key is not None and report.status is Status.GRADED:
            cache.put(key, report)
        writer(report, cached=written or not fresh)
        if progress:
            progress(report)

    waiting: dict[str, Submission] = {}
    for sub in found:
        student_id = sub.student_id
        try:
            source = intake.load(sub, stem=spec.stem, syntax=False)
        except intake.Ungradable as exc:
            ungradable[student_id] = exc.message
            continue
        keys[student_id] = cache.key(source, sub.identity)
        origins[student_id] = source.origin
        regrade = config.force or student_id in config.only
        cached = None if regrade else cache.get(student_id, keys[student_id])
        if cached is not None:
            on_report(cached, fresh=False)
            continue
        try:
            intake.check_syntax(source)
        except intake.Ungradable as exc:
            ungradable[student_id] = exc.message
            del keys[student_id]
            continue
        waiting[student_id] = sub
    todo = intake.LazySources(waiting, stem=spec.stem)
    count = min(config.workers or default_workers(), len(todo))
    if todo and (config.dask or count > 1):
        from autograder.plugin import load_probes

        load_probes(spec.suite)  # a broken probes.py warns here: workers' stderr is not shown
    if config.dask and todo:
        from autograder.distributed import run_dask

        checks, code = run_dask(spec, todo, config=config, on_report=on_report)
    elif count > 1:
        checks, code = run_workers(
            spec,
            todo,
            config=config,
            workers=count,
            on_report=lambda report: on_report(report, written=True),
            out=out,
        )
    elif todo:
        checks, code = run_suite(spec, todo, limits=limits, on_report=on_report, secret=secret)
    else:
        checks, code = [], 0
    if checks:
        cache.put_checks(checks)
    else:  # every submission came from the cache or was ungradable
        checks = (
            cache.get_checks()
            or run_suite(spec, {}, limits=limits, on_report=on_report, secret=secret)[0]
        )
    for student_id, reason in ungradable.items():
        # intake_failed: the kit's own bug while reading the file, not the student's fault
        status = Status.GRADER_ERROR if reason.key == "intake_failed" else Status.UNGRADABLE
        on_report(not_graded(student_id, checks, spec, status=status, reason=reason))
    for student_id, origin in origins.items():
        if student_id not in writer.reports:  # a worker or pytest stopped early: the kit's fault
            on_report(
                not_graded(
                    student_id,
                    checks,
                    spec,
                    status=Status.GRADER_ERROR,
                    reason=Message.of("grader_stopped", code=code),
                    origin=origin,
                )
            )
    reports = [writer.reports[k] for k in sorted(writer.reports)]
    writer.finish(reports)
    return reports
