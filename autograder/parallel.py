"""Grading workers: the class is dealt round-robin to N worker processes (``python -m
autograder.worker``), each running its own pytest session and its own sandbox zygote; a
worker streams each finished student as one JSON line. A student's grade depends only on
their code, so the split never changes a score. The result cache is cache.py's."""

from __future__ import annotations

import dataclasses
import json
import os
import selectors
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

from autograder.assignment import KIT_ROOT, Assignment
from autograder.intake import LazySources
from autograder.model import Check, Source, SubmissionReport
from autograder.sandbox import Limits
from autograder.serialize import report_from_dict


def deal(ids: list[str], workers: int) -> list[list[str]]:
    """Round-robin, so slow and fast submissions spread evenly."""
    return [chunk for chunk in (ids[i::workers] for i in range(workers)) if chunk]


def job_for(
    spec: Assignment,
    sources: Mapping[str, Source],
    limits: Limits,
    *,
    out: Path | None = None,
    lang: str = "ko",
) -> str:
    """A worker's job; with ``out`` the worker also writes each student's files.

    Sources read lazily from disk (:class:`intake.LazySources`) travel as their paths, and
    the worker reads each file when its turn comes (a local worker shares the disk); any
    other mapping travels as its text (a Dask worker may be on another machine)."""
    job: dict[str, object] = {
        "assignment": spec.name,
        "out": str(out) if out else None,
        "lang": lang,
        "limits": dataclasses.asdict(limits),
    }
    if isinstance(sources, LazySources):
        job["paths"] = {k: sources.submissions[k].path for k in sources}
    else:
        job["sources"] = {
            k: {"chunks": list(s.chunks), "origin": s.origin, "kind": s.kind}
            for k, s in sources.items()
        }
    return json.dumps(job)


def run_workers(
    spec: Assignment,
    sources: Mapping[str, Source],
    *,
    limits: Limits,
    workers: int,
    on_report: Callable[[SubmissionReport], None],
    out: Path | None = None,
    lang: str = "ko",
    per_process: int = 1000,
) -> tuple[list[Check], int]:
    """Grade ``sources`` in ``workers`` processes at a time; returns the checks and the worst
    exit code (0 or 1 is normal: pytest's 1 means some student's check failed).

    A worker process grades at most ``per_process`` students and then exits; the next
    share gets a fresh one (a second of start-up per share), so the memory a worker
    gathers over a run stays bounded however large the class."""
    ids = sorted(sources)
    # Shares in whole rounds of `workers`, of near-equal size: no round leaves a core idle.
    shares = workers * max(1, -(-len(ids) // (workers * max(per_process, 1))))
    pending = [_part(sources, chunk) for chunk in deal(ids, shares)]
    running: dict[int, subprocess.Popen] = {}
    buffers: dict[int, bytes] = {}
    checks: list[Check] = []
    code = 0
    with selectors.DefaultSelector() as sel:

        def start_next() -> None:
            job = job_for(spec, pending.pop(0), limits, out=out, lang=lang)
            proc = subprocess.Popen(
                [sys.executable, "-m", "autograder.worker"],
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
                        code = max(code, 3)
                    if pending:
                        start_next()
                for line in lines:
                    try:
                        message = json.loads(line) if line.strip() else {}
                    except ValueError:  # a worker cut off mid-line: its students get no report
                        code = max(code, 3)
                        continue
                    if "report" in message:
                        on_report(report_from_dict(message["report"]))
                    elif "checks" in message:
                        if not checks:
                            checks = [Check(*c) for c in message["checks"]]
                        code = max(code, int(message.get("code", 0)))
    return checks, code


def _part(sources: Mapping[str, Source], ids: list[str]) -> Mapping[str, Source]:
    """The sources of ``ids``, still lazy when ``sources`` is."""
    if isinstance(sources, LazySources):
        return LazySources({k: sources.submissions[k] for k in ids}, stem=sources.stem)
    return {k: sources[k] for k in ids}
