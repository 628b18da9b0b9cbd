"""Stage 1, intake: the class's submissions (a folder or a platform's .zip read by
:func:`layouts.read_class`, a download already read, or submissions already found), then
each one's file, read when its turn comes. No grading and no cache here."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from autograder.intake import submission as intake
from autograder.intake.layouts import ClassDownload, read_class
from autograder.model import Identity, Message, Source, Submission


@dataclass(frozen=True)
class Received:
    """The class as taken in: its submissions, and the download's summary (intake.json)
    when it came as a download."""

    found: tuple[Submission, ...]
    summary: dict[str, object] | None = None

    def identities(self) -> dict[str, Identity]:
        """Who each one is (name, lateness, files left out): every report carries it."""
        return {sub.student_id: sub.identity for sub in self.found}


def receive(
    submissions: Path | ClassDownload | Sequence[Submission],
    *,
    stem: str,
    assignment: str,
    layout: str | None = None,
) -> Received:
    """The class in ``submissions``; a folder or .zip is read under ``layout`` (None: told
    from the names). A download that cannot be read as a class raises
    ``layouts.LayoutError``."""
    if isinstance(submissions, Path):
        submissions = read_class(submissions, stem=stem, assignment=assignment, layout=layout)
    if isinstance(submissions, ClassDownload):
        return Received(tuple(submissions.submissions), submissions.summary())
    return Received(tuple(submissions))


@dataclass(frozen=True)
class Read:
    """One submission's file as read: its ``source``, or ``problem``, why it cannot be
    graded (no file, unreadable, too large, …)."""

    submission: Submission
    source: Source | None
    problem: Message | None = None

    def syntax_problem(self) -> Message | None:
        """Why the source does not parse, if it does not (asked only of a submission that
        must be graded: a cached one parsed when it was graded)."""
        assert self.source is not None
        try:
            intake.check_syntax(self.source)
        except intake.Ungradable as exc:
            return exc.message
        return None


def read_each(found: Iterable[Submission], *, stem: str) -> Iterator[Read]:
    """Each submission's file, read one at a time (the text is not kept: the grading
    session reads it again, see :class:`intake.LazySources`)."""
    for sub in found:
        try:
            yield Read(sub, intake.load(sub, stem=stem, syntax=False))
        except intake.Ungradable as exc:
            yield Read(sub, None, exc.message)
