"""The course secret: the key every hidden check's inputs are derived from.

A hidden check's random inputs come from seeds that are a keyed hash (HMAC-SHA256) of the
secret, the assignment and the check's name (and a label, when a check draws several
datasets). So a table of hidden inputs and answers harvested from another course, another
year or an older kit earns nothing here, while the same secret gives the same inputs, and
the same scores, on every run and machine. Public checks keep their fixed, documented
inputs and never see the secret.

The secret is 32 random bytes, kept as 64 hex characters in a file outside the kit, made
(mode 0600, its folder 0700) the first time a grading run needs it. Which file, first
that applies: ``--secret-file``, the environment variable :data:`ENV`, then
:data:`DEFAULT_PATH` (``~/.config/gd-exercise-kit/course-secret``). Keep that file: a new
secret means new hidden inputs (and a regrade gives the same scores only with the same one).

Nothing here ever prints, logs or caches the secret itself; cache keys and reports use
:attr:`CourseSecret.digest`, a hash that cannot be turned back into it.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

ENV = "GD_KIT_SECRET_FILE"
DEFAULT_PATH = Path("~/.config/gd-exercise-kit/course-secret")
FILE_NAME = "course-secret"  # its name inside a Gradescope bundle or an nbgrader course
KEY_BYTES = 32


class SecretError(Exception):
    """The secret file exists but is not a secret this kit wrote (or cannot be read)."""


@dataclass(frozen=True)
class CourseSecret:
    """The key, and where it came from. ``repr`` never shows the key."""

    key: bytes = field(repr=False)
    path: Path | None = None

    @property
    def digest(self) -> str:
        """A short public name of the secret (cache keys, detail.json): a hash of it under
        its own label, which neither gives the key back nor equals any seed."""
        return hashlib.sha256(b"gd-kit course secret digest\0" + self.key).hexdigest()[:16]

    def seed(self, assignment: str, check: str, label: object = "") -> int:
        """The seed of one hidden dataset: HMAC-SHA256(key, assignment, check, label),
        128 bits, for ``numpy.random.default_rng``."""
        message = "\0".join((assignment, check, str(label))).encode("utf-8")
        return int.from_bytes(hmac.new(self.key, message, hashlib.sha256).digest()[:16], "big")

    def text(self) -> str:
        """The file's content (for the Gradescope bundle and the nbgrader course)."""
        return self.key.hex() + "\n"


def path_for(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The secret file to use: ``explicit``, else ``$GD_KIT_SECRET_FILE``, else the default."""
    chosen = explicit or os.environ.get(ENV) or DEFAULT_PATH
    return Path(chosen).expanduser()


def parse(text: str, *, where: str = "the secret") -> bytes:
    value = text.strip()
    try:
        key = bytes.fromhex(value)
    except ValueError:
        key = b""
    if len(key) < 16:
        raise SecretError(
            f"{where} does not hold a course secret (at least 32 hex digits); "
            "delete it to have a new one made, or point --secret-file at the right file"
        )
    return key


def load(explicit: str | os.PathLike[str] | None = None, *, create: bool = True) -> CourseSecret:
    """The course secret from :func:`path_for` (``explicit``), made there first if missing
    and ``create``. A worker passes ``create=False``: only the run's main process may make
    a secret, never two processes two different ones."""
    path = path_for(explicit)
    try:
        return CourseSecret(parse(path.read_text(encoding="ascii"), where=str(path)), path)
    except FileNotFoundError:
        if not create:
            raise SecretError(f"no course secret at {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SecretError(f"cannot read the course secret {path}: {exc}") from None
    return _create(path)


def _create(path: Path) -> CourseSecret:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    key = secrets.token_bytes(KEY_BYTES)
    try:  # O_EXCL: two runs starting at once keep one secret, the first one's
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return load(path, create=False)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key.hex() + "\n")
    return CourseSecret(key, path)


def write_copy(secret: CourseSecret, target: Path) -> None:
    """A copy of the secret at ``target`` (mode 0600), for an nbgrader course."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(secret.text())
