"""Find the submissions in a class folder and turn each into runnable source text.

Accepted, per student:
  SUBMISSIONS/<id>/ holding <name>.py, a .ipynb, or a single .zip
  SUBMISSIONS/<id>.py | <id>.ipynb | <id>.zip
Nothing here runs student code: files are read as text (``compile`` only parses).
Zip members are read in memory, never extracted, with size caps.
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import gc
import io
import json
import logging
import re
import tokenize
import warnings
import zipfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path, PurePosixPath

from autograder.messages import DEFAULT
from autograder.model import Message, Source, Submission

# How a notebook's cells become Python (IPython-only lines, cell magics whose body is Python
# such as %%time, a %%writefile of a .py file) has one copy, autograder/public/student_file.py,
# whose text the public checks' runtime holds: a released folder runs it without the kit, and
# the grader reads notebooks by the same rules (and tells a stub left as released by the same
# stub_lines).
from autograder.public.student_file import (
    PYTHON_CELL_MAGICS,
    WRITEFILE_PY,
    ipython_to_python,
    stub_lines,
)

MAX_SOURCE_BYTES = 2 * 2**20  # a .py file; also the code a notebook's code cells may hold
# A notebook's file may be larger: its outputs (plots as base64 images, printed logs) are
# not code. Its code is capped apart: MAX_SOURCE_BYTES characters, MAX_CODE_LINES lines
# and MAX_CODE_CELLS code cells, which bounds the time intake spends on one submission.
MAX_NOTEBOOK_BYTES = 20 * 2**20
MAX_CODE_LINES = 100_000
MAX_CODE_CELLS = 5_000
MAX_ZIP_MEMBERS = 500
MAX_ZIP_TOTAL = 50 * 2**20  # declared uncompressed size of all members together
MAX_ZIP_RATIO = 200  # a member that expands more than this is a zip bomb
KINDS = (".py", ".ipynb", ".zip")
IGNORED_PARTS = ("__MACOSX", ".ipynb_checkpoints", "__pycache__")
log = logging.getLogger(__name__)


class Ungradable(Exception):
    """The submission cannot be graded at all; ``message`` says why, for the student."""

    def __init__(self, key: str, **fields: object) -> None:
        self.message = Message.of(key, **fields)
        super().__init__(DEFAULT.render(self.message, "en"))


def discover(folder: Path) -> list[Submission]:
    """Every submission in ``folder``, sorted by student id. Hidden files are ignored."""
    found: dict[str, list[Path]] = {}
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith((".", "_")) or entry.name in ("README.md",):
            continue
        if entry.is_dir():
            student_id = entry.name
        elif entry.suffix.lower() in KINDS:
            student_id = entry.stem
        else:
            continue
        found.setdefault(student_id, []).append(entry)
    subs = []
    for student_id, entries in sorted(found.items()):
        # both kim/ and kim.py: which is kim's (or are they two people)? Not a guess: the
        # row says so and names both
        problem = None
        if len(entries) > 1:
            names = ", ".join(e.name + ("/" if e.is_dir() else "") for e in entries)
            problem = Message.of("duplicate_id", id=student_id, entries=names)
        subs.append(Submission(student_id, str(entries[0]), problem=problem))
    return subs


def declared_encoding(data: bytes) -> str | None:
    """The encoding a PEP 263 cookie (``# -*- coding: latin-1 -*-``) in the first two lines
    declares, as Python itself reads the file; None without a cookie."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError:  # undecodable first lines without a cookie, or an unknown one
        return None
    return None if encoding in ("utf-8", "utf-8-sig") else encoding


def decode_text(data: bytes, name: str) -> str:
    if not data.strip():
        raise Ungradable("empty", name=name)
    declared = declared_encoding(data)
    # cp949: Korean Windows editors
    for encoding in (*([declared] if declared else []), "utf-8-sig", "cp949"):
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    raise Ungradable("not_text", name=name)


def is_test_cell(cell: dict) -> bool:
    """An nbgrader autograder-test cell (graded, not a solution): the instructor's checks,
    not the student's code. Running them in the sandbox would only repeat, at load time,
    what the hidden suite grades (nbgrader itself regrades them from its own copy)."""
    meta = cell.get("metadata")
    nbgrader = meta.get("nbgrader") if isinstance(meta, dict) else None
    if not isinstance(nbgrader, dict):
        return False
    return nbgrader.get("grade") is True and not nbgrader.get("solution")


def _text(value: object) -> str | None:
    """A notebook's multi-line string (a string, or a list of strings to join), else None."""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(part, str) for part in value):
        return "".join(value)
    return None


def _json(text: str) -> object:
    """json.loads with the cyclic garbage collector paused: JSON makes no cycles, and the
    collections it runs while millions of lists are built were most of the time (a 19 MiB
    notebook of empty lists: 5.8 s, 1.0 s without)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return json.loads(text)
    finally:
        if enabled:
            gc.enable()


def notebook_cells(data: bytes, name: str) -> list[tuple[dict, str]]:
    """The code cells of a notebook with their source text, after checking the structure
    the grader reads (any other field is left alone): a JSON object whose "cells" (or
    nbformat 3's "worksheets"[…]["cells"]) is a list of objects, each with a text
    "cell_type" and a text "source" (a string or a list of strings; nbformat 3 code cells:
    "input")."""
    try:
        nb = _json(decode_text(data, name))
    except RecursionError:
        raise Ungradable("notebook_too_deep", name=name) from None
    except ValueError:  # not JSON (a number over 4,300 digits too)
        raise Ungradable("bad_notebook", name=name) from None
    if not isinstance(nb, dict):
        raise Ungradable("bad_notebook", name=name)
    if "cells" not in nb and isinstance(nb.get("worksheets"), list):  # nbformat 3
        sheets = nb["worksheets"]
        if not all(isinstance(s, dict) and isinstance(s.get("cells"), list) for s in sheets):
            raise Ungradable("notebook_bad_cells", name=name)
        cells, code_key = [c for sheet in sheets for c in sheet["cells"]], "input"
    elif "cells" in nb:
        cells, code_key = nb["cells"], "source"
        if not isinstance(cells, list):
            raise Ungradable("notebook_bad_cells", name=name)
    else:
        raise Ungradable("bad_notebook", name=name)
    found = []
    for number, cell in enumerate(cells, 1):
        if not isinstance(cell, dict):
            raise Ungradable("notebook_bad_cell", name=name, cell=number)
        if not isinstance(cell.get("cell_type"), str):
            raise Ungradable("notebook_bad_cell_type", name=name, cell=number)
        key = code_key if cell["cell_type"] == "code" else "source"
        text = _text(cell.get(key, ""))
        if text is None:
            raise Ungradable("notebook_bad_source", name=name, cell=number, field=key)
        if cell["cell_type"] == "code":
            found.append((cell, text))
    return found


def notebook_chunks(data: bytes, name: str) -> tuple[str, ...]:
    cells = notebook_cells(data, name)
    if len(cells) > MAX_CODE_CELLS:
        raise Ungradable("notebook_too_many_cells", name=name, limit=f"{MAX_CODE_CELLS:,}")
    cells_lines = [text.splitlines() for _, text in cells]
    size = sum(len(text) for _, text in cells)
    if size > MAX_SOURCE_BYTES or sum(map(len, cells_lines)) > MAX_CODE_LINES:
        raise Ungradable(
            "notebook_too_much_code",
            name=name,
            lines=f"{MAX_CODE_LINES:,}",
            mb=MAX_SOURCE_BYTES // 2**20,
        )
    # One chunk per code cell, "" for a cell that is not run (empty, a %%bash cell, an
    # nbgrader test cell), so that "code cell N" in messages and tracebacks is the N-th
    # code cell the student sees.
    chunks = []
    for (cell, _), lines in zip(cells, cells_lines, strict=True):
        if lines and lines[0].lstrip().startswith("%%"):
            python = lines[0].lstrip().startswith(PYTHON_CELL_MAGICS) or bool(
                WRITEFILE_PY.match(lines[0])
            )  # run the body
            lines = ["", *lines[1:]] if python else []
        code = "" if is_test_cell(cell) else ipython_to_python(lines)
        chunks.append(code if code.strip() else "")
    if not any(chunks):
        raise Ungradable("no_code_cells", name=name)
    return tuple(chunks)


def size_limit(name: str) -> int:
    """The largest file accepted as ``name``: a notebook's outputs are not code."""
    return MAX_NOTEBOOK_BYTES if name.lower().endswith(".ipynb") else MAX_SOURCE_BYTES


def to_source(data: bytes, name: str, origin: str) -> Source:
    if len(data) > size_limit(name):
        raise Ungradable("too_large", name=name)
    if name.lower().endswith(".ipynb"):
        chunks, kind = notebook_chunks(data, name), "ipynb"
    else:
        chunks, kind = (decode_text(data, name),), "py"
    return Source(chunks=chunks, origin=origin, kind=kind)


LINE_BREAK = re.compile(r"\r\n|\r|\n")  # the line ends Python counts


def check_syntax(source: Source) -> None:
    """Raise Ungradable if a chunk does not parse (a separate step: a submission whose
    graded result is cached was parsed when it was graded, and parsing is most of the
    time of an unchanged re-run)."""
    name = PurePosixPath(source.origin.rsplit(":", 1)[-1]).name
    with last_resort(name):
        _check_syntax(source, name)


def _check_syntax(source: Source, name: str) -> None:
    for index, chunk in enumerate(source.chunks):
        if "\0" in chunk:  # Python's own error for it has no line number
            line = len(LINE_BREAK.findall(chunk, 0, chunk.index("\0"))) + 1
            if source.kind == "ipynb":
                raise Ungradable("null_byte_cell", name=name, line=line, cell=index + 1)
            raise Ungradable("null_byte", name=name, line=line)
        try:
            with warnings.catch_warnings():  # the student's SyntaxWarnings are not ours
                warnings.simplefilter("ignore")
                compile(chunk, name, "exec", dont_inherit=True)
        except SyntaxError as exc:
            if source.kind == "ipynb":
                raise Ungradable(
                    "syntax_error_cell", name=name, line=exc.lineno, cell=index + 1, error=exc.msg
                ) from None
            raise Ungradable("syntax_error", name=name, line=exc.lineno, error=exc.msg) from None
        except (ValueError, RecursionError, MemoryError):
            raise Ungradable("unparsable", name=name) from None


def pick(names: list[str], stem: str, what: str) -> str:
    """The file to grade among ``names``: <stem>.py, else <stem>.ipynb, else one notebook,
    else one .py. A name found at several places is the shallowest one; two at the same
    shallowest depth (``final/`` and ``old/``) are ungradable: which to grade is a guess."""
    visible = [n for n in names if not any(p in n for p in IGNORED_PARTS)]
    for preferred in (f"{stem}.py", f"{stem}.ipynb"):
        found = [n for n in visible if PurePosixPath(n).name.lower() == preferred]
        if found:
            depth = min(len(PurePosixPath(n).parts) for n in found)
            shallowest = sorted(n for n in found if len(PurePosixPath(n).parts) == depth)
            if len(shallowest) > 1:
                listed = ", ".join(shallowest[:5]) + (", …" if len(shallowest) > 5 else "")
                raise Ungradable("same_name", where=what, file=preferred, names=listed)
            return shallowest[0]
    for ext in (".ipynb", ".py", ".zip"):
        matches = [n for n in visible if n.lower().endswith(ext)]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            names = ", ".join(sorted(PurePosixPath(m).name for m in matches)[:5])
            raise Ungradable("ambiguous", where=what, ext=ext, stem=stem, names=names)
    raise Ungradable("no_file", where=what, stem=stem)


@functools.cache
def _released_stub(stem: str) -> tuple[str, ...] | None:
    """The lines of the stub students were given for ``stem`` (made from the reference
    solution as `make release` makes it), or None when the kit has no such reference."""
    from autograder.assignment import KIT_ROOT
    from autograder.public.stubgen import strip_solutions

    try:
        text = (KIT_ROOT / "solutions" / f"{stem}.py").read_text(encoding="utf-8")
        return stub_lines(strip_solutions(text))
    except (OSError, ValueError):
        return None


def is_released_stub(data: bytes, stem: str) -> bool:
    """True when ``data`` is the released stub, untouched (blank lines, trailing spaces and
    line endings aside)."""
    stub = _released_stub(stem)
    if stub is None:
        return False
    try:
        return stub_lines(decode_text(data, stem)) == stub
    except Ungradable:
        return False


def choose(names: list[str], stem: str, what: str, read: Callable[[str], bytes]) -> str:
    """:func:`pick`, except that a ``<stem>.py`` left exactly as released gives way to the
    notebook next to it: a student who worked in the notebook and handed in the whole
    folder, stub included, is graded on the notebook (``read`` gives a name's bytes)."""
    chosen = pick(names, stem, what)
    if PurePosixPath(chosen).name.lower() != f"{stem}.py":
        return chosen
    notebooks = [n for n in names if n.lower().endswith(".ipynb")]
    if not notebooks or not is_released_stub(read(chosen), stem):
        return chosen
    try:
        return pick(notebooks, stem, what)
    except Ungradable:  # several notebooks and none named <stem>.ipynb: no better guess
        return chosen


def check_zip_members(archive: str, infos: list[zipfile.ZipInfo]) -> None:
    """Refuse archives that try to escape, link or explode, whichever member is graded."""
    total = 0
    for info in infos:
        name = info.filename.replace("\\", "/")
        parts = PurePosixPath(name).parts
        if name.startswith("/") or ".." in parts or (parts and ":" in parts[0]):
            raise Ungradable("zip_unsafe_path", name=archive, path=repr(name))
        if (info.external_attr >> 16) & 0o170000 == 0o120000:
            raise Ungradable("zip_symlink", name=archive, path=repr(name))
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if total > MAX_ZIP_TOTAL or (info.file_size > 2**20 and ratio > MAX_ZIP_RATIO):
            raise Ungradable("zip_bomb", name=archive)


def read_zip(path: Path | io.BytesIO, stem: str, origin: str, *, name: str = "") -> Source:
    """The file to grade in the student's zip at ``path`` (or its bytes, from a class
    download; ``name`` then names it in messages)."""
    archive = name or getattr(path, "name", "") or "zip"
    try:
        with zipfile.ZipFile(path) as zf:
            infos = [i for i in zf.infolist() if not i.is_dir()]
            if len(infos) > MAX_ZIP_MEMBERS:
                raise Ungradable("zip_too_many", name=archive)
            check_zip_members(archive, zf.infolist())
            names = [i.filename for i in infos]
            chosen = choose(names, stem, archive, lambda n: _zip_bytes(zf, n))
            if chosen.lower().endswith(".zip"):
                raise Ungradable("zip_nested", name=archive)
            if zf.getinfo(chosen).file_size > size_limit(chosen):
                raise Ungradable("too_large", name=chosen)
            data = _zip_bytes(zf, chosen)
    except zipfile.BadZipFile:
        raise Ungradable("bad_zip", name=archive) from None
    except (OSError, RuntimeError, NotImplementedError):  # encrypted, unsupported
        raise Ungradable("zip_unreadable", name=archive) from None
    return to_source(data, PurePosixPath(chosen).name, f"{origin}:{chosen}")


def open_class_zip(archive: Path) -> zipfile.ZipFile:
    """The class download's zip, opened once (its directory of thousands of members is
    read once, not once per student) and again only when the file on disk changes."""
    stat = archive.stat()
    return _open_zip(str(archive), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=2)
def _open_zip(path: str, mtime_ns: int, size: int) -> zipfile.ZipFile:
    return zipfile.ZipFile(path)


def _members_under(archive: Path, folder: str) -> Iterator[tuple[str, str]]:
    """(name as meant, name as stored) of each member below ``folder`` ("x/") of the class
    zip, found by bisection in its sorted names (a class of clones holds many members)."""
    stat = archive.stat()
    shown, stored = _sorted_names(str(archive), stat.st_mtime_ns, stat.st_size)
    for index in range(bisect.bisect_left(shown, folder), len(shown)):
        if not shown[index].startswith(folder):
            break
        yield shown[index], stored[index]


@functools.lru_cache(maxsize=2)
def _sorted_names(path: str, mtime_ns: int, size: int) -> tuple[list[str], list[str]]:
    pairs = sorted((member_name(i), i.filename) for i in _open_zip(path, mtime_ns, size).infolist())
    return [a for a, _ in pairs], [b for _, b in pairs]


def read_member(archive: Path, member: str, stem: str) -> Source:
    """One person's submission inside a class download's zip, read in memory: the member
    itself (a .py, a .ipynb, or the person's own .zip, read with the same caps as one
    handed in alone), or, for ``member`` ending in "/", the file :func:`choose` picks in
    that folder of the zip."""
    try:
        zf = open_class_zip(archive)
        if member.endswith("/"):
            inside = {
                shown[len(member) :]: stored
                for shown, stored in _members_under(archive, member)
                if not shown.endswith("/") and not is_vcs(shown)
            }
            if len(inside) > MAX_ZIP_MEMBERS:
                raise Ungradable("zip_too_many", name=member)
            check_zip_members(member, [zf.getinfo(n) for n in inside.values()])
            picked = choose(sorted(inside), stem, member, lambda n: _zip_bytes(zf, inside[n]))
            chosen, origin = inside[picked], member + picked
        else:
            chosen, origin = member, member_name(zf.getinfo(member))
            check_zip_members(archive.name, [zf.getinfo(member)])
        info = zf.getinfo(chosen)
        base = PurePosixPath(origin).name
        if base.lower().endswith(".zip"):  # a person's own zip inside the class's
            if info.file_size > MAX_ZIP_TOTAL:
                raise Ungradable("too_large", name=base)
            with zf.open(info) as fh:
                data = fh.read(MAX_ZIP_TOTAL + 1)
            return read_zip(io.BytesIO(data), stem, origin, name=base)
        if info.file_size > size_limit(base):
            raise Ungradable("too_large", name=base)
        data = _zip_bytes(zf, chosen)
    except KeyError:  # the download changed since it was taken in
        raise Ungradable("unreadable", name=member, why="not in the zip") from None
    except zipfile.BadZipFile:
        raise Ungradable("bad_zip", name=archive.name) from None
    except (RuntimeError, NotImplementedError):  # encrypted, unsupported
        raise Ungradable("zip_unreadable", name=archive.name) from None
    return to_source(data, base, origin)


def member_name(info: zipfile.ZipInfo) -> str:
    """A member's name as its writer meant it: zips that store UTF-8 names without saying
    so (Hangul names) are read by Python as cp437; undo that when it gives valid UTF-8."""
    name = info.filename
    if info.flag_bits & 0x800 or name.isascii():  # 0x800: the name is UTF-8
        return name
    try:
        return name.encode("cp437").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return name


def is_vcs(name: str) -> bool:
    """A file of a version-control folder (a cloned repository's .git/)."""
    return ".git" in PurePosixPath(name.replace("\\", "/")).parts


def _zip_bytes(zf: zipfile.ZipFile, name: str) -> bytes:
    """A member's bytes (at most one more than its size_limit; b"" when declared larger)."""
    info = zf.getinfo(name)
    if info.file_size > size_limit(name):
        return b""
    with zf.open(info) as member:
        return member.read(size_limit(name) + 1)


def _file_bytes(path: Path) -> bytes:
    """A regular file's bytes (at most one more than its size_limit; b"" for a link)."""
    if path.is_symlink() or not path.is_file():
        return b""
    with path.open("rb") as fh:
        return fh.read(size_limit(path.name) + 1)


def read_file(path: Path, stem: str, origin: str) -> Source:
    if path.is_symlink() or not path.is_file():
        raise Ungradable("not_regular", name=path.name)
    if path.suffix.lower() == ".zip":
        return read_zip(path, stem, origin)
    return to_source(_file_bytes(path), path.name, origin)


@contextlib.contextmanager
def last_resort(name: str) -> Iterator[None]:
    """Any error but Ungradable inside becomes Ungradable("intake_failed"): a bug in intake
    (or a file no one thought of) costs one submission its grade, never the whole class.
    The engine reports it as a grader error (the kit's fault, not the student's). The
    student's message names the file only; the traceback goes to the grader's log."""
    try:
        yield
    except Ungradable:
        raise
    except Exception:
        log.exception("intake failed on %s; reported as a grader error", name)
        raise Ungradable("intake_failed", name=name) from None


def load(submission: Submission, *, stem: str, syntax: bool = True) -> Source:
    """The runnable source of one submission, or raise Ungradable with the reason.
    ``syntax=False`` leaves the parse check to the caller (:func:`check_syntax`)."""
    with last_resort(Path(submission.path).name):
        source = _read(submission, stem=stem)
    if syntax:
        check_syntax(source)
    return source


class LazySources(Mapping[str, Source]):
    """Student id -> source, read from disk when asked for and not kept: a class of any
    size costs the memory of the files being graded, not of all of them. Each read is a
    fresh :func:`load` (without the syntax check, done when the class was taken in)."""

    def __init__(self, submissions: Mapping[str, Submission], *, stem: str) -> None:
        self.submissions = dict(submissions)
        self.stem = stem

    def __getitem__(self, student_id: str) -> Source:
        return load(self.submissions[student_id], stem=self.stem, syntax=False)

    def __iter__(self) -> Iterator[str]:
        return iter(self.submissions)

    def __len__(self) -> int:
        return len(self.submissions)


def _read(submission: Submission, *, stem: str) -> Source:
    path = Path(submission.path)
    if submission.problem is not None:  # found while grouping the download (layouts.py)
        raise Ungradable(submission.problem.key, **submission.problem.args())
    try:
        if submission.member and path.is_dir():  # a file of an unzipped class download
            return read_file(path / submission.member, stem, submission.member)
        if submission.member:
            return read_member(path, submission.member, stem)
        if path.is_dir() and not path.is_symlink():
            names = sorted(
                rel
                for p in path.rglob("*")
                if p.is_file() and not is_vcs(rel := p.relative_to(path).as_posix())
            )
            # ``where`` is the folder's name alone ("kim/"): the sentence around it is in
            # the feedback's language, so no English may be built in here
            chosen = choose(names, stem, f"{path.name}/", lambda n: _file_bytes(path / n))
            return read_file(path / chosen, stem, f"{path.name}/{chosen}")
        return read_file(path, stem, path.name)
    except PermissionError:
        raise Ungradable("unreadable", name=path.name, why="permission denied") from None
    except OSError as exc:
        raise Ungradable("unreadable", name=path.name, why=exc.strerror) from None
