"""Atomic file writes."""

from __future__ import annotations

import hashlib
import os
import tempfile
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


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def safe_dirname(student_id: str) -> str:
    """A folder name for a student id: the id itself when it is safe; otherwise a cleaned
    name plus a short hash of the id, so two different ids never share a folder."""
    cleaned = "".join(c if c.isalnum() or c in "-_.@" else "_" for c in student_id)
    cleaned = cleaned.lstrip(".")[:80]
    if cleaned == student_id:
        return cleaned
    digest = hashlib.sha256(student_id.encode("utf-8", "surrogateescape")).hexdigest()[:8]
    return f"{cleaned or 'id'}-{digest}"
