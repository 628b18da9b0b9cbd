"""Atomic file writes, JSON that any id survives, and report folder names."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import unicodedata
from pathlib import Path


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; reports are ordinary files
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def json_text(doc: object, indent: int | None = None) -> str:
    """``json.dumps`` keeping non-ASCII text readable, except for a document holding a lone
    surrogate (an id from a file name that is not UTF-8): only ``\\u`` escapes can carry it
    into a UTF-8 file, and ``json.loads`` gives back the exact string."""
    text = json.dumps(doc, ensure_ascii=False, indent=indent)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(doc, ensure_ascii=True, indent=indent)
    return text


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# Report folder names (see safe_dirname).
SAFE_ASCII = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_-@")
HANGUL_FIRST, HANGUL_LAST = "\uac00", "\ud7a3"  # precomposed syllables: no case, NFC
MAX_SAFE = 64
ESCAPED_PREFIX = 40
ESCAPE = "~"  # marks an escaped name; never in a safe id
HASH_CHARS = 16
WINDOWS_DEVICES = frozenset(
    ["con", "prn", "aux", "nul"] + [f"{d}{n}" for d in ("com", "lpt") for n in range(1, 10)]
)


def _is_safe_char(c: str) -> bool:
    return c in SAFE_ASCII or HANGUL_FIRST <= c <= HANGUL_LAST


def is_safe_id(student_id: str) -> bool:
    """True when ``student_id`` is its own folder name (see :func:`safe_dirname`)."""
    return (
        0 < len(student_id) <= MAX_SAFE
        and student_id[0] != "-"
        and all(_is_safe_char(c) for c in student_id)
        and student_id not in WINDOWS_DEVICES
    )


def safe_dirname(student_id: str) -> str:
    """The report folder name of a student id: the id itself when it is *safe*, otherwise a
    readable prefix, ``~`` and a hash of the exact id.

    Safe: 1 to 64 characters, each a lowercase ASCII letter, an ASCII digit, ``_``, ``-``,
    ``@`` or a precomposed Hangul syllable (U+AC00-U+D7A3), not starting with ``-``, and not a
    Windows device name (``con``, ``nul``, ``com1``…). ``kim_2024001`` and ``김민준`` stay as
    they are; ``Kim``, ``a b``, ``kim.minjun`` or ``../x`` become e.g. ``kim~3fa2c1d9e0b7a6c4``.

    Two different ids never share a folder, on any filesystem:

    * a safe id maps to itself and no safe id holds ``~``, while every escaped name does,
      so a safe id and an escaped one never meet (``a_b-1234abcd`` cannot pose as ``a b``);
    * two escaped names are equal only if the 64-bit SHA-256 prefixes of the two ids' exact
      code points (UTF-8, surrogates encoded as such) are equal;
    * every name is made only of lowercase ASCII, digits, ``_-@~`` and Hangul syllables,
      which case folding and Unicode normalisation (NFC/NFD) leave distinct, so the above
      holds on case-insensitive or normalising filesystems too (macOS, Windows: ``A`` and
      ``a`` get different folders, as do the NFC and NFD spellings of ``김``);
    * no name is ``.``/``..``, holds ``/``, ``\\``, ``:`` or a dot at all (so none is a
      class-wide file of ``OUT/`` such as ``index.html``, ``grades.csv`` or ``.cache``), and
      none is longer than 64 characters (192 bytes of UTF-8).
    """
    if is_safe_id(student_id):
        return student_id
    readable = unicodedata.normalize("NFC", student_id).lower()  # NFD Hangul, too
    prefix = "".join(c if _is_safe_char(c) else "_" for c in readable)
    prefix = prefix.lstrip("-")[:ESCAPED_PREFIX] or "id"
    digest = hashlib.sha256(student_id.encode("utf-8", "surrogatepass")).hexdigest()
    return f"{prefix}{ESCAPE}{digest[:HASH_CHARS]}"
