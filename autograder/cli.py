"""Command line: a thin layer over the library. Each subcommand's options are the keywords
of a library function (grade_command, export_command, publish_command, ...): argparse only
parses, and an option left out is not passed, so the function's signature holds its
default. The `grade` command's grading settings come from the fields of
config.GradeConfig, where their defaults and help texts live, and reach grade_command as
that one object."""

from __future__ import annotations

import argparse
import inspect
from collections.abc import Callable
from pathlib import Path

from autograder import assignment as assignments
from autograder import config


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
        metavar="SUBMISSIONS",  # left out: None (argparse would type a SUPPRESS default)
        help="the class: a folder, or an LMS download's .zip as it came",
    )
    grade.add_argument(
        "--nbgrader-course",
        type=Path,
        default=argparse.SUPPRESS,  # grade_command() holds the defaults
        metavar="COURSE",
        help="grade COURSE/submitted/<student>/<assignment>/*.ipynb (nbgrader's layout) "
        "instead of SUBMISSIONS",
    )
    grade.add_argument("--out", type=Path, required=True, metavar="OUT")
    config.add_options(grade)  # --assignment … --student: one per field of GradeConfig
    grade.add_argument(
        "--quiet", action="store_true", default=argparse.SUPPRESS, help="print only the summary"
    )

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

    from autograder.integrations.lms.lti import add_lti_parser

    add_lti_parser(sub)
    from autograder.integrations.gradescope.bundle import add_gradescope_parser
    from autograder.integrations.lms.export import add_export_parser

    add_export_parser(sub)
    add_gradescope_parser(sub)
    from autograder.integrations.nbgrader import add_nbgrader_parser

    add_nbgrader_parser(sub)

    from autograder.integrations.release.scaffold import add_new_parser

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


def call(command: Callable[..., int], args: argparse.Namespace, **more: object) -> int:
    """``command`` called with the parsed options it takes, by name, and ``more``."""
    takes = inspect.signature(command).parameters
    if any(p.kind is p.VAR_KEYWORD for p in takes.values()):
        raise TypeError(f"{command.__name__} must name its options: **kwargs would drop them")
    return command(**{k: v for k, v in vars(args).items() if k in takes}, **more)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "grade":
        from autograder.grade_command import grade_command

        return call(grade_command, args, config=config.from_args(args))
    if args.command == "nbgrader":
        if args.nbgrader_action == "gradebook":
            from autograder.integrations.nbgrader.gradebook import gradebook_command

            return call(gradebook_command, args)
        from autograder.integrations.nbgrader import nbgrader_command

        return call(nbgrader_command, args)
    if args.command == "export":
        from autograder.integrations.lms.export import export_command

        return call(export_command, args)
    if args.command == "gradescope":
        from autograder.integrations.gradescope.bundle import NOT_BUNDLE_OPTIONS, gradescope_command

        settings = config.from_args(args, exclude=NOT_BUNDLE_OPTIONS)
        return call(gradescope_command, args, config=settings)
    if args.command == "publish":
        from autograder.integrations.lms.lti import publish_command

        return call(publish_command, args)
    if args.command == "new":
        from autograder.integrations.release.scaffold import cmd_new

        return cmd_new(args.name)
    from autograder.integrations.release import package as release

    if args.command == "release":
        return release.cmd_release(args.assignment, args.out)
    return release.cmd_generate(args.assignment)
