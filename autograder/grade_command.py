"""The ``grade`` command as a library function: :func:`grade_command` takes the class and
keyword options (the grading settings as one :class:`config.GradeConfig`), prints what
the command prints and returns its exit code. cli.py only parses the command line into
these keywords."""

from __future__ import annotations

import dataclasses
import os
import sys
from pathlib import Path

from autograder import secret
from autograder.assignment import load_assignment
from autograder.config import GradeConfig
from autograder.console import Progress, summary_table
from autograder.intake.layouts import ClassDownload, LayoutError, nbgrader_identity, read_class
from autograder.messages import DEFAULT, Catalogue
from autograder.model import Submission


def nbgrader_class(course: Path, config: GradeConfig) -> tuple[ClassDownload, GradeConfig]:
    """The submissions of an nbgrader ``course`` (its submitted/ folder), and ``config``
    with the course's own secret file when none was given (its hidden cells hold it)."""
    from autograder.integrations.nbgrader import discover_nbgrader

    pairs = discover_nbgrader(course, config.assignment)
    found = tuple(
        Submission(student, str(path), identity=nbgrader_identity(path)) for student, path in pairs
    )
    download = ClassDownload("nbgrader", str(course / "submitted"), len(found), found)
    kept = course / secret.FILE_NAME
    if config.secret_file is None and secret.ENV not in os.environ and kept.is_file():
        config = dataclasses.replace(config, secret_file=str(kept))
    return download, config


def grade_command(
    submissions: Path | None = None,
    *,
    out: Path,
    nbgrader_course: Path | None = None,
    config: GradeConfig | None = None,
    quiet: bool = False,
) -> int:
    """Grade ``submissions`` (a folder or an LMS download's .zip), or the nbgrader course
    ``nbgrader_course`` instead, into ``out`` under ``config`` (default: GradeConfig's
    defaults), printing the layout, progress and (unless ``quiet``) the summary table.
    0, or 2 (nothing graded) when the class cannot be found or read."""
    from autograder.orchestration.engine import grade_class
    from autograder.writers.html_report import TemplateProblem, check_templates

    settings = config or GradeConfig()
    # A broken --templates folder is said now, before a single student is graded.
    try:
        suite = load_assignment(settings.assignment).suite
        check_templates(
            settings.templates, lang=settings.lang, catalogue=Catalogue.for_suite(suite)
        )
    except TemplateProblem as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if nbgrader_course is not None:
        if not (nbgrader_course / "submitted").is_dir():
            print(f"error: {nbgrader_course} has no submitted/ folder", file=sys.stderr)
            return 2
        found, settings = nbgrader_class(nbgrader_course, settings)
    elif submissions is None or not submissions.exists():
        print(f"error: {submissions}: no such folder or .zip", file=sys.stderr)
        return 2
    else:
        spec = load_assignment(settings.assignment)
        try:
            found = read_class(
                submissions, stem=spec.stem, assignment=spec.name, layout=settings.layout
            )
        except LayoutError as exc:
            print(f"error: {DEFAULT.render(exc.message, 'en')}", file=sys.stderr)
            return 2
    progress = Progress(sys.stdout, quiet=quiet)
    if not quiet:
        where = nbgrader_course or submissions
        print(f"Grading {where} ({settings.assignment}) -> {out}", flush=True)
        print(f"Course secret: {secret.path_for(settings.secret_file)}", flush=True)
    print(DEFAULT.t("layout_line", "en", **found.summary()), flush=True)
    for note in found.notes:
        print(f"warning: {DEFAULT.render(note, 'en')}", flush=True)
    try:
        reports = grade_class(found, out, settings, progress=progress, on_start=progress.start)
    finally:
        progress.close()
    if not quiet:
        catalogue = Catalogue.for_suite(load_assignment(settings.assignment).suite)
        print(summary_table(reports, catalogue, settings.lang))
    print(f"Wrote {out / 'grades.csv'} and {out / 'index.html'}")
    return 0
