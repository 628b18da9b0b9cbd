"""Command line: a thin layer over the library. Defaults live in the library signatures."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from autograder import assignment as assignments
from autograder.console import Progress, summary_table
from autograder.messages import Catalogue
from autograder.model import Submission
from autograder.sandbox import Limits


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m autograder",
        description="Grade a class of gradient-descent submissions against the hidden suite.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    grade = sub.add_parser(
        "grade",
        help="grade every submission in a folder",
        description="Grade every submission in DIR (DIR/<id>/ with a .py, .ipynb or .zip, or "
        "DIR/<id>.py|.ipynb|.zip) and write grades.csv, <id>/results.json (Gradescope), "
        "<id>/feedback.md and <id>/detail.json (instructor only) into OUT.",
    )
    grade.add_argument("submissions", type=Path, nargs="?", metavar="DIR")
    grade.add_argument(
        "--nbgrader-course",
        type=Path,
        metavar="COURSE",
        help="grade COURSE/submitted/<student>/<assignment>/*.ipynb (nbgrader's layout) "
        "instead of DIR",
    )
    grade.add_argument("--out", type=Path, required=True, metavar="OUT")
    grade.add_argument("--assignment", default="gradient_descent", choices=assignments.available())
    grade.add_argument(
        "--lang", default="ko", choices=("ko", "en"), help="language of feedback (default: ko)"
    )
    grade.add_argument(
        "--timeout",
        type=float,
        default=Limits.call_timeout,
        help="seconds per function call (default: %(default)s)",
    )
    grade.add_argument(
        "--load-timeout",
        type=float,
        default=Limits.load_timeout,
        help="seconds to run a file's top-level code; code still running at 60%% of it is "
        "stopped and only its remaining definitions run (default: %(default)s)",
    )
    grade.add_argument(
        "--memory-mb",
        type=int,
        default=Limits.memory_mb,
        help="address-space limit per student process (default: %(default)s)",
    )
    for option, kind, default, text in (
        (
            "--submission-timeout",
            float,
            Limits.submission_timeout,
            "seconds for all of one submission's calls",
        ),
        ("--cpu-seconds", int, Limits.cpu_seconds, "CPU time per student process"),
        ("--file-mb", int, Limits.file_mb, "largest file student code may write"),
        ("--disk-mb", int, Limits.disk_mb, "scratch space per student process"),
        ("--processes", int, Limits.processes, "processes and threads per student process"),
        ("--output-chars", int, Limits.output_chars, "printed output kept per call"),
    ):
        grade.add_argument(
            option, type=kind, default=default, help=f"{text} (default: %(default)s)"
        )
    grade.add_argument(
        "--workers", type=int, default=None, help="grading processes (default: the number of cores)"
    )
    grade.add_argument(
        "--dask",
        metavar="SCHEDULER_ADDRESS",
        default=None,
        help="grade on a Dask cluster (e.g. tcp://10.0.0.5:8786) instead of local workers; "
        "every Dask worker runs the same sandbox",
    )
    grade.add_argument(
        "--force",
        action="store_true",
        help="regrade everything, ignoring cached results in OUT/.cache",
    )
    grade.add_argument(
        "--student",
        action="append",
        default=[],
        metavar="ID",
        help="regrade only this student (repeatable); others come from the cache",
    )
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

    generate = sub.add_parser(
        "generate", help="regenerate assignments/<name>/ (stub and notebook) from solutions/"
    )
    generate.add_argument(
        "--assignment", default="gradient_descent", choices=assignments.available()
    )
    return parser


def cmd_grade(args: argparse.Namespace) -> int:
    from autograder.engine import grade_class

    submissions: Path | list[Submission]
    if args.nbgrader_course is not None:
        from autograder.nbgrader import discover_nbgrader

        if not (args.nbgrader_course / "submitted").is_dir():
            print(f"error: {args.nbgrader_course} has no submitted/ folder", file=sys.stderr)
            return 2
        pairs = discover_nbgrader(args.nbgrader_course, args.assignment)
        submissions = [Submission(student, str(path)) for student, path in pairs]
    elif args.submissions is None or not args.submissions.is_dir():
        print(f"error: {args.submissions} is not a folder of submissions", file=sys.stderr)
        return 2
    else:
        submissions = args.submissions
    limits = Limits(
        call_timeout=args.timeout,
        load_timeout=args.load_timeout,
        submission_timeout=args.submission_timeout,
        memory_mb=args.memory_mb,
        cpu_seconds=args.cpu_seconds,
        file_mb=args.file_mb,
        disk_mb=args.disk_mb,
        processes=args.processes,
        output_chars=args.output_chars,
    )
    progress = Progress(sys.stdout, quiet=args.quiet)
    if not args.quiet:
        where = args.nbgrader_course or args.submissions
        print(f"Grading {where} ({args.assignment}) -> {args.out}", flush=True)
    try:
        reports = grade_class(
            submissions,
            args.out,
            assignment=args.assignment,
            limits=limits,
            lang=args.lang,
            workers=args.workers,
            dask=args.dask,
            force=args.force,
            only=args.student,
            progress=progress,
            on_start=progress.start,
        )
    finally:
        progress.close()
    if not args.quiet:
        catalogue = Catalogue.for_suite(assignments.load_assignment(args.assignment).suite)
        print(summary_table(reports, catalogue, args.lang))
    print(f"Wrote {args.out / 'grades.csv'} and {args.out / 'index.html'}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "grade":
        return cmd_grade(args)
    if args.command == "nbgrader":
        from autograder.nbgrader import run_nbgrader

        return run_nbgrader(args)
    if args.command == "export":
        from autograder.export import run_export

        return run_export(args)
    if args.command == "gradescope":
        from autograder.gradescope import run_gradescope

        return run_gradescope(args)
    if args.command == "publish":
        from autograder.lti import run_publish

        return run_publish(args)
    from autograder import release

    if args.command == "release":
        return release.cmd_release(args.assignment, args.out)
    return release.cmd_generate(args.assignment)
