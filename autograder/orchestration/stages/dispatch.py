"""Stage 3, dispatch: the submissions left to grade go to sandboxed sessions, in this
process (stages/suite.py), in local worker processes (parallel.py) or on a Dask cluster
(distributed.py), as the config says. A student's grade depends only on their code, so
where it is graded never changes a score."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path

from autograder.assignment import Assignment
from autograder.config import GradeConfig
from autograder.model import Check, Source, SubmissionReport
from autograder.orchestration.cache import ResultCache
from autograder.orchestration.parallel import run_workers
from autograder.orchestration.stages.suite import run_suite
from autograder.secret import CourseSecret

Report = Callable[[SubmissionReport], None]


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)


def dispatch(
    spec: Assignment,
    todo: Mapping[str, Source],
    *,
    config: GradeConfig,
    secret: CourseSecret,
    on_report: Report,
    on_written: Report,
    out: Path | None = None,
) -> tuple[list[Check], int]:
    """Grade ``todo``; returns the suite's checks ([] when nothing was graded) and the worst
    exit code (0 or 1 is normal; 3: a worker stopped early). Each report goes to
    ``on_report`` as its student is done, or to ``on_written`` when a local worker already
    wrote that student's files into ``out``. ``config.dask`` (a scheduler address) grades
    on that cluster; else ``config.workers`` processes (default: the number of cores), or
    this process when that is one."""
    count = min(config.workers or default_workers(), len(todo))
    if todo and (config.dask or count > 1):
        from autograder.orchestration.plugin import load_probes

        load_probes(spec.suite)  # a broken probes.py warns here: workers' stderr is not shown
    if config.dask and todo:
        from autograder.orchestration.distributed import run_dask

        return run_dask(spec, todo, config=config, on_report=on_report)
    if count > 1:
        return run_workers(spec, todo, config=config, workers=count, on_report=on_written, out=out)
    if todo:
        return run_suite(spec, todo, limits=config.limits, on_report=on_report, secret=secret)
    return [], 0


def suite_checks(
    found: list[Check],
    *,
    spec: Assignment,
    cache: ResultCache,
    config: GradeConfig,
    secret: CourseSecret,
    on_report: Report,
) -> list[Check]:
    """The suite's checks: those the run ``found`` (kept in the cache for the next run),
    else, when every submission came from the cache or was ungradable, the cached ones, or
    those of a session over no student."""
    if found:
        cache.put_checks(found)
        return found
    return (
        cache.get_checks()
        or run_suite(spec, {}, limits=config.limits, on_report=on_report, secret=secret)[0]
    )
