"""Stage 5, the writers: every report, whichever stage made it, comes here. Each student's
files are written the moment the report comes (writers/run_files.py), a fresh graded
report is stored in the result cache under its key, and the class-wide files (grades.csv,
index.html, …) are written once at the end."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping

from autograder.model import Identity, Status, SubmissionReport
from autograder.orchestration.cache import ResultCache
from autograder.writers.run_files import ReportWriter


class Collector:
    """Takes each report: ``fresh`` (just graded here), ``written`` (just graded by a local
    worker that wrote its files) or ``cached`` (taken from the result cache). Every report
    carries its student's identity as intake found it (``identities``); ``keys`` (filled
    by the lookup stage) says under which key a fresh graded report is cached."""

    def __init__(
        self,
        writer: ReportWriter,
        cache: ResultCache,
        *,
        identities: Mapping[str, Identity],
        progress: Callable[[SubmissionReport], None] | None = None,
    ) -> None:
        self.writer = writer
        self.cache = cache
        self.identities = identities
        self.progress = progress
        self.keys: Mapping[str, str] = {}

    def fresh(self, report: SubmissionReport) -> None:
        self._take(report, fresh=True, written=False)

    def written(self, report: SubmissionReport) -> None:
        self._take(report, fresh=True, written=True)

    def cached(self, report: SubmissionReport) -> None:
        self._take(report, fresh=False, written=False)

    def _take(self, report: SubmissionReport, *, fresh: bool, written: bool) -> None:
        identity = self.identities.get(report.student_id)
        if identity is not None and identity != report.identity:
            report = dataclasses.replace(report, identity=identity)
        key = self.keys.get(report.student_id)
        if fresh and key is not None and report.status is Status.GRADED:
            self.cache.put(key, report)
        self.writer(report, cached=written or not fresh)
        if self.progress:
            self.progress(report)

    def reported(self) -> set[str]:
        """The students who have a report so far."""
        return set(self.writer.reports)

    def finish(self) -> list[SubmissionReport]:
        """Writes the class-wide files; returns every report, by student id."""
        reports = [self.writer.reports[k] for k in sorted(self.writer.reports)]
        self.writer.finish(reports)
        return reports
