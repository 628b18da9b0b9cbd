"""Command line: a thin layer over the library. The `grade` command's options come from
the fields of config.GradeConfig, where their defaults and help texts live. The other
subcommands' options are the keywords of a library function (export_command,
publish_command, ...): argparse only parses, and an option left out is not passed, so the
function's signature holds its default."""

from __future__ import annotations

import argparse
import dataclasses
import inspect
import os
import sys
from collections.abc import Callable
from pathlib import Path

from autograder import assignment as assignments
from autograder import config, secret
from autograder.console import Progress, summary_table
from autograder.layouts import ClassDownload, LayoutError, nbgrader_identity, read_class
from autograder.messages import DEFAULT, Catalogue
from autograder.model import Submission


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m autograder",
        description="Grade a class of submissions for an assignment (a folder of "
        f"autograder/suites/: {', '.join(assignments.available())}) against its hidden suite.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    grade = sub.add_parser(
        "grade",
        help="grade every submission in a folder or an LMS download (.zip)",
        description="Grade every submission in SUBMISSIONS, a folder or a .zip as downloaded "
        "from Canvas (Download Submissions, anonymous grading too), Moodle (Download all "
        "submissions, with or without folders), `gh classroom clone student-repos` (the "
        "<slug>-submissions folder or its parent), nbgrader (submitted/), or a plain folder "
        "(SUBMISSIONS/<id>/ with a .py, .ipynb or .zip, or SUBMISSIONS/<id>.py|.ipynb|.zip). "
        "The layout is told from the names and printed first; each person is one row keyed "
        "by the platform's id (Canvas user id or anon_…, Moodle participant number, GitHub "
        "login, nbgrader student, plain: the entry's name) with their name and lateness "
        "where the platform gives them; of several files the newest version is graded and "
        "the others are named in the feedback. Writes grades.csv, intake.json, "
        "<id>/results.json (Gradescope), <id>/feedback.md|.html and <id>/detail.json "
        "(instructor only) into OUT.",
    )
    grade.add_argument(
        "submissions",
        type=Path,
        nargs="?",
        metavar="SUBMISSIONS",
        help="the class: a folder, or an LMS download's .zip as it came",
    )
    grade.add_argument(
        "--nbgrader-course",
        type=Path,
        metavar="COURSE",
        help="grade COURSE/submitted/<student>/<assignment>/*.ipynb (nbgrader's layout) "
        "instead of SUBMISSIONS",
    )
    grade.add_argument("--out", type=Path, required=True, metavar="OUT")
    config.add_options(grade)  # --assignment … --student: one per field of GradeConfig
    grade.add_argument("--quiet", action="store_true", help="print only the summary")

    release = sub.add_parser(
        "release",
        help="build each assignment's student bundle (stub, notebook, public checks, data)",
        description="Write OUT/<name>/ and OUT/<name>.zip for each assignment: its folder in "
        "assignments/ and the data files its assignment.toml lists, never a solution or a "
        "hidden test. Releasing one assignment leaves the others' files alone. An assignment "
        "without check_public.py or README.md, or out of date with solutions/, is refused "
        "and nothing is written.",
    )
    release.add_argument(
        "--out",
        type=Path,
        default=Path("dist"),
        metavar="OUT",
        help="folder for the releases (default: %(default)s)",
    )
    release.add_argument(
        "--assignment",
        action="append",
        choices=assignments.available(),
        metavar="NAME",
        help="release this assignment (repeatable; default: every assignment: "
        f"{', '.join(assignments.available())})",
    )

    from autograder.lti import add_lti_parser

    add_lti_parser(sub)
    from autograder.export import add_export_parser
    from autograder.gradescope import add_gradescope_parser

    add_export_parser(sub)
    add_gradescope_parser(sub)
    from autograder.nbgrader import add_nbgrader_parser

    add_nbgrader_parser(sub)

    from autograder.scaffold import add_new_parser

    add_new_parser(sub)

    generate = sub.add_parser(
        "generate", help="regenerate assignments/<name>/ (stub and notebook) from solutions/"
    )
    generate.add_argument(
        "--assignment",
        default=assignments.DEFAULT_ASSIGNMENT,
        choices=assignments.available(),
        help="the assignment to regenerate (default: %(default)s, "
        "from autograder/suites/default.toml)",
    )
    return parser


def cmd_grade(args: argparse.Namespace) -> int:
    from autograder.engine import grade_class
    from autograder.writers.html_report import TemplateProblem, check_templates

    settings = config.from_args(args)
    # A broken --templates folder is said now, before a single student is graded.
    try:
        suite = assignments.load_assignment(settings.assignment).suite
        check_templates(
            settings.templates, lang=settings.lang, catalogue=Catalogue.for_suite(suite)
        )
    except TemplateProblem as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.nbgrader_course is not None:
        from autograder.nbgrader import discover_nbgrader

        if not (args.nbgrader_course / "submitted").is_dir():
            print(f"error: {args.nbgrader_course} has no submitted/ folder", file=sys.stderr)
            return 2
        pairs = discover_nbgrader(args.nbgrader_course, settings.assignment)
        found = tuple(
            Submission(student, str(path), identity=nbgrader_identity(path))
            for student, path in pairs
        )
        submitted = str(args.nbgrader_course / "submitted")
        submissions = ClassDownload("nbgrader", submitted, len(found), found)
        kept = args.nbgrader_course / secret.FILE_NAME  # the secret its hidden cells hold
        if settings.secret_file is None and secret.ENV not in os.environ and kept.is_file():
            settings = dataclasses.replace(settings, secret_file=str(kept))
    elif args.submissions is None or not args.submissions.exists():
        print(f"error: {args.submissions}: no such folder or .zip", file=sys.stderr)
        return 2
    else:
        spec = assignments.load_assignment(settings.assignment)
        try:
            submissions = read_class(
                args.submissions, stem=spec.stem, assignment=spec.name, layout=settings.layout
            )
        except LayoutError as exc:
            print(f"error: {DEFAULT.render(exc.message, 'en')}", file=sys.stderr)
            return 2
    progress = Progress(sys.stdout, quiet=args.quiet)
    if not args.quiet:
        where = args.nbgrader_course or args.submissions
        print(f"Grading {where} ({settings.assignment}) -> {args.out}", flush=True)
        print(f"Course secret: {secret.path_for(settings.secret_file)}", flush=True)
    if isinstance(submissions, ClassDownload):
        found = submissions.summary()
        print(DEFAULT.t("layout_line", "en", **found), flush=True)
        for note in submissions.notes:
            print(f"warning: {DEFAULT.render(note, 'en')}", flush=True)
    try:
        reports = grade_class(
            submissions,
            args.out,
            settings,
            progress=progress,
            on_start=progress.start,
        )
    finally:
        progress.close()
    if not args.quiet:
        catalogue = Catalogue.for_suite(assignments.load_assignment(settings.assignment).suite)
        print(summary_table(reports, catalogue, settings.lang))
    print(f"Wrote {args.out / 'grades.csv'} and {args.out / 'index.html'}")
    return 0


def call(command: Callable[..., int], args: argparse.Namespace, **more: object) -> int:
    """``command`` called with the parsed options it takes, by name, and ``more``."""
    takes = inspect.signature(command).parameters
    if any(p.kind is p.VAR_KEYWORD for p in takes.values()):
        raise TypeError(f"{command.__name__} must name its options: **kwargs would drop them")
    return command(**{k: v for k, v in vars(args).items() if k in takes}, **more)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "grade":
        return cmd_grade(args)
    if args.command == "nbgrader":
        if args.nbgrader_action == "gradebook":
            from autograder.nbgrader.gradebook import gradebook_command

            return call(gradebook_command, args)
        from autograder.nbgrader import nbgrader_command

        return call(nbgrader_command, args)
    if args.command == "export":
        from autograder.export import export_command

        return call(export_command, args)
    if args.command == "gradescope":
        from autograder.gradescope import NOT_BUNDLE_OPTIONS, gradescope_command

        settings = config.from_args(args, exclude=NOT_BUNDLE_OPTIONS)
        return call(gradescope_command, args, config=settings)
    if args.command == "publish":
        from autograder.lti import publish_command

        return call(publish_command, args)
    if args.command == "new":
        from autograder.scaffold import cmd_new

        return cmd_new(args.name)
    from autograder import release

    if args.command == "release":
        return release.cmd_release(args.assignment, args.out)
    return release.cmd_generate(args.assignment)
