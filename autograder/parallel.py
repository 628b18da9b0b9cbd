"""Grading workers and the result cache.

Workers: the class is dealt round-robin to N worker processes (``python -m
autograder.worker``), each running its own pytest session and its own sandbox zygote; a
worker streams each finished student as one JSON line. A student's grade depends only on
their code, so the split never changes a score.

Cache: a report is stored under a key made of the submission's code, the kit's grading
files (engine, hidden suite, reference, data) and the limits. An unchanged submission is
not regraded; an interrupted run resumes where it stopped.
"""

from __future__ import annotations

import dataclasses
import hashlib
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
from autograder.serialize import report_from_dict, report_to_dict
from autograder.writers.files import json_text, safe_dirname, write_atomic

CACHE_DIR = ".cache"


def grader_fingerprint(spec: Assignment) -> str:
    """A hash of everything that decides a grade, apart from the submission itself."""
    digest = hashlib.sha256()
    package = KIT_ROOT / "autograder"
    files = sorted(p for p in package.rglob("*") if p.suffix in (".py", ".toml") and p.is_file())
    for path in [*files, spec.reference, *spec.data]:
        digest.update(str(path.relative_to(KIT_ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


class ResultCache:
    def __init__(self, out: Path, fingerprint: str, limits: Limits) -> None:
        self.folder = out / CACHE_DIR
        self.base = fingerprint + json.dumps(dataclasses.asdict(limits), sort_keys=True)

    def key(self, source: Source) -> str:
        text = json.dumps([self.base, source.chunks, source.origin, source.kind])
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()

    def _path(self, student_id: str) -> Path:
        return self.folder / f"{safe_dirname(student_id)}.json"

    def get(self, student_id: str, key: str) -> SubmissionReport | None:
        """The stored report of ``student_id`` if it was graded under ``key`` (see
        :meth:`key`), else None."""
        try:
            raw = json.loads(self._path(student_id).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if raw.get("key") != key:
            return None
        try:
            report = report_from_dict(raw["report"])
        except (KeyError, TypeError, ValueError):
            return None
        # an older kit's file names could collide: the entry may be another student's
        return report if report.student_id == student_id else None

    def _checks_path(self) -> Path:
        return self.folder / "suite+checks.json"  # "+" is never in a student's file name

    def get_checks(self) -> list[Check] | None:
        """The suite's checks, in collection order, as the last grading run found them."""
        try:
            raw = json.loads(self._checks_path().read_text(encoding="utf-8"))
            if raw.get("key") != self.base:
                return None
            return [Check(*c) for c in raw["checks"]] or None
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put_checks(self, checks: list[Check]) -> None:
        doc = {"key": self.base, "checks": [list(dataclasses.astuple(c)) for c in checks]}
        write_atomic(self._checks_path(), json_text(doc))

    def put(self, key: str, report: SubmissionReport) -> None:
        doc = {"key": key, "report": report_to_dict(report)}
        write_atomic(self._path(report.student_id), json_text(doc))


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
