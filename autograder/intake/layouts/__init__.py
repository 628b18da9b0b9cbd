"""A class as the instructor got it: a folder or a .zip downloaded from Canvas, Moodle,
GitHub Classroom (``gh classroom clone student-repos``) or nbgrader's ``submitted/``, or a
plain folder of one entry per student. :func:`read_class` tells the layout apart, groups
each person's files and picks the one to grade; intake.py then reads that one file.

Each person is keyed by the platform's own id (the Canvas user id or ``anon_…``, the Moodle
participant number, the GitHub login, the nbgrader student folder, the plain entry's stem),
with the name and lateness the download gives. Nothing is extracted; nothing runs.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from autograder.intake import submission as intake
from autograder.intake.layouts import platforms
from autograder.intake.layouts.listing import LayoutError, Listing, list_folder, list_zip
from autograder.intake.layouts.platforms import Found, Person
from autograder.model import LAYOUTS, Identity, LeftOut, Message, Submission

__all__ = ["LAYOUTS", "ClassDownload", "LayoutError", "nbgrader_identity", "read_class"]


@dataclass(frozen=True)
class ClassDownload:
    """What :func:`read_class` found: the layout, the download as given, how many files it
    holds, one submission per person (sorted by id), whether the platform hid the names,
    and notes for the instructor (ids that differ only by case, say)."""

    layout: str
    source: str
    files: int
    submissions: tuple[Submission, ...]
    anonymous: bool = False
    notes: tuple[Message, ...] = ()

    @property
    def people(self) -> int:
        return len(self.submissions)

    def summary(self) -> dict[str, object]:
        """intake.json's document (the exports read which platform the ids belong to)."""
        return {
            "layout": self.layout,
            "source": self.source,
            "files": self.files,
            "people": self.people,
            "anonymous": self.anonymous,
        }


def read_class(
    path: Path, *, stem: str, assignment: str, layout: str | None = None
) -> ClassDownload:
    """The people in the download at ``path`` (a folder or a .zip); ``layout`` forces one
    of :data:`LAYOUTS` instead of telling it from the names. Raises :class:`LayoutError`
    when the download as a whole cannot be read (not a zip, empty, names that fit no
    layout, or not the forced one); a single entry that fits no rule is one ungradable
    submission, with the reason, and the rest of the class is graded."""
    if layout is not None and layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}: one of {', '.join(LAYOUTS)}")
    inner = _only_zip(path) if layout != "plain" else None
    if inner is not None:  # the download kept in a folder of its own
        try:
            found = read_class(inner, stem=stem, assignment=assignment, layout=layout)
        except LayoutError:
            found = None
        if found is not None and found.layout != "plain":
            return found
    if path.is_dir():
        listing = list_folder(path)
    elif path.is_file():
        listing = list_zip(path)
    else:
        raise LayoutError("class_bad_zip", path=path, why="no such file or folder")
    if not listing.files and not listing.repos and listing.zipped:
        raise LayoutError("class_empty", path=path)  # an empty folder: a header-only csv
    chosen, view = _detect(listing, forced=layout, path=path)
    if chosen == "plain":
        return _plain(path, listing, stem=stem)
    if chosen == "canvas":
        found = platforms.canvas(view)
    elif chosen == "moodle":
        found = platforms.moodle(view)
    elif chosen == "classroom":
        found = platforms.classroom(view)
    else:
        found = platforms.nbgrader(view, assignment=assignment)
    subs = [_submission(p, view, chosen, stem) for p in found.people.values()]
    subs += _odd(found, view, chosen, taken={s.student_id for s in subs})
    subs.sort(key=lambda s: s.student_id)
    return ClassDownload(
        layout=chosen,
        source=str(path),
        files=len(view.files),
        submissions=tuple(subs),
        anonymous=found.anonymous,
        notes=_clashes(subs),
    )


def _only_zip(path: Path) -> Path | None:
    """The one .zip a folder holds and nothing else (hidden files and a README aside): an
    LMS download saved into a folder of its own, which is read as that download when it
    is one, rather than as a class of one student named after the zip."""
    if not path.is_dir():
        return None
    entries = [
        e
        for e in path.iterdir()
        if not e.name.startswith((".", "_")) and e.name.lower() != "readme.md"
    ]
    if len(entries) == 1 and entries[0].is_file() and entries[0].suffix.lower() == ".zip":
        return entries[0]
    return None


def nbgrader_identity(path: Path) -> Identity:
    """Who a submission found in an nbgrader course is (``--nbgrader-course``): the
    timestamp.txt of its ``submitted/<student>/<assignment>/`` folder (``path`` is that
    folder or a notebook in it)."""
    folder = path if path.is_dir() else path.parent
    try:
        with (folder / "timestamp.txt").open("rb") as fh:
            text = fh.read(platforms.TIMESTAMP_CHARS).decode("utf-8", "replace").strip()
    except OSError:
        text = ""
    return Identity(layout="nbgrader", timestamp=text or None)


def _views(listing: Listing) -> list[Listing]:
    """Where the people may be: the download itself, its ``submitted/`` (an nbgrader
    course), its one ``<slug>-submissions/`` (a gh classroom clone's parent), or the one
    folder a re-zipped download was wrapped in."""
    views = [listing]
    top = listing.top()
    folders = [h for h in top if h.endswith("/")]
    if "submitted/" in top:
        views.append(listing.under("submitted/"))
    clones = [f for f in folders if f.endswith("-submissions/")]
    if len(clones) == 1:
        views.append(listing.under(clones[0]))
    if len(top) == 1 and folders and folders[0] not in ("submitted/", *clones):
        views.append(listing.under(folders[0]))
    return views


def _detect(listing: Listing, *, forced: str | None, path: Path) -> tuple[str, Listing]:
    best: tuple[int, str, Listing] | None = None
    for view in _views(listing):
        entries = len(view.top())
        for name, score in platforms.scores(view).items():
            if forced is not None and name != forced:
                continue
            fits = score > 0 and (forced is not None or 2 * score >= entries)
            if fits and (best is None or score > best[0]):
                best = (score, name, view)
    if best is not None:
        return best[1], best[2]
    if forced == "plain" or (forced is None and not listing.zipped):
        return "plain", listing  # a folder: today's one entry per student
    if forced is not None:
        try:
            seen = _detect(listing, forced=None, path=path)[0]
        except LayoutError:
            seen = "plain"
        if seen != "plain":
            raise LayoutError("layout_mismatch_seen", path=path, layout=forced, seen=seen)
        raise LayoutError("layout_mismatch", path=path, layout=forced)
    raise LayoutError("layout_none", path=path)


def _submission(person: Person, view: Listing, layout: str, stem: str) -> Submission:
    identity = Identity(
        layout=layout, name=person.name, late=person.late, timestamp=person.timestamp
    )
    if person.problem is not None or person.folder:  # folder layouts: intake picks inside
        where, member = view.folder(person.folder) if person.folder else (str(view.root), "")
        return Submission(person.student_id, where, member, identity, person.problem)
    graded, left, problem = _choose(person, view, layout, stem)
    if graded is None:
        identity = Identity(layout, person.name, person.late, left_out=tuple(left))
        return Submission(person.student_id, str(view.root), "", identity, problem)
    path, member = view.source(view.files[graded])
    identity = Identity(layout, person.name, person.late, None, (graded,), tuple(left))
    return Submission(person.student_id, path, member, identity)


def _choose(
    person: Person, view: Listing, layout: str, stem: str
) -> tuple[str | None, list[LeftOut], Message | None]:
    """The file to grade of a person's files (the shown path), the files left out and why,
    or the reason none can be graded. Of several versions of one file the newest is graded
    (the highest Canvas attachment id, then the highest ``-N`` copy number); of different
    files, intake's rule (:func:`intake.choose`) picks, as for a folder handed in."""
    left = [LeftOut(e.shown, "not_code") for e in person.entries if not e.code]
    versions: dict[str, list[tuple[int, int, str, str]]] = {}
    for e in (e for e in person.entries if e.code):
        base, copy = platforms.canonical(e.file) if layout == "canvas" else (e.file, 0)
        versions.setdefault(base.lower(), []).append((e.version, copy, e.shown, base))
    newest: dict[str, str] = {}  # the file's own name -> its shown path
    for items in versions.values():
        *older, last = sorted(items)
        left += [LeftOut(shown, "older_version") for _, _, shown, _ in older]
        newest[last[3]] = last[2]
    if not newest:
        files = ", ".join(e.file for e in person.entries) or "-"
        return None, left, Message.of("no_code_submitted", files=files)
    read: Callable[[str], bytes] = lambda name: view.read(newest[name])  # noqa: E731
    try:
        with intake.last_resort(person.student_id):
            picked = intake.choose(sorted(newest), stem, person.student_id, read)
    except intake.Ungradable as exc:
        return None, left, exc.message
    left += [LeftOut(shown, "not_chosen") for name, shown in newest.items() if name != picked]
    return newest[picked], sorted(left, key=lambda x: x.file), None


def _odd(found: Found, view: Listing, layout: str, taken: set[str]) -> list[Submission]:
    """One ungradable submission per top entry that fits no rule of ``layout``."""
    heads: dict[str, None] = {}
    for path in found.odd:
        head, sep, _ = path.partition("/")
        heads[head + sep] = None
    subs = []
    for head in heads:
        student_id = head.rstrip("/")
        while student_id in taken:
            student_id += "~"
        taken.add(student_id)
        reason = Message.of("odd_entry", entry=head, layout=layout)
        identity = Identity(layout=layout)
        subs.append(Submission(student_id, str(view.root), "", identity, reason))
    return subs


def _clashes(subs: list[Submission]) -> tuple[Message, ...]:
    """A note for each set of ids that differ only by case or Unicode normalisation: two
    people to a platform that compares ids loosely, or one person twice."""
    groups: dict[str, list[str]] = {}
    for s in subs:
        groups.setdefault(unicodedata.normalize("NFC", s.student_id).casefold(), []).append(
            s.student_id
        )
    return tuple(
        Message.of("case_clash", ids=", ".join(ids)) for ids in groups.values() if len(ids) > 1
    )


def _plain(path: Path, listing: Listing, *, stem: str) -> ClassDownload:
    """Today's layout: one entry per student, the id its stem (intake.discover)."""
    if listing.zipped:
        subs = _plain_zip(path, listing)
    else:
        subs = intake.discover(path)
    return ClassDownload(
        layout="plain",
        source=str(path),
        files=len(listing.files),
        submissions=tuple(subs),
        notes=_clashes(list(subs)),
    )


def _plain_zip(path: Path, listing: Listing) -> list[Submission]:
    found: dict[str, list[tuple[str, str]]] = {}
    for head in listing.top():
        if head.endswith("/"):
            student_id, member = head[:-1], head
        elif head.lower().endswith(intake.KINDS):
            student_id, member = Path(head).stem, listing.files[head]
        else:
            continue
        found.setdefault(student_id, []).append((head, member))
    subs = []
    for student_id, entries in sorted(found.items()):
        problem = None
        if len(entries) > 1:
            names = ", ".join(h for h, _ in entries)
            problem = Message.of("duplicate_id", id=student_id, entries=names)
        subs.append(Submission(student_id, str(path), entries[0][1], problem=problem))
    return subs
