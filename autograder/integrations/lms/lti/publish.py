"""Scores: one AGS score per graded student, posted to the line item's score service.

``POST {lineitem}/scores`` with ``Authorization: Bearer <token>`` and
``Content-Type: application/vnd.ims.lis.v1.score+json``; the body holds ``userId``,
``scoreGiven``, ``scoreMaximum``, ``comment``, ``timestamp`` (ISO 8601, milliseconds and
offset), ``activityProgress: Completed`` and ``gradingProgress: FullyGraded``.
Publishing again is safe: the platform keeps the newest score for each user.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from autograder.integrations.lms.lti.auth import fetch_access_token, load_private_key
from autograder.integrations.lms.lti.config import LtiConfig, LtiError
from autograder.integrations.lms.lti.grades import (
    GradeRow,
    _function_maxima,
    read_grades,
    read_roster,
)
from autograder.integrations.lms.lti.transport import HTTP_TIMEOUT, _opener, _platform_says, _post

SCORE_MEDIA_TYPE = "application/vnd.ims.lis.v1.score+json"
POSTED_STATUSES = frozenset({200, 201, 202, 204})
# grades.csv statuses that are grades: graded, and ungradable (a 0 the student earned by
# handing in nothing usable, with the reason). Not grader_error: the kit failed.
PUBLISHED_STATUSES = frozenset({"graded", "ungradable"})


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


def _points(value: float) -> str:
    return f"{value:g}"


def _json_number(value: float) -> int | float:
    return int(value) if value.is_integer() else value


def score_comment(row: GradeRow, maxima: Mapping[str, float]) -> str:
    """``fn points/maximum`` per function, e.g. ``loss 20/20, gradient 0/40, train 40/40``;
    an ungradable submission's comment ends with why, as the exports' feedback does:
    ``... [ungradable: no <stem>.py found]``."""
    text = ", ".join(
        f"{fn} {_points(points)}/{_points(maxima[fn])}" for fn, points in row.scores.items()
    )
    if row.status != "graded":
        reason = " ".join(row.message.split())  # student text: no stray line breaks
        text += f" [{row.status}" + (f": {reason}" if reason else "") + "]"
    return text


def score_body(
    row: GradeRow, user_id: str, maxima: Mapping[str, float], timestamp: datetime
) -> dict[str, Any]:
    """The AGS score for one student, exactly the fields the platform is sent."""
    if timestamp.tzinfo is None or timestamp.utcoffset() is None:
        raise ValueError("the score timestamp needs a time zone")
    if row.max_score <= 0:
        raise ValueError("max_score is not positive")
    if not 0 <= row.total <= row.max_score:
        raise ValueError(f"total {row.total:g} is outside 0..{row.max_score:g}")
    return {
        "userId": user_id,
        "scoreGiven": _json_number(row.total),
        "scoreMaximum": _json_number(row.max_score),
        "comment": score_comment(row, maxima),
        "timestamp": timestamp.isoformat(timespec="milliseconds"),
        "activityProgress": "Completed",
        "gradingProgress": "FullyGraded",
    }


def _entry(student_id: str, result: str, message: str = "", **extra: Any) -> dict[str, Any]:
    return {"student_id": student_id, "result": result, "message": message, **extra}


def publish_scores(
    out: Path,
    *,
    config: LtiConfig,
    roster: Path | None = None,
    dry_run: bool = False,
    now: Callable[[], datetime] = _utc_now,
) -> list[dict[str, Any]]:
    """Post one AGS score per graded student of ``out`` and say what became of each.

    Every grades.csv row (and every roster student missing from it) gets one entry:
    ``{"student_id", "result", "message", ...}`` where ``result`` is

    * ``posted``: the platform accepted the score (``user_id``, ``score``, ``http_status``);
    * ``dry_run``: would be posted (``user_id``, ``url``, ``score``); nothing was sent;
    * ``unmapped``: graded, but the roster gives no LTI user id: not posted;
    * ``skipped``: status ``grader_error`` (the kit failed, not the student): not posted,
      so the platform keeps what it had; regrade, then publish again;
    * ``invalid``: the report files are inconsistent: not posted;
    * ``failed``: the token request or the post failed (``message`` says why);
    * ``missing``: on the roster, not in grades.csv.

    An ``ungradable`` submission (missing, empty, broken: the student's) is posted like a
    graded one: its 0, with the reason in the comment, as the exports write it. A grader
    error is not a grade: the exports leave it out of the LMS files for the same reason.

    Without a roster, student ids are sent as the LTI user ids. ``now`` stamps the scores
    and must return an aware datetime. Raises LtiError for an unreadable grades.csv or
    roster; a refused token or post is reported per student instead.
    """
    functions, rows = read_grades(out)
    mapping = read_roster(roster) if roster is not None else None
    results: list[dict[str, Any]] = []
    pending: list[tuple[dict[str, Any], dict[str, Any]]] = []
    for row in rows:
        if not isinstance(row, GradeRow):
            results.append(_entry(row[0], "invalid", row[1]))
            continue
        if row.status not in PUBLISHED_STATUSES:
            results.append(
                _entry(
                    row.student_id,
                    "skipped",
                    f"status {row.status}: not a grade, not published; regrade, then publish",
                )
            )
            continue
        user_id = row.student_id if mapping is None else mapping.get(row.student_id)
        if user_id is None:
            results.append(_entry(row.student_id, "unmapped", "no lti_user_id in the roster"))
            continue
        try:
            body = score_body(row, user_id, _function_maxima(row, functions, out), now())
        except ValueError as exc:
            results.append(_entry(row.student_id, "invalid", str(exc)))
            continue
        entry = _entry(row.student_id, "pending", user_id=user_id, score=body)
        results.append(entry)
        pending.append((entry, body))
    if mapping is not None:
        listed = {entry["student_id"] for entry in results}
        for student_id in sorted(set(mapping) - listed):
            results.append(_entry(student_id, "missing", "on the roster, not in grades.csv"))

    if dry_run:
        for entry, _ in pending:
            entry.update(result="dry_run", url=config.scores_url)
        return results
    if not pending:
        return results

    opener = _opener()
    try:
        key = load_private_key(config)
        token = fetch_access_token(config, key, opener=opener)
    except LtiError as exc:
        for entry, _ in pending:
            entry.update(result="failed", message=str(exc))
        return results
    for entry, body in pending:
        try:
            if time.monotonic() > token.expires_at - 30:
                token = fetch_access_token(config, key, opener=opener)
            status, answer = _post(
                opener,
                config.scores_url,
                json.dumps(body, ensure_ascii=False).encode("utf-8"),
                {
                    "Content-Type": SCORE_MEDIA_TYPE,
                    "Authorization": f"Bearer {token.value}",
                    "Accept": "application/json",
                },
                HTTP_TIMEOUT,
            )
        except LtiError as exc:
            entry.update(result="failed", message=str(exc))
            continue
        entry["http_status"] = status
        if status in POSTED_STATUSES:
            entry["result"] = "posted"
        else:
            said = _platform_says(answer, hide=(token.value,))
            entry.update(result="failed", message=f"the platform refused it: HTTP {status}{said}")
    return results
