"""The result cache: a report is stored under a key made of the submission's code, the
kit's grading files (engine, hidden suite, reference, data) and the limits. An unchanged
submission is not regraded; an interrupted run resumes where it stopped."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

from autograder.assignment import KIT_ROOT, Assignment
from autograder.config import Limits
from autograder.model import PLAIN, Check, Identity, Source, SubmissionReport
from autograder.orchestration.serialize import identity_to_dict, report_from_dict, report_to_dict
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

    def key(self, source: Source, identity: Identity = PLAIN) -> str:
        """The key of a submission: its code, the file it came from, and who it is as the
        download says (name, lateness, the files left out), all of which its reports show."""
        who = identity_to_dict(identity)
        text = json.dumps([self.base, source.chunks, source.origin, source.kind, who])
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
