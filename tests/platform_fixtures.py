"""Class downloads built from each platform's naming rules (docs/platforms.md quotes the
sources), written into a test's tmp_path: nothing binary is kept in the repository.

Each builder takes :class:`Person` records (the platform's id, the display name, the files
they uploaded in upload order, lateness, a text entry) and returns ``{path: bytes}``; write
it as a folder (:func:`write_folder`) or as the .zip the platform hands out
(:func:`write_zip`).
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import CORPUS

RIGHT = (CORPUS / "correct_vectorised.py").read_bytes()  # full marks
MSE_WRONG = (CORPUS / "mistake_mse_mae.py").read_bytes()  # loses mse only
GD_WRONG = (CORPUS / "mistake_gd_ascent.py").read_bytes()  # loses gradient_descent only


def notebook(code: bytes) -> bytes:
    """The same code as one notebook cell."""
    cell = {"cell_type": "code", "metadata": {}, "source": code.decode(), "outputs": []}
    doc = {"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(doc).encode()


def zipped(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buf.getvalue()


@dataclass
class Person:
    id: str  # Canvas user id or anonymous id, Moodle participant id, login, nbgrader id
    name: str = ""  # display name, "First Last"
    files: list[tuple[str, bytes]] = field(default_factory=list)  # in upload order
    late: bool = False
    text: bool = False  # also an online text entry


# --- Canvas: lib/content_zipper.rb ---------------------------------------------------------


def canvas_sortable(name: str) -> str:
    """Canvas's sortable name: the last word first ("Minjun Kim" -> "Kim, Minjun")."""
    *first, last = name.split()
    return f"{last}, {' '.join(first)}" if first else last


def canvas_prefix(person: Person, *, anonymous: bool) -> str:
    users_name = None
    if not anonymous:
        users_name = re.sub(r"_(\d+)_", r"\1", canvas_sortable(person.name)).lower()
    user = f"anon_{person.id}" if anonymous else person.id
    parts = [p for p in (users_name, "LATE" if person.late else None, user) if p is not None]
    return re.sub(r"[^\w]", "", "_".join(parts))  # sanitize_file_name keeps [[:word:]]


def canvas_unique(name: str, taken: set[str]) -> str:
    """Attachment.make_unique_filename: name-1.ext, name-2.ext, … when taken."""
    if name not in taken:
        return name
    stem, dot, ext = name.rpartition(".")
    stem, dot, ext = (stem, dot, ext) if dot else (name, "", "")
    n = 1
    while f"{stem}-{n}{dot}{ext}" in taken:
        n += 1
    return f"{stem}-{n}{dot}{ext}"


def canvas(people: list[Person], *, anonymous: bool = False, first_attachment: int = 5000):
    """{entry: bytes} of a "Download Submissions" zip; attachment ids grow with upload
    order from ``first_attachment`` (a re-download gives other ids)."""
    entries: dict[str, bytes] = {}
    attachment = first_attachment
    for person in people:
        prefix = canvas_prefix(person, anonymous=anonymous)
        taken: set[str] = set()
        for display, data in person.files:
            display = canvas_unique(display, taken)
            taken.add(display)
            attachment += 7
            clean = re.sub(r'[\x00/\\:*?"<>|]+', "_", display)
            entries[f"{prefix}_{attachment}_{clean}"] = data
        if person.text:
            entries[f"{prefix}_text.html"] = b"<html><body><p>see my file</p></body></html>"
    return entries


# --- Moodle: mod/assign/classes/downloader.php ---------------------------------------------


def moodle_clean(name: str) -> str:
    """clean_filename (PARAM_FILE): drops control characters and &<>"`|':\\/."""
    return re.sub(r"[\x00-\x1f&<>\"`|':\\/]", "", name)


def moodle(people: list[Person], *, folders: bool = True, blind: bool = False):
    entries: dict[str, bytes] = {}
    for person in people:
        fullname = "Participant" if blind else person.name
        prefix = moodle_clean(f"{fullname.replace('_', ' ')}_{person.id}")
        areas = [("file", person.files)]
        if person.text:
            areas.append(("onlinetext", [("onlinetext.html", b"<p>my notes</p>")]))
        for area, files in areas:
            for name, data in files:
                if folders:
                    entries[f"{moodle_clean(f'{prefix}_assignsubmission_{area}')}/{name}"] = data
                else:
                    entries[moodle_clean(f"{prefix}_assignsubmission_{area}_{name}")] = data
    return entries


# --- GitHub Classroom: gh classroom clone student-repos ------------------------------------

STARTER = {
    "README.md": b"# Gradient descent\n",
    "check_public.py": b"print('public checks')\n",
    ".github/workflows/classroom.yml": b"name: Autograding\n",
    ".git/HEAD": b"ref: refs/heads/main\n",
    ".git/config": b"[core]\n",
}


def classroom(people: list[Person], *, slug: str = "gradient-descent") -> dict[str, bytes]:
    entries: dict[str, bytes] = {}
    for person in people:
        repo = f"{slug}-submissions/{slug}-{person.id}"
        for name, data in [*STARTER.items(), *person.files]:
            entries[f"{repo}/{name}"] = data
    return entries


# --- nbgrader: exchange collect -> submitted/<student>/<assignment>/ -----------------------


def nbgrader(people: list[Person], *, assignment: str = "gradient_descent"):
    entries: dict[str, bytes] = {}
    for number, person in enumerate(people):
        folder = f"submitted/{person.id}/{assignment}"
        stamp = f"2026-11-{20 + number:02d} 18:30:00.000000 UTC"
        entries[f"{folder}/timestamp.txt"] = stamp.encode()
        for name, data in person.files:
            entries[f"{folder}/{name}"] = data
    return entries


# --- writing --------------------------------------------------------------------------------


def write_folder(root: Path, entries: dict[str, bytes]) -> Path:
    for name, data in entries.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    root.mkdir(parents=True, exist_ok=True)
    return root


def write_zip(path: Path, entries: dict[str, bytes]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(zipped(entries))
    return path
