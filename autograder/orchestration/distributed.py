"""Grading on a Dask cluster (`--dask SCHEDULER_ADDRESS`), with the same sandbox per worker.

Each Dask task grades a chunk of the class by running the ordinary grading worker
(`python -m autograder.orchestration.worker`) on the Dask worker's machine, so every protection is the
same as on a laptop; the task returns that worker's JSON lines as text. The main process
writes every report, so `grades.csv` is identical to a local run. Dask workers need the kit
importable (the same checkout or image) and its dependencies installed.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Mapping

from autograder.assignment import KIT_ROOT, Assignment
from autograder.config import GradeConfig
from autograder.model import Check, Source, SubmissionReport
from autograder.orchestration.jobs import Results, job_for

CHUNK = 25  # submissions per Dask task: big enough to amortise pytest and zygote start-up


def grade_job(job: str) -> str:
    """Runs on a Dask worker: grade one chunk in a fresh grading process."""
    proc = subprocess.run(
        [sys.executable, "-m", "autograder.orchestration.worker"],
        input=job,
        capture_output=True,
        text=True,
        cwd=KIT_ROOT,
        check=False,
    )
    return proc.stdout


def run_dask(
    spec: Assignment,
    sources: Mapping[str, Source],
    *,
    config: GradeConfig,
    on_report: Callable[[SubmissionReport], None],
    chunk: int = CHUNK,
) -> tuple[list[Check], int]:
    """Grade ``sources`` under ``config`` on the cluster at ``config.dask``; returns the
    checks and an exit code (3 when a task came back incomplete: its students become
    grader errors)."""
    from dask.distributed import Client, as_completed

    ids = sorted(sources)
    jobs = [
        job_for(spec, {k: sources[k] for k in ids[i : i + chunk]}, config)
        for i in range(0, len(ids), chunk)
    ]
    results = Results(on_report)
    with Client(config.dask) as client:
        futures = client.map(grade_job, jobs, pure=False)
        for future in as_completed(futures):
            finished = False
            for line in future.result().splitlines():
                finished = results.feed(line) or finished
            if not finished:
                results.incomplete()
    return results.checks, results.code
