"""LTI 1.3 grade passback: post each graded student's total to an LMS line item.

``python -m autograder publish OUT --lti`` reads a graded ``OUT/`` (``grades.csv`` and each
student's ``detail.json``) and sends one score per graded student to the platform's
Assignment and Grade Services (AGS) score service.

Protocol
  1. Access token: the OAuth 2.0 client-credentials grant, the tool authenticating with a
     JWT client assertion (RFC 7523). A form POST to the token URL carries
     ``grant_type=client_credentials``,
     ``client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer``,
     ``client_assertion`` (RS256, signed with the tool's private key; ``iss`` = ``sub`` =
     client id, ``aud`` = token URL or the configured audience, ``iat``, ``exp``, ``jti``)
     and ``scope`` = the AGS score scope. PyJWT signs; nothing here hand-rolls a JWT.
  2. Scores: ``POST {lineitem}/scores`` with ``Authorization: Bearer <token>`` and
     ``Content-Type: application/vnd.ims.lis.v1.score+json``; the body holds ``userId``,
     ``scoreGiven``, ``scoreMaximum``, ``comment``, ``timestamp`` (ISO 8601, milliseconds and
     offset), ``activityProgress: Completed`` and ``gradingProgress: FullyGraded``.
     Publishing again is safe: the platform keeps the newest score for each user.

Secrets and student code
  * Grading and publishing are separate commands, run one after the other. Student code runs
    only during ``grade``, inside the sandbox, whose environment is a whitelist
    (``autograder/sandbox/process.py``: ``PASS_ENV``): ``GD_LTI_*`` variables set for the
    instructor never reach a student process. ``publish`` runs no student code; it only
    reads the report files.
  * The private key path, the key, the client assertion and the access token are never
    printed, logged, returned or put into an exception message. ``--dry-run`` prints the
    URLs and score bodies only, and sends nothing.
  * Redirects are refused (a bearer token must not follow one), and a plain ``http://``
    platform is accepted only on the loopback interface (a local test platform).
"""

from __future__ import annotations

import argparse
import csv
import http.client
import io
import json
import math
import os
import secrets
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from autograder.writers.files import safe_dirname
from autograder.writers.report_text import FORMULA_START

try:  # Python 3.11+; on 3.10 a JSON config file still works
    import tomllib
except ModuleNotFoundError:  # pragma: no cover
    tomllib = None  # type: ignore[assignment]

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric import rsa

# PyJWT and cryptography are imported where they are used, so that `grade` never loads them.

AGS_SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
SCORE_MEDIA_TYPE = "application/vnd.ims.lis.v1.score+json"
CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
ASSERTION_LIFETIME = 300  # seconds: the assertion is used once, right away
HTTP_TIMEOUT = 30.0
MAX_RESPONSE_BYTES = 1_000_000
POSTED_STATUSES = frozenset({200, 201, 202, 204})
GRADES_TAIL = ("total", "max_score", "status", "message")

# Environment variables, each overriding the same setting from the config file.
ENV_VARS = {
    "client_id": "GD_LTI_CLIENT_ID",
    "token_url": "GD_LTI_TOKEN_URL",
    "lineitem_url": "GD_LTI_LINEITEM",
    "private_key_path": "GD_LTI_PRIVATE_KEY",
    "audience": "GD_LTI_AUDIENCE",
    "key_id": "GD_LTI_KEY_ID",
}
ENV_CONFIG_FILE = "GD_LTI_CONFIG"
# Keys accepted in the config file (top level, or in an [lti] table / "lti" object).
FILE_KEYS = {
    "client_id": "client_id",
    "token_url": "token_url",
    "lineitem": "lineitem_url",
    "lineitem_url": "lineitem_url",
    "private_key": "private_key_path",
    "private_key_path": "private_key_path",
    "audience": "audience",
    "key_id": "key_id",
}
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


class LtiError(Exception):
    """A configuration, input or platform problem. Messages never hold a secret."""


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


# --------------------------------------------------------------------------- configuration


def _check_url(name: str, url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if parts.username or parts.password:  # checked first: such a URL is never echoed
        raise LtiError(f"{name} must not carry credentials in the URL")
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise LtiError(f"{name} must be an https:// URL, not {url!r}")
    if parts.scheme == "http" and parts.hostname not in LOOPBACK_HOSTS:
        raise LtiError(f"{name} must use https:// (plain http is allowed on 127.0.0.1 only)")
    if parts.fragment:
        raise LtiError(f"{name} must not have a #fragment")
    return url


@dataclass(frozen=True)
class LtiConfig:
    """Where and as whom to publish. ``private_key_path`` is left out of ``repr``."""

    client_id: str
    token_url: str
    lineitem_url: str
    private_key_path: Path = field(repr=False)
    audience: str | None = None
    key_id: str | None = None

    def __post_init__(self) -> None:
        for name in ("client_id", "token_url", "lineitem_url"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                raise LtiError(f"LTI setting {name} is missing ({ENV_VARS[name]} or config file)")
        if str(self.private_key_path).strip() in ("", "."):
            raise LtiError("LTI setting private_key is missing (GD_LTI_PRIVATE_KEY or config file)")
        _check_url("token_url", self.token_url)
        _check_url("lineitem_url", self.lineitem_url)

    @property
    def scores_url(self) -> str:
        """The line item's score service: ``/scores`` appended to its path, query kept."""
        parts = urllib.parse.urlsplit(self.lineitem_url)
        path = parts.path.rstrip("/") + "/scores"
        return urllib.parse.urlunsplit(parts._replace(path=path))

    @property
    def assertion_audience(self) -> str:
        return self.audience or self.token_url

    @classmethod
    def load(
        cls, config_file: Path | None = None, environ: Mapping[str, str] | None = None
    ) -> LtiConfig:
        """Settings from ``config_file`` (TOML or JSON; default ``$GD_LTI_CONFIG``), each
        overridden by its ``GD_LTI_*`` environment variable when that is set and non-empty.
        A relative private key path in the file is relative to the file's folder."""
        env = os.environ if environ is None else environ
        if config_file is None and env.get(ENV_CONFIG_FILE):
            config_file = Path(env[ENV_CONFIG_FILE])
        values: dict[str, Any] = {}
        if config_file is not None:
            values = _read_config_file(config_file)
        for name, var in ENV_VARS.items():
            if env.get(var, "").strip():
                values[name] = env[var].strip()
        missing = [n for n in ENV_VARS if n not in ("audience", "key_id") and not values.get(n)]
        if missing:
            names = ", ".join(f"{n} ({ENV_VARS[n]})" for n in missing)
            raise LtiError(f"LTI settings missing: {names}")
        return cls(
            client_id=str(values["client_id"]),
            token_url=str(values["token_url"]),
            lineitem_url=str(values["lineitem_url"]),
            private_key_path=Path(values["private_key_path"]),
            audience=str(values["audience"]) if values.get("audience") else None,
            key_id=str(values["key_id"]) if values.get("key_id") else None,
        )


def _read_config_file(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        why = exc.strerror or type(exc).__name__
        raise LtiError(f"cannot read the LTI config file {path}: {why}") from None
    try:
        if path.suffix.lower() == ".json":
            doc = json.loads(raw.decode("utf-8"))
        else:
            if tomllib is None:  # pragma: no cover
                raise LtiError("TOML config files need Python 3.11+; use a .json file")
            doc = tomllib.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise LtiError(f"the LTI config file {path} is not valid: {exc}") from None
    if isinstance(doc, dict) and isinstance(doc.get("lti"), dict):
        doc = doc["lti"]
    if not isinstance(doc, dict):
        raise LtiError(f"the LTI config file {path} must hold a table of settings")
    unknown = sorted(set(doc) - set(FILE_KEYS))
    if unknown:
        raise LtiError(f"unknown settings in {path}: {', '.join(unknown)}")
    values: dict[str, Any] = {}
    for key, value in doc.items():
        if not isinstance(value, str):
            raise LtiError(f"setting {key} in {path} must be a string")
        values[FILE_KEYS[key]] = value
    key_path = values.get("private_key_path", "").strip()
    if key_path and not Path(key_path).is_absolute():
        values["private_key_path"] = str(path.parent / key_path)
    return values


# --------------------------------------------------------------------------- key and token

# Messages about the key name the setting, never the path: the path is configuration that
# the instructor keeps out of shared logs, and a CI log is shared.
KEY_SETTING = "the private key (GD_LTI_PRIVATE_KEY / private_key)"


def load_private_key(config: LtiConfig) -> rsa.RSAPrivateKey:
    """The tool's RSA private key (unencrypted PEM, PKCS#8 or PKCS#1, 2048 bits or more)."""
    from cryptography.exceptions import UnsupportedAlgorithm
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    try:
        data = config.private_key_path.read_bytes()
    except OSError as exc:
        raise LtiError(f"{KEY_SETTING} could not be read: {type(exc).__name__}") from None
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm):
        raise LtiError(f"{KEY_SETTING} is not an unencrypted PEM private key") from None
    if not isinstance(key, rsa.RSAPrivateKey):
        raise LtiError(f"{KEY_SETTING} is not an RSA key (RS256 needs one)")
    if key.key_size < 2048:
        raise LtiError(f"{KEY_SETTING} has {key.key_size} bits; use 2048 or more")
    return key


def client_assertion(config: LtiConfig, key: rsa.RSAPrivateKey) -> str:
    """A fresh, short-lived JWT that authenticates the tool at the token endpoint.

    Its times come from the real clock (never from the ``now`` used for score timestamps),
    because the platform checks them against its own."""
    import jwt

    issued = int(time.time())
    claims = {
        "iss": config.client_id,
        "sub": config.client_id,
        "aud": config.assertion_audience,
        "iat": issued,
        "exp": issued + ASSERTION_LIFETIME,
        "jti": secrets.token_urlsafe(24),
    }
    headers = {"kid": config.key_id} if config.key_id else None
    return jwt.encode(claims, key, algorithm="RS256", headers=headers)


class _RefuseRedirects(urllib.request.HTTPRedirectHandler):
    """Turn every 3xx into an error: a bearer token or a score never follows a redirect."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: Any,
        code: int,
        msg: str,
        headers: Any,
        newurl: str,
    ) -> None:
        return None


def _opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(_RefuseRedirects())


def _post(
    opener: urllib.request.OpenerDirector,
    url: str,
    data: bytes,
    headers: Mapping[str, str],
    timeout: float,
) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=data, headers=dict(headers), method="POST")
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, response.read(MAX_RESPONSE_BYTES)
    except urllib.error.HTTPError as exc:
        try:
            body = exc.read(MAX_RESPONSE_BYTES) if exc.fp is not None else b""
        finally:
            exc.close()
        return exc.code, body
    except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
        reason = getattr(exc, "reason", None) or exc
        host = urllib.parse.urlsplit(url).netloc
        raise LtiError(f"could not reach {host}: {reason}") from None


def _platform_says(body: bytes, hide: tuple[str, ...] = ()) -> str:
    """A short, single-line excerpt of an error response, with any secret masked."""
    text = body.decode("utf-8", "replace")
    try:
        doc = json.loads(text)
    except ValueError:
        doc = None
    if isinstance(doc, dict):
        parts = [
            str(doc[k]) for k in ("error", "error_description", "errors", "message") if k in doc
        ]
        if parts:
            text = " - ".join(parts)
    for secret in hide:
        if secret:
            text = text.replace(secret, "[hidden]")
    text = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    return f": {text[:200]}" if text else ""


@dataclass
class AccessToken:
    value: str = field(repr=False)
    expires_at: float  # time.monotonic()


def fetch_access_token(
    config: LtiConfig,
    key: rsa.RSAPrivateKey,
    *,
    opener: urllib.request.OpenerDirector | None = None,
    timeout: float = HTTP_TIMEOUT,
) -> AccessToken:
    """The client-credentials grant with a JWT client assertion, for the AGS score scope."""
    assertion = client_assertion(config, key)
    form = urllib.parse.urlencode(
        {
            "grant_type": "client_credentials",
            "client_assertion_type": CLIENT_ASSERTION_TYPE,
            "client_assertion": assertion,
            "scope": AGS_SCORE_SCOPE,
        }
    ).encode("ascii")
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}
    started = time.monotonic()
    status, body = _post(opener or _opener(), config.token_url, form, headers, timeout)
    if status != 200:
        said = _platform_says(body, hide=(assertion,))
        raise LtiError(f"the token endpoint refused the request: HTTP {status}{said}")
    try:
        doc = json.loads(body.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise LtiError("the token endpoint answered with something that is not JSON") from None
    token = doc.get("access_token") if isinstance(doc, dict) else None
    if not isinstance(token, str) or not token:
        raise LtiError("the token endpoint's answer holds no access_token")
    token_type = doc.get("token_type", "Bearer")
    if not isinstance(token_type, str) or token_type.lower() != "bearer":
        raise LtiError(f"the token endpoint issued a {token_type!r} token, not a Bearer token")
    lifetime = doc.get("expires_in", 3600)
    if isinstance(lifetime, str) and lifetime.isdigit():
        lifetime = int(lifetime)
    if isinstance(lifetime, bool) or not isinstance(lifetime, (int, float)) or lifetime <= 0:
        lifetime = 3600
    return AccessToken(value=token, expires_at=started + float(lifetime))


# --------------------------------------------------------------------------- reading OUT/


@dataclass(frozen=True)
class GradeRow:
    student_id: str
    status: str
    earned: dict[str, float]  # function -> points, in grades.csv column order
    total: float
    max_score: float
    folder: Path


def _uncell(text: str) -> str:
    """Undo grades.csv's formula guard (a ``'`` put before ``=``, ``+``, ``-``, ``@``...)."""
    if text.startswith("'") and text[1:2] and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text


def _number(text: str, what: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{what} is not a number: {text!r}") from None
    if not math.isfinite(value):
        raise ValueError(f"{what} is not finite: {text!r}")
    return value


NOT_GRADED = frozenset({"ungradable", "grader_error"})


def read_grades(out: Path) -> tuple[list[str], list[GradeRow | tuple[str, str]]]:
    """The function columns and one entry per grades.csv row: a GradeRow, or
    ``(student_id, problem)`` for a row that cannot be published as it is.

    A bad row never stops the others: a message cell can quote student text, so one
    malformed or repeated row must not block the class. A repeated student id makes every
    row with that id unusable (which one is genuine cannot be told)."""
    path = out / "grades.csv"
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise LtiError(f"cannot read {path}: {exc} (run `grade` first)") from None
    if not rows:
        raise LtiError(f"{path} is empty")
    header = rows[0]
    if len(header) < 6 or header[0] != "student_id" or tuple(header[-4:]) != GRADES_TAIL:
        raise LtiError(f"{path} does not have the grader's columns: {','.join(header)}")
    functions = header[1:-4]
    entries: list[GradeRow | tuple[str, str]] = []
    for number, row in enumerate(rows[1:], start=2):
        if not row or row == [""]:
            continue
        student_id = _uncell(row[0]) or f"(row {number})"
        if len(row) != len(header):
            entries.append((student_id, f"grades.csv row {number} has {len(row)} cells"))
            continue
        status = row[-2]
        try:
            earned = {fn: _number(row[i + 1], fn) for i, fn in enumerate(functions)}
            total = _number(row[-4], "total")
            max_score = _number(row[-3], "max_score")
        except ValueError as exc:
            if status in NOT_GRADED:
                earned, total, max_score = dict.fromkeys(functions, 0.0), 0.0, 0.0
            else:
                entries.append((student_id, f"grades.csv row {number}: {exc}"))
                continue
        folder = out / safe_dirname(student_id)
        entries.append(GradeRow(student_id, status, earned, total, max_score, folder))
    ids = [e.student_id if isinstance(e, GradeRow) else e[0] for e in entries]
    repeated = {sid for sid, n in Counter(ids).items() if n > 1}
    return functions, [
        (sid, "student_id appears more than once in grades.csv") if sid in repeated else entry
        for sid, entry in zip(ids, entries, strict=True)
    ]


def _function_maxima(row: GradeRow, functions: list[str]) -> dict[str, float]:
    """Each function's maximum, from detail.json, checked against grades.csv."""
    path = row.folder / "detail.json"
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(
            f"cannot read {row.folder.name}/detail.json ({type(exc).__name__})"
        ) from None
    if not isinstance(doc, dict) or doc.get("student_id") != row.student_id:
        raise ValueError(f"{row.folder.name}/detail.json belongs to another student")
    maxima = doc.get("max_points")
    if not isinstance(maxima, dict):
        raise ValueError(f"{row.folder.name}/detail.json has no max_points")
    result: dict[str, float] = {}
    for fn in functions:
        value = maxima.get(fn)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise ValueError(f"{row.folder.name}/detail.json has no maximum for {fn}")
        result[fn] = float(value)
    total = doc.get("total")
    if not isinstance(total, (int, float)) or abs(float(total) - row.total) > 1e-6:
        raise ValueError("grades.csv and detail.json disagree on the total")
    if abs(sum(result.values()) - row.max_score) > 1e-6:
        raise ValueError("grades.csv's max_score is not the sum of the function maxima")
    return result


def read_roster(path: Path) -> dict[str, str]:
    """student_id -> LTI user id from a CSV with columns student_id, lti_user_id (others are
    ignored). A row with an empty lti_user_id maps nobody."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise LtiError(f"cannot read the roster {path}: {exc}") from None
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise LtiError(f"cannot read the roster {path}: {exc}") from None
    columns = [c.strip() for c in rows[0]] if rows else []
    if "student_id" not in columns or "lti_user_id" not in columns:
        raise LtiError(f"the roster {path} needs the columns student_id and lti_user_id")
    mapping: dict[str, str] = {}
    owners: dict[str, str] = {}
    for number, cells in enumerate(rows[1:], start=2):
        row = dict(zip(columns, cells, strict=False))  # short rows: empty cells
        student_id = (row.get("student_id") or "").strip()
        user_id = (row.get("lti_user_id") or "").strip()
        if not student_id or not user_id:
            continue
        if mapping.get(student_id, user_id) != user_id:
            raise LtiError(f"the roster {path} line {number} maps {student_id!r} a second time")
        if owners.get(user_id, student_id) != student_id:
            raise LtiError(
                f"the roster {path} line {number} gives LTI user {user_id!r} to two students "
                f"({owners[user_id]!r} and {student_id!r})"
            )
        mapping[student_id] = user_id
        owners[user_id] = student_id
    return mapping


# --------------------------------------------------------------------------- scores


def _points(value: float) -> str:
    return f"{value:g}"


def _json_number(value: float) -> int | float:
    return int(value) if value.is_integer() else value


def score_comment(row: GradeRow, maxima: Mapping[str, float]) -> str:
    """e.g. ``mse 20/20, partial_w0 20/20, partial_w1 0/20, gradient_descent 40/40``."""
    return ", ".join(
        f"{fn} {_points(points)}/{_points(maxima[fn])}" for fn, points in row.earned.items()
    )


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
    * ``skipped``: status ``ungradable`` or ``grader_error``: not posted;
    * ``invalid``: the report files are inconsistent: not posted;
    * ``failed``: the token request or the post failed (``message`` says why);
    * ``missing``: on the roster, not in grades.csv.

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
        if row.status != "graded":
            results.append(_entry(row.student_id, "skipped", f"status {row.status}: not published"))
            continue
        user_id = row.student_id if mapping is None else mapping.get(row.student_id)
        if user_id is None:
            results.append(_entry(row.student_id, "unmapped", "no lti_user_id in the roster"))
            continue
        try:
            body = score_body(row, user_id, _function_maxima(row, functions), now())
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


# --------------------------------------------------------------------------- command line


def add_lti_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add ``publish OUT --lti [--config FILE] [--roster FILE] [--dry-run]``."""
    parser = subparsers.add_parser(
        "publish",
        help="send the grades of a graded OUT/ to an LMS (LTI 1.3 grade passback)",
        description="Post each graded student's total from OUT/grades.csv to an LTI 1.3 "
        "line item (Assignment and Grade Services). Run it after `grade`, separately: it "
        "reads only OUT/ and never runs student code. Settings come from --config and the "
        "GD_LTI_CLIENT_ID, GD_LTI_TOKEN_URL, GD_LTI_LINEITEM, GD_LTI_PRIVATE_KEY, "
        "GD_LTI_AUDIENCE and GD_LTI_KEY_ID environment variables, which override the file. "
        "The key path and the access token are never printed.",
    )
    parser.add_argument("out", type=Path, metavar="OUT", help="a folder written by `grade`")
    parser.add_argument(
        "--lti", action="store_true", required=True, help="publish to an LTI 1.3 platform"
    )
    parser.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="TOML or JSON file with client_id, token_url, lineitem, private_key and "
        "optionally audience, key_id (default: $GD_LTI_CONFIG)",
    )
    parser.add_argument(
        "--roster",
        type=Path,
        metavar="FILE",
        help="CSV with columns student_id,lti_user_id; without it the student ids are sent "
        "as LTI user ids",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="print the URL and scores; send nothing"
    )
    return parser


RESULT_ORDER = ("posted", "dry_run", "unmapped", "skipped", "missing", "invalid", "failed")


def run_publish(args: argparse.Namespace) -> int:
    """0: every score that could be sent was accepted (or, dry run, would be sent);
    1: a score was refused or a report was inconsistent; 2: bad settings or input."""
    try:
        config = LtiConfig.load(args.config)
        if args.dry_run:
            load_private_key(config)  # the key is usable: checked, never shown
        results = publish_scores(args.out, config=config, roster=args.roster, dry_run=args.dry_run)
    except LtiError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.dry_run:
        print("Dry run: nothing is sent.")
        print(
            f"Token endpoint: {config.token_url} (client {config.client_id}, scope {AGS_SCORE_SCOPE})"
        )
    print(f"Scores endpoint: {config.scores_url}")
    if args.roster is None:
        print("No roster: student ids are sent as LTI user ids.")
    for entry in results:
        result, student_id = entry["result"], entry["student_id"]
        if result in ("posted", "dry_run"):
            score = entry["score"]
            line = f"{result:9} {student_id} -> {entry['user_id']}: "
            line += f"{_points(score['scoreGiven'])}/{_points(score['scoreMaximum'])}"
            print(line)
            if result == "dry_run":
                print(f"  POST {entry['url']}  Content-Type: {SCORE_MEDIA_TYPE}")
                print(f"  {json.dumps(score, ensure_ascii=False)}")
        else:
            stream = sys.stderr if result in ("invalid", "failed") else sys.stdout
            print(f"{result:9} {student_id}: {entry['message']}", file=stream)
    counts = {name: sum(e["result"] == name for e in results) for name in RESULT_ORDER}
    summary = ", ".join(f"{n} {name}" for name, n in counts.items() if n)
    print(f"Summary: {summary or 'no students'}")
    return 1 if counts["failed"] or counts["invalid"] else 0
