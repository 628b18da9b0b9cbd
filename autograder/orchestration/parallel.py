"""Grading workers: the class is dealt round-robin to N worker processes (``python -m
autograder.orchestration.worker``), each running its own pytest session and its own sandbox zygote; a
worker streams each finished student as one JSON line (the job and the lines: jobs.py).
A student's grade depends only on their code, so the split never changes a score. The
result cache is cache.py's."""

from __future__ import annotations

import os
import selectors
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

from autograder.assignment import KIT_ROOT, Assignment
from autograder.config import GradeConfig
from autograder.intake.submission import LazySources
from autograder.model import Check, Source, SubmissionReport
from autograder.orchestration.jobs import Results, job_for


def deal(ids: list[str], workers: int) -> list[list[str]]:
    """Round-robin, so slow and fast submissions spread evenly."""
    return [chunk for chunk in (ids[i::workers] for i in range(workers)) if chunk]


def run_workers(
    spec: Assignment,
    sources: Mapping[str, Source],
    *,
    config: GradeConfig,
    workers: int,
    on_report: Callable[[SubmissionReport], None],
    out: Path | None = None,
    per_process: int = 1000,
) -> tuple[list[Check], int]:
    """Grade ``sources`` under ``config`` in ``workers`` processes at a time; returns the
    checks and the worst exit code (0 or 1 is normal: pytest's 1 means some student's
    check failed; 3: a worker stopped early).

    A worker process grades at most ``per_process`` students and then exits; the next
    share gets a fresh one (a second of start-up per share), so the memory a worker
    gathers over a run stays bounded however large the class."""
    ids = sorted(sources)
    # Shares in whole rounds of `workers`, of near-equal size: no round leaves a core idle.
    shares = workers * max(1, -(-len(ids) // (workers * max(per_process, 1))))
    pending = [_part(sources, chunk) for chunk in deal(ids, shares)]
    running: dict[int, subprocess.Popen] = {}
    buffers: dict[int, bytes] = {}
    results = Results(on_report)
    with selectors.DefaultSelector() as sel:

        def start_next() -> None:
            job = job_for(spec, pending.pop(0), config, out=out)
            proc = subprocess.Popen(
                [sys.executable, "-m", "autograder.orchestration.worker"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                cwd=KIT_ROOT,
            )
            assert proc.stdin is not None and proc.stdout is not None
            proc.stdin.write(job.encode())
            proc.stdin.close()
            fd = proc.stdout.fileno()
            running[fd], buffers[fd] = proc, b""
            sel.register(fd, selectors.EVENT_READ)

        while pending and len(running) < workers:
            start_next()
        while running:
            for key, _ in sel.select():
                fd = key.fd
                chunk = os.read(fd, 1 << 20)
                if chunk:
                    buffers[fd] += chunk
                    *lines, buffers[fd] = buffers[fd].split(b"\n")
                else:  # this worker is done: reap it, start the next share
                    sel.unregister(fd)
                    lines = [buffers.pop(fd)]
                    proc = running.pop(fd)
                    if proc.wait() != 0:
                        results.incomplete()
                    if pending:
                        start_next()
                for line in lines:
                    results.feed(line)
    return results.checks, results.code


def _part(sources: Mapping[str, Source], ids: list[str]) -> Mapping[str, Source]:
    """The sources of ``ids``, still lazy when ``sources`` is."""
    if isinstance(sources, LazySources):
        return LazySources({k: sources.submissions[k] for k in ids}, stem=sources.stem)
    return {k: sources[k] for k in ids}
