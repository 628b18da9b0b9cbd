"""Each platform's naming rules (``docs/platforms.md`` and the shared notes quote the
sources), turned into people: who each file belongs to, their name and lateness as the
download says. Pure functions of a :class:`~autograder.intake.layouts.listing.Listing`.

canvas     ``<name>[_LATE]_<user id>_<attachment id>_<file>``, ``<prefix>_text.html``,
           ``<prefix>_link.html``; anonymous grading: ``[LATE_]anon_<id>_…`` and no name.
moodle     ``<Full Name>_<participant id>_assignsubmission_<type>/<path>`` or, without
           folders, ``…_assignsubmission_<type>_<file>``; ``onlinetext`` is not code.
classroom  ``<slug>-submissions/<slug>-<login>/`` (a clone, with its .git).
nbgrader   ``submitted/<student>/<assignment>/`` with ``timestamp.txt``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from autograder.intake.layouts.listing import Listing
from autograder.model import Message

CODE_KINDS = (".py", ".ipynb", ".zip")
_ENTRY = r"(?:(?P<att>\d+)_(?P<file>.+)|(?P<kind>text|link)\.html)$"
# Canvas's user name never holds "_<digits>_" (sanitize_user_name), so the first one after
# the name starts the ids.
CANVAS_NAMED = re.compile(r"^(?P<name>.*?)_(?P<late>LATE_)?(?P<id>\d+)_" + _ENTRY, re.S)
# anonymous_id is a short base58 string: any letters and digits are accepted
CANVAS_ANON = re.compile(r"^(?P<late>LATE_)?(?P<id>anon_[A-Za-z0-9]+)_" + _ENTRY, re.S)
CANVAS_COPY = re.compile(r"^(?P<base>.+)-(?P<n>\d+)(?P<ext>\.[^.]+)?$", re.S)
_MOODLE = r"^(?P<name>.*?)_(?P<id>\d+)_assignsubmission_(?P<type>[A-Za-z0-9]+)"
MOODLE_FOLDER = re.compile(_MOODLE + r"_?$", re.S)
MOODLE_FILE = re.compile(_MOODLE + r"_(?P<file>.+)$", re.S)
# What Moodle calls a blind-marked person, in the languages of this course.
MOODLE_BLIND = frozenset({"Participant", "참가자"})
TIMESTAMP_CHARS = 200


@dataclass(frozen=True)
class Entry:
    """One file a person handed in: its path in the download (``shown``), its own name
    (``file``: Canvas's display name, the path inside a Moodle folder), its version (the
    Canvas attachment id; 0 where the platform has none) and whether it may be code."""

    shown: str
    file: str
    version: int = 0
    code: bool = True


@dataclass
class Person:
    student_id: str
    name: str = ""
    late: bool | None = None
    entries: list[Entry] = field(default_factory=list)
    folder: str = ""  # folder layouts: the person's folder in the download ("x/")
    timestamp: str | None = None
    problem: Message | None = None


@dataclass
class Found:
    """What a layout made of a download: its people, and the entries that fit no rule."""

    people: dict[str, Person] = field(default_factory=dict)
    odd: list[str] = field(default_factory=list)
    anonymous: bool = False

    def person(self, student_id: str, *, name: str = "", **fields: object) -> Person:
        """The person of ``student_id``, made on first sight (a name unzipped on a Mac may
        come back decomposed: kept as NFC, as the platform wrote it)."""
        name = unicodedata.normalize("NFC", name)
        return self.people.setdefault(student_id, Person(student_id, name, **fields))  # type: ignore[arg-type]


def is_code(name: str) -> bool:
    return name.lower().endswith(CODE_KINDS)


# --- Canvas -------------------------------------------------------------------------------


def canvas(listing: Listing) -> Found:
    found = Found()
    names = [p for p in listing.files if "/" not in p]
    anon = [n for n in names if CANVAS_ANON.match(n)]
    named = [n for n in names if CANVAS_NAMED.match(n)]
    found.anonymous = bool(anon) and len(anon) >= len(named)
    pattern = CANVAS_ANON if found.anonymous else CANVAS_NAMED
    for path in sorted(listing.files):
        match = pattern.match(path) if "/" not in path else None
        if match is None:
            found.odd.append(path)
            continue
        who = found.person(
            match["id"],
            name="" if found.anonymous else match["name"],
            late=bool(match["late"]),
        )
        who.late = who.late or bool(match["late"])
        if match["kind"]:  # a text entry or a URL: a page, not code
            who.entries.append(Entry(path, f"{match['kind']}.html", code=False))
        else:
            file = match["file"]
            who.entries.append(Entry(path, file, int(match["att"]), is_code(file)))
    return found


def canonical(file: str) -> tuple[str, int]:
    """A Canvas display name without its duplicate number (``gd-2.py`` -> ``gd.py``, 2)."""
    match = CANVAS_COPY.match(file)
    if match is None:
        return file, 0
    return match["base"] + (match["ext"] or ""), int(match["n"])


# --- Moodle -------------------------------------------------------------------------------


def moodle(listing: Listing) -> Found:
    found = Found()
    for path in sorted(listing.files):
        head, sep, rest = path.partition("/")
        match = MOODLE_FOLDER.match(head) if sep else MOODLE_FILE.match(head)
        if match is None:
            found.odd.append(path)
            continue
        who = found.person(match["id"], name=match["name"].strip())
        file = rest if sep else match["file"]
        is_file_area = match["type"] == "file"
        who.entries.append(Entry(path, file, code=is_file_area and is_code(file)))
    names = {p.name for p in found.people.values()}
    if names and names <= MOODLE_BLIND:  # blind marking: no one's name is in the zip
        found.anonymous = True
        for p in found.people.values():
            p.name = ""
    return found


# --- GitHub Classroom ---------------------------------------------------------------------


def classroom(listing: Listing) -> Found:
    found = Found()
    folders = sorted({h for h in listing.top() if h.endswith("/")})
    slug = _slug(listing, folders)
    for head, paths in listing.top().items():
        if not head.endswith("/") or (slug and not head.startswith(slug)):
            found.odd.extend(paths)
            continue
        login = head[len(slug) : -1]
        found.person(login or head[:-1], folder=head)
    return found


def _slug(listing: Listing, folders: list[str]) -> str:
    """What to strip from a clone's folder name to get the login: ``<slug>-`` taken from
    the ``<slug>-submissions`` folder (gh classroom clone), else the longest ``…-`` that
    every clone's name starts with."""
    parent = PurePosixPath(listing.prefix.rstrip("/") or listing.root.name).name
    if parent.endswith("-submissions"):
        slug = parent[: -len("-submissions")] + "-"
        if any(f.startswith(slug) for f in folders):
            return slug
    names = [f[:-1] for f in folders if f in listing.repos]
    if len(names) < 2:
        return ""
    common = names[0]
    for name in names[1:]:
        while not name.startswith(common):
            common = common[:-1]
    return common[: common.rfind("-") + 1] if "-" in common else ""


# --- nbgrader -----------------------------------------------------------------------------


def nbgrader(listing: Listing, *, assignment: str) -> Found:
    """The course's assignment folder is the kit's assignment name when any student has
    it, else the one most students have (the course may call it otherwise); a student
    without it gets a row that says so, never another assignment's grade."""
    found = Found()
    folders: dict[str, list[str]] = {}
    for head, paths in listing.top().items():
        if not head.endswith("/"):
            found.odd.extend(paths)
            continue
        inner = {p[len(head) :].partition("/")[0] + "/" for p in paths if p.count("/") >= 2}
        folders[head] = sorted(inner)
    counts = Counter(name for inner in folders.values() for name in inner)
    wanted = f"{assignment}/"
    if wanted not in counts and counts:
        wanted = counts.most_common(1)[0][0]
    for head, inner in folders.items():
        who = found.person(head[:-1])
        chosen = wanted
        if chosen not in inner:
            who.problem = Message.of(
                "no_assignment_folder",
                where=head,
                names=", ".join(n.rstrip("/") for n in inner) or "-",
                assignment=wanted.rstrip("/"),
            )
            continue
        who.folder = head + chosen
        stamp = f"{head}{chosen}timestamp.txt"
        if stamp in listing.files:
            text = listing.read(stamp)[:TIMESTAMP_CHARS].decode("utf-8", "replace").strip()
            who.timestamp = text or None
    return found


# --- detection ----------------------------------------------------------------------------


def scores(listing: Listing) -> dict[str, int]:
    """How many of the download's top entries follow each platform's rules."""
    top = listing.top()
    files = [h for h in top if not h.endswith("/")]
    folders = [h for h in top if h.endswith("/")]
    anon = sum(bool(CANVAS_ANON.match(f)) for f in files)
    named = sum(bool(CANVAS_NAMED.match(f)) for f in files)
    moodle_count = sum(bool(MOODLE_FILE.match(f)) for f in files) + sum(
        bool(MOODLE_FOLDER.match(f[:-1])) for f in folders
    )
    parent = PurePosixPath(listing.prefix.rstrip("/") or listing.root.name).name
    clones = [f for f in folders if f in listing.repos]
    classroom_count = len(folders) if parent.endswith("-submissions") else len(clones)
    stamped = {
        p.split("/")[0] for p in listing.files if p.count("/") == 2 and p.endswith("/timestamp.txt")
    }
    nbgrader_count = len(folders) if parent == "submitted" else len(stamped)
    return {
        "canvas": max(anon, named),
        "moodle": moodle_count,
        "classroom": classroom_count,
        "nbgrader": nbgrader_count,
    }
