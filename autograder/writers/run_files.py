"""A class run's files: each student's as soon as that student is graded
(:class:`ReportWriter`), and the class-wide ones once everyone is done."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from autograder.assignment import Assignment
from autograder.messages import Catalogue
from autograder.model import CheckResult, SubmissionReport
from autograder.writers.files import json_text, safe_dirname, write_atomic
from autograder.writers.html_report import check_templates, class_index_html, feedback_html
from autograder.writers.templates import describe, load_templates
from autograder.writers.texts import (
    detail_json,
    feedback_md,
    grades_csv,
    intake_json,
    results_json,
)


class ReportWriter:
    """Writes one student's files the moment the student is graded."""

    def __init__(
        self,
        out: Path,
        assignment: Assignment,
        *,
        lang: str,
        keep: bool = True,
        templates: str | Path | None = None,
    ) -> None:
        self.out = out
        self.assignment = assignment
        self.lang = lang
        self.catalogue = Catalogue.for_suite(assignment.suite)
        # An instructor's templates (None: the kit's), rendered once on a sample here, so a
        # broken one raises html_report.TemplateProblem before anybody is graded.
        self.templates = check_templates(templates, lang=lang, catalogue=self.catalogue)
        # Pages already in OUT are reused only if they were written with these templates:
        # OUT/.cache/html-templates names the ones the last finished run used (no file: the
        # kit's own, which render what the kit wrote before it had templates). Until this
        # run finishes it names none, so an interrupted restyle is redone next time.
        self._look = out / ".cache" / "html-templates"
        try:
            before = self._look.read_text(encoding="utf-8")
        except FileNotFoundError:
            before = load_templates(None).fingerprint
        except (OSError, ValueError):
            before = ""  # unreadable: written with who knows what, so render again
        self.same_look = before == self.templates.fingerprint
        if keep and not self.same_look:
            write_atomic(self._look, "restyling\n")
        self.reports: dict[str, SubmissionReport] = {}
        self._shared: dict[object, object] = {}  # one copy of each equal piece, see slim()
        self.keep = keep

    FILES = ("results.json", "feedback.md", "feedback.html", "detail.json")

    def __call__(self, report: SubmissionReport, *, cached: bool = False) -> None:
        if self.keep:  # for the class-wide files (a grading worker writes none)
            self.reports[report.student_id] = self.slim(report)
        folder = self.out / safe_dirname(report.student_id)
        if cached and self.same_look and self._written_for(folder, report.student_id):
            # written by the run that graded it (the cache key includes the language), or
            # by a worker of this run
            return
        kw = {"lang": self.lang, "catalogue": self.catalogue}
        title = self.assignment.title
        page = self._render(
            feedback_html, report, f"{report.student_id!r}'s feedback.html", title=title, **kw
        )
        write_atomic(folder / "results.json", results_json(report, **kw))
        write_atomic(folder / "feedback.md", feedback_md(report, title=title, **kw))
        write_atomic(folder / "feedback.html", page)
        write_atomic(folder / "detail.json", detail_json(report))

    def _render(self, page: Callable[..., str], what: object, name: str, **kw: Any) -> str:
        """``page`` rendered with the run's templates. Where an instructor's template fails
        on one submission's data (the sample of check_templates rendered), that page is
        rendered with the kit's templates instead, with a warning: a page is never lost."""
        try:
            return page(what, templates=self.templates, **kw)
        except Exception as exc:
            if self.templates.folder is None:
                raise  # the kit's own templates: a bug, never hidden
            problem = describe(exc, self.templates)
            print(f"warning: {problem}; {name} uses the kit's templates", file=sys.stderr)
            return page(what, **kw)

    def _written_for(self, folder: Path, student_id: str) -> bool:
        """True when ``folder`` holds every report file and they are ``student_id``'s: a
        folder written by an older kit, whose folder names could collide (``a b`` and
        ``a_b-<hash>``), may hold another student's feedback."""
        if not all((folder / name).is_file() for name in self.FILES):
            return False
        # detail.json starts with the id (see detail_json): reading that prefix costs a tenth
        # of parsing a file, which matters on a re-run of a large, unchanged class
        head = ('{\n  "student_id": ' + json_text(student_id) + ",\n").encode("utf-8")
        try:
            with (folder / "detail.json").open("rb") as fh:
                return fh.read(len(head)) == head
        except OSError:
            return False

    def intake(self, summary: dict[str, object]) -> None:
        """OUT/intake.json: the layout of the download (layouts.ClassDownload.summary)."""
        write_atomic(self.out / "intake.json", intake_json(summary))

    def _share(self, value):
        return self._shared.setdefault(value, value)

    def slim(self, report: SubmissionReport) -> SubmissionReport:
        """What the class-wide files need of a report, kept until the run ends: no printed
        output, traceback, shown values or plot numbers, and a short detail. Equal pieces
        are kept once for the whole class (most students share most results: a passed
        check is the same result for all of them), so a student costs a few hundred bytes
        and memory barely grows with the class (`make bench` measures it)."""
        share = self._share
        results = tuple(
            share(
                CheckResult(  # the constructor: dataclasses.replace costs 5x as much
                    share(r.check),
                    r.outcome,
                    r.score,
                    r.message,
                    detail=r.detail[:300],
                    diagnosis=r.diagnosis,
                    # the deciding one: says whether the diagnosis is structural
                    expectations=share(r.expectations[-1:]),
                )
            )
            for r in report.results
        )
        return dataclasses.replace(
            report,
            results=share(results),
            functions=share(report.functions),
            layers=share(report.layers),
            max_points=self._shared.setdefault(tuple(report.max_points.items()), report.max_points),
            curves={},
        )

    def finish(self, reports: list[SubmissionReport]) -> None:
        """The class-wide files, once every student is done."""
        write_atomic(self.out / "grades.csv", grades_csv(reports, self.assignment.functions))
        index = self._render(
            class_index_html,
            reports,
            "index.html",
            title=self.assignment.title,
            lang=self.lang,
            catalogue=self.catalogue,
            feedback_href=lambda student_id: f"{safe_dirname(student_id)}/feedback.html",
        )
        write_atomic(self.out / "index.html", index)
        if not self.same_look:
            write_atomic(self._look, self.templates.fingerprint)
