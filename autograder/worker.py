"""A grading worker: `python -m autograder.worker` reads one job (JSON) on stdin, grades it
with its own pytest session and sandbox, and writes one JSON line per finished student,
then a last line with the checks and pytest's exit code. See parallel.py."""

from __future__ import annotations

import dataclasses
import json
import os
import sys
from collections.abc import Mapping
from pathlib import Path

from autograder.assignment import load_assignment
from autograder.engine import run_suite
from autograder.intake import LazySources
from autograder.model import Source, Submission, SubmissionReport
from autograder.sandbox import Limits
from autograder.serialize import report_to_dict
from autograder.writers.files import json_text
from autograder.writers.report_writer import ReportWriter


def main() -> int:
    job = json.load(sys.stdin)
    stream = os.fdopen(os.dup(1), "w", encoding="utf-8")  # pytest's prints stay off it
    spec = load_assignment(job["assignment"])
    sources: Mapping[str, Source]
    if "paths" in job:  # read from the shared disk one pytest session at a time
        found = {k: Submission(k, path) for k, path in job["paths"].items()}
        sources = LazySources(found, stem=spec.stem)
    else:
        sources = {
            k: Source(tuple(v["chunks"]), v["origin"], v["kind"]) for k, v in job["sources"].items()
        }

    # Rendering a student's pages (plots included) is the costliest step: with "out" in the
    # job, this worker writes them itself, in parallel with the other workers.
    out = job.get("out")
    writer = ReportWriter(Path(out), spec, lang=job["lang"], keep=False) if out else None

    def emit(report: SubmissionReport) -> None:
        if writer is not None:
            writer(report)
        stream.write(json_text({"report": report_to_dict(report)}) + "\n")
        stream.flush()

    checks, code = run_suite(spec, sources, limits=Limits(**job["limits"]), on_report=emit)
    checks_raw = [list(dataclasses.astuple(c)) for c in checks]
    stream.write(json.dumps({"checks": checks_raw, "code": code}) + "\n")
    stream.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
