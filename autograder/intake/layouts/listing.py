"""The names in a class download, a folder or a .zip, read without extracting anything.

A :class:`Listing` holds every file's path (POSIX, relative to the download) and reads a
file's first bytes on demand, so the layouts (platforms.py) can parse names and, when a
person handed in both a stub and a notebook, let intake's rule look inside. Junk that no
platform writes (``__MACOSX/``, ``.DS_Store``, hidden files, a clone's ``.git/``) is left
out; the clones of GitHub Classroom are remembered as folders that held a ``.git``.
"""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from autograder.intake.submission import (
    IGNORED_PARTS,
    MAX_ZIP_MEMBERS,
    MAX_ZIP_RATIO,
    member_name,
    open_class_zip,
    size_limit,
)
from autograder.model import Message

# A class zip holds every person's files: the per-student cap of intake times a class.
MAX_CLASS_MEMBERS = MAX_ZIP_MEMBERS * 200
MAX_FOLDER_DEPTH = 6
JUNK_NAMES = frozenset({"thumbs.db", "desktop.ini"})


class LayoutError(Exception):
    """The download as a whole cannot be read as a class; ``message`` says why."""

    def __init__(self, key: str, **fields: object) -> None:
        self.message = Message.of(key, **fields)
        super().__init__(key)


def is_junk(path: str) -> bool:
    parts = PurePosixPath(path).parts
    return any(p.startswith(".") or p in IGNORED_PARTS for p in parts) or (
        bool(parts) and parts[-1].lower() in JUNK_NAMES
    )


@dataclass
class Listing:
    """The files of a download: ``files`` maps each shown path (relative to ``root``, or to
    the zip, below ``prefix``) to its stored name (the path on disk below ``root``, or the
    zip member's exact name)."""

    root: Path
    zipped: bool
    files: dict[str, str] = field(default_factory=dict)
    repos: set[str] = field(default_factory=set)  # folders that held a .git (shown paths)
    prefix: str = ""  # the folder of the download the people are in ("" or "x/")

    def under(self, prefix: str) -> Listing:
        """The same download seen from its folder ``prefix`` ("x/")."""
        files = {k[len(prefix) :]: v for k, v in self.files.items() if k.startswith(prefix)}
        repos = {r[len(prefix) :] for r in self.repos if r.startswith(prefix)}
        return Listing(self.root, self.zipped, files, repos, self.prefix + prefix)

    def top(self) -> dict[str, list[str]]:
        """Each first path part (a file, or a folder's name + "/") with its files."""
        found: dict[str, list[str]] = {}
        for path in sorted(self.files):
            head, sep, _ = path.partition("/")
            found.setdefault(head + sep, []).append(path)
        return found

    def read(self, path: str) -> bytes:
        """A file's bytes, at most one more than intake's cap for its kind (b"" if too big or
        unreadable): enough for intake's rule that compares a .py with the released stub."""
        stored = self.files[path]
        limit = size_limit(path)
        try:
            if not self.zipped:
                target = self.root / stored
                if target.is_symlink() or not target.is_file():
                    return b""
                with target.open("rb") as fh:
                    return fh.read(limit + 1)
            zf = open_class_zip(self.root)
            info = zf.getinfo(stored)
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > limit or (info.file_size > 2**20 and ratio > MAX_ZIP_RATIO):
                return b""
            with zf.open(info) as fh:
                return fh.read(limit + 1)
        except (OSError, KeyError, zipfile.BadZipFile, RuntimeError, NotImplementedError):
            return b""

    def source(self, stored: str) -> tuple[str, str]:
        """A :class:`~autograder.model.Submission`'s (path, member) for a stored name: the
        file itself when the download is a folder, else the zip and the member."""
        if self.zipped:
            return str(self.root), stored
        return str(self.root / stored), ""

    def folder(self, shown: str) -> tuple[str, str]:
        """(path, member) for a person's folder ``shown`` ("x/") of this download."""
        if self.zipped:
            return str(self.root), self.prefix + shown
        return str(self.root / (self.prefix + shown).rstrip("/")), ""


def list_folder(root: Path) -> Listing:
    """A folder's files, MAX_FOLDER_DEPTH deep at most and MAX_CLASS_MEMBERS of them: every
    platform's names are near the top, and a plain class (whose folders intake reads
    itself) may hold anything below."""
    listing = Listing(root, zipped=False)
    for here, dirs, names in os.walk(root):
        rel = Path(here).relative_to(root).as_posix()
        rel = "" if rel == "." else rel + "/"
        if ".git" in dirs:
            listing.repos.add(rel)
        deep = rel.count("/") >= MAX_FOLDER_DEPTH
        dirs[:] = [] if deep else sorted(d for d in dirs if not is_junk(d))
        for name in sorted(names):
            path = rel + name
            if not is_junk(path):
                listing.files[path] = path
        if len(listing.files) > MAX_CLASS_MEMBERS:
            break
    return listing


def list_zip(root: Path) -> Listing:
    listing = Listing(root, zipped=True)
    try:
        with zipfile.ZipFile(root) as zf:
            infos = zf.infolist()
    except zipfile.BadZipFile as exc:
        raise LayoutError("class_bad_zip", path=root, why=str(exc)) from None
    except OSError as exc:
        raise LayoutError("class_bad_zip", path=root, why=exc.strerror or str(exc)) from None
    if len(infos) > MAX_CLASS_MEMBERS:
        raise LayoutError("class_too_many", path=root, count=len(infos), limit=MAX_CLASS_MEMBERS)
    for info in infos:
        shown = member_name(info).replace("\\", "/")
        parts = PurePosixPath(shown).parts
        if ".git" in parts:
            listing.repos.add("".join(p + "/" for p in parts[: parts.index(".git")]))
            continue
        if info.is_dir() or shown.endswith("/") or is_junk(shown):
            continue
        if shown.startswith("/") or ".." in parts:  # never extracted; its owner is told
            shown = shown.lstrip("/")
        listing.files[shown] = info.filename
    return listing
