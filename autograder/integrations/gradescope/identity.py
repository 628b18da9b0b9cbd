"""Who a Gradescope submission belongs to: ``/autograder/submission_metadata.json``.

Gradescope writes that file beside the submission for every run (its autograder docs,
"Submission Metadata"): the submission's ``id`` and ``created_at``, the ``assignment``
(``title``, ``id``, ``due_date``, …) and ``users``, one ``{"email", "id", "name"}`` per
member (several for a group submission; a ``sid``, the course's student id, where the
roster has one). The bundle reports the student by Gradescope's own user ``id`` (the
platform's id; group members joined by ``+``) with their names, in results.json's
``extra_data``, which instructors see. A missing, unreadable or odd file never stops
grading: the id falls back to ``student`` and the reason is printed to the autograder
output, which only instructors see.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

FALLBACK_ID = "student"  # the class folder the bundle grades when no identity is known
MAX_TEXT = 200  # characters kept of a name or email


@dataclass(frozen=True)
class GradescopeUser:
    id: str
    name: str = ""
    email: str = ""
    sid: str = ""


@dataclass(frozen=True)
class GradescopeIdentity:
    users: tuple[GradescopeUser, ...] = ()
    submission_id: str = ""
    created_at: str = ""
    assignment: str = ""
    problem: str = ""  # why the metadata could not be used (fully or in part), or ""

    @property
    def student_id(self) -> str:
        return "+".join(u.id for u in self.users) or FALLBACK_ID

    @property
    def name(self) -> str:
        return ", ".join(u.name for u in self.users if u.name)

    def extra_data(self) -> dict:
        """What results.json's ``extra_data`` carries about the submission."""
        doc: dict = {"student_id": self.student_id, "name": self.name}
        if self.users:
            doc["users"] = [{k: v for k, v in vars(u).items() if v} for u in self.users]
        for key in ("submission_id", "created_at", "assignment"):
            if getattr(self, key):
                doc[key] = getattr(self, key)
        return doc


def _text(value: object) -> str:
    """A JSON scalar as short, one-line text ("" for anything else)."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return ""
    return " ".join(str(value).split())[:MAX_TEXT]


def _user_id(value: object) -> str:
    """Gradescope's user id: a whole number (as a number or digits), else ""."""
    if isinstance(value, bool):
        return ""
    if isinstance(value, int) and value >= 0:
        return str(value)
    if isinstance(value, str) and value.strip().isdigit() and value.strip().isascii():
        return value.strip()
    return ""


def read_submission_metadata(path: Path) -> GradescopeIdentity:
    """The identity in ``path``; never raises (see the module docstring)."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return GradescopeIdentity(problem=f"{path} does not exist")
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return GradescopeIdentity(problem=f"{path} cannot be read: {exc}")
    if not isinstance(doc, dict):
        return GradescopeIdentity(problem=f"{path} is not a JSON object")
    users, skipped = [], 0
    raw_users = doc.get("users")
    for raw in raw_users if isinstance(raw_users, list) else []:
        user_id = _user_id(raw.get("id")) if isinstance(raw, dict) else ""
        if not user_id:
            skipped += 1
            continue
        users.append(
            GradescopeUser(
                id=user_id,
                name=_text(raw.get("name")),
                email=_text(raw.get("email")),
                sid=_text(raw.get("sid")),
            )
        )
    problem = ""
    if not isinstance(raw_users, list) or not raw_users:
        problem = f"{path} lists no users"
    elif skipped:
        problem = f"{path}: {skipped} user(s) without a numeric id left out"
    assignment = doc.get("assignment")
    return GradescopeIdentity(
        users=tuple(users),
        submission_id=_user_id(doc.get("id")),
        created_at=_text(doc.get("created_at")),
        assignment=_text(assignment.get("title")) if isinstance(assignment, dict) else "",
        problem=problem,
    )
