"""A grading worker: `python -m autograder.orchestration.worker` reads one job (JSON) on stdin, grades it
with its own pytest session and sandbox, and writes one JSON line per finished student,
then a last line with the checks and pytest's exit code. The job and the lines are
jobs.py's; parallel.py and distributed.py start workers."""

from __future__ import annotations

import dataclasses
import os
import sys

from autograder.assignment import load_assignment
from autograder.model import SubmissionReport
from autograder.orchestration.jobs import done_line, read_job, report_line
from autograder.orchestration.stages.suite import run_suite
from autograder.secret import load as load_secret
from autograder.writers.run_files import ReportWriter


def main() -> int:
    job = read_job(sys.stdin.buffer.read())
    stream = os.fdopen(os.dup(1), "w", encoding="utf-8")  # pytest's prints stay off it
    spec = load_assignment(job.config.assignment)
    sources = job.sources(spec.stem)

    # Rendering a student's pages (plots included) is the costliest step: with "out" in the
    # job, this worker writes them itself, in parallel with the other workers.
    writer = None
    if job.out:
        lang, templates = job.config.lang, job.config.templates
        writer = ReportWriter(job.out, spec, lang=lang, keep=False, templates=templates)

    def emit(report: SubmissionReport) -> None:
        report = dataclasses.replace(report, identity=job.identity(report.student_id))
        if writer is not None:
            writer(report)
        stream.write(report_line(report))
        stream.flush()

    # The file the main process resolved (and made, on first use): a worker never makes one.
    secret = load_secret(job.config.secret_file, create=False)
    checks, code = run_suite(spec, sources, limits=job.config.limits, on_report=emit, secret=secret)
    stream.write(done_line(checks, code))
    stream.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
