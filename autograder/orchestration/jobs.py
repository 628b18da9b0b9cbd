"""A grading worker's job and its line protocol: both ends, in one place.

A worker (``python -m autograder.orchestration.worker``, see worker.py) reads one job on stdin, a JSON
object::

    {"config": GradeConfig.to_dict(), "out": folder or null,
     "submissions": {id: {"student_id": ..., "path": ..., "member": ..., "identity": {...},
                          "problem": null}}
     or  "sources": {id: {"chunks": [...], "origin": ..., "kind": ...}}}

and writes one JSON line per finished student, ``{"report": ...}`` (serialize.py's
format), then a last line ``{"checks": [[...], ...], "code": n}`` with the suite's checks and
pytest's exit code. Plain JSON both ways, never pickle. The parent reads those lines with
:class:`Results`, whether they come from a local process (parallel.py) or back from a
Dask task (distributed.py).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from autograder.assignment import Assignment
from autograder.config import GradeConfig, Limits
from autograder.intake.submission import LazySources
from autograder.model import PLAIN, Check, Identity, Source, Submission, SubmissionReport
from autograder.orchestration.serialize import (
    report_from_dict,
    report_to_dict,
    submission_from_dict,
    submission_to_dict,
)
from autograder.writers.files import json_text

# A worker's exit code when it stopped before its last line (its students get no report).
INCOMPLETE = 3


def job_for(
    spec: Assignment,
    sources: Mapping[str, Source],
    settings: GradeConfig | Limits,
    *,
    out: Path | None = None,
) -> str:
    """A worker's job: grade ``sources`` for ``spec`` under ``settings`` (a bare
    :class:`Limits` stands for the default config with those limits); with ``out`` the
    worker also writes each student's files.

    Sources read lazily from disk (:class:`intake.LazySources`) travel as their submissions
    (path, zip member and identity), and the worker reads each file when its turn comes (a
    local worker shares the disk); any other mapping travels as its text (a Dask worker may
    be on another machine)."""
    config = settings if isinstance(settings, GradeConfig) else GradeConfig(limits=settings)
    config = dataclasses.replace(config, assignment=spec.name)
    # A worker starts in the kit's folder, not in the caller's: every path it gets is whole.
    job: dict[str, object] = {
        "config": config.to_dict(),
        "out": str(Path(out).absolute()) if out else None,
    }
    if isinstance(sources, LazySources):
        job["submissions"] = {
            k: submission_to_dict(_whole(sources.submissions[k])) for k in sources
        }
    else:
        job["sources"] = {
            k: {"chunks": list(s.chunks), "origin": s.origin, "kind": s.kind}
            for k, s in sources.items()
        }
    return json.dumps(job)


def _whole(submission: Submission) -> Submission:
    return dataclasses.replace(submission, path=str(Path(submission.path).absolute()))


@dataclass(frozen=True)
class Job:
    """A job as the worker reads it (see :func:`read_job`)."""

    config: GradeConfig
    out: Path | None
    found: Mapping[str, Submission] | None  # a local worker's: files to read in turn
    texts: Mapping[str, Source] | None  # a Dask worker's: the sources themselves

    def sources(self, stem: str) -> Mapping[str, Source]:
        """The students' sources; ``stem`` is the assignment's file stem (a notebook or a
        zip on disk is read for it)."""
        if self.found is not None:  # read from the shared disk one pytest session at a time
            return LazySources(self.found, stem=stem)
        return dict(self.texts or {})

    def identity(self, student_id: str) -> Identity:
        """Who ``student_id`` is (a worker writes it into the student's files)."""
        sub = (self.found or {}).get(student_id)
        return sub.identity if sub is not None else PLAIN


def read_job(text: str | bytes) -> Job:
    """The job :func:`job_for` wrote."""
    raw = json.loads(text)
    out = raw.get("out")
    texts = None
    if "sources" in raw:
        texts = {
            k: Source(tuple(v["chunks"]), v["origin"], v["kind"]) for k, v in raw["sources"].items()
        }
    found = None
    if "submissions" in raw:
        found = {k: submission_from_dict(v) for k, v in raw["submissions"].items()}
    return Job(
        config=GradeConfig.from_dict(raw["config"]),
        out=Path(out) if out else None,
        found=found,
        texts=texts,
    )


def report_line(report: SubmissionReport) -> str:
    """A worker's line for one finished student."""
    return json_text({"report": report_to_dict(report)}) + "\n"


def done_line(checks: list[Check], code: int) -> str:
    """A worker's last line: the suite's checks and pytest's exit code."""
    raw = [list(dataclasses.astuple(c)) for c in checks]
    return json.dumps({"checks": raw, "code": code}) + "\n"


class Results:
    """What the parent gathers from the workers' lines: each report goes to ``on_report``
    as it comes; ``checks`` and ``code`` (the worst exit code: 0 or 1 is normal, pytest's
    1 meaning some student's check failed) once every worker is done."""

    def __init__(self, on_report: Callable[[SubmissionReport], None]) -> None:
        self.on_report = on_report
        self.checks: list[Check] = []
        self.code = 0

    def feed(self, line: str | bytes) -> bool:
        """Read one line; True if it was a worker's last line. A line cut off (a worker
        that died mid-write) marks the run incomplete: its student gets no report."""
        try:
            message = json.loads(line) if line.strip() else {}
        except ValueError:
            self.incomplete()
            return False
        if "report" in message:
            self.on_report(report_from_dict(message["report"]))
        elif "checks" in message:
            if not self.checks:
                self.checks = [Check(*c) for c in message["checks"]]
            self.code = max(self.code, int(message.get("code", 0)))
            return True
        return False

    def incomplete(self) -> None:
        """A worker stopped early: the caller reports every student it got nothing for."""
        self.code = max(self.code, INCOMPLETE)
