"""Grade a class: its stages (autograder/orchestration/stages/), called in order.

intake -> cache lookup -> dispatch to sandboxed sessions -> scoring of the ungraded ->
writers. Each student's files are written as soon as that student is done; grades.csv is
written once at the end."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from autograder.assignment import load_assignment
from autograder.config import GradeConfig
from autograder.intake.layouts import ClassDownload
from autograder.intake.submission import LazySources
from autograder.model import Submission, SubmissionReport
from autograder.orchestration.stages.collect import Collector
from autograder.orchestration.stages.dispatch import dispatch, suite_checks
from autograder.orchestration.stages.lookup import look_up, open_cache
from autograder.orchestration.stages.receive import read_each, receive
from autograder.orchestration.stages.score import unfinished
from autograder.secret import load as load_secret
from autograder.writers.run_files import ReportWriter


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

    received = receive(submissions, stem=spec.stem, assignment=spec.name, layout=config.layout)
    writer = ReportWriter(out, spec, lang=config.lang, templates=config.templates)
    if writer.templates.folder:  # workers start in the kit's folder: they get the full path
        config = dataclasses.replace(config, templates=str(writer.templates.folder))
    if received.summary is not None:
        writer.intake(received.summary)
    cache = open_cache(
        out, spec, lang=config.lang, secret_digest=secret.digest, limits=config.limits
    )
    collect = Collector(writer, cache, identities=received.identities(), progress=progress)
    if on_start:
        on_start(len(received.found))
    looked = look_up(
        read_each(received.found, stem=spec.stem),
        cache=cache,
        on_hit=collect.cached,
        force=config.force,
        only=config.only,
    )
    collect.keys = looked.keys
    todo = LazySources(looked.waiting, stem=spec.stem)
    found, code = dispatch(
        spec,
        todo,
        config=config,
        secret=secret,
        on_report=collect.fresh,
        on_written=collect.written,
        out=out,
    )
    checks = suite_checks(
        found, spec=spec, cache=cache, config=config, secret=secret, on_report=collect.fresh
    )
    for report in unfinished(
        checks,
        spec,
        ungradable=looked.ungradable,
        origins=looked.origins,
        reported=collect.reported(),
        code=code,
    ):
        collect.fresh(report)
    return collect.finish()
