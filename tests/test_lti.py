"""LTI 1.3 grade passback against a local platform stub on 127.0.0.1.

The stub plays the LMS: its token endpoint verifies the RS256 client assertion with the
tool's public key (and iss, sub, aud, exp, iat, jti, grant_type, client_assertion_type,
scope) before it issues a bearer token; its score endpoint checks that token, the media
type and every field of the score body. The OUT/ folder is written by hand.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import secrets
import threading
import time
import urllib.parse
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from autograder.integrations.lms.lti import (
    AGS_SCORE_SCOPE,
    CLIENT_ASSERTION_TYPE,
    SCORE_MEDIA_TYPE,
    LtiConfig,
    LtiError,
    publish_command,
    publish_scores,
)
from autograder.writers.files import safe_dirname
from tests.conftest import points_summary, scores_with, suite_maxima

CLIENT_ID = "gd-kit-tool-10000000000042"
KEY_ID = "gd-kit-2026"
# The points per function as the suite declares them (read, never copied); the hand-made
# OUT/ below gives each student full marks but on the functions named.
MAXIMA = suite_maxima("gradient_descent")
FUNCTIONS = tuple(MAXIMA)
TOTAL = sum(MAXIMA.values())
FIXED_NOW = datetime(2026, 3, 2, 9, 30, 15, 123456, tzinfo=timezone.utc)
SCORE_FIELDS = {
    "userId",
    "scoreGiven",
    "scoreMaximum",
    "comment",
    "timestamp",
    "activityProgress",
    "gradingProgress",
}
ACTIVITY = {"Initialized", "Started", "InProgress", "Submitted", "Completed"}
GRADING = {"NotReady", "Failed", "Pending", "PendingManual", "FullyGraded"}
# ISO 8601 with a fractional second and an explicit offset (or Z).
TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+(Z|[+-]\d\d:\d\d)")
MAX_BODY = 64_000


# --------------------------------------------------------------------------- platform stub


class PlatformStub:
    """A tiny LMS on 127.0.0.1 (free port) served from a thread that stops by itself."""

    def __init__(
        self,
        public_key: rsa.RSAPublicKey,
        *,
        client_id: str = CLIENT_ID,
        key_id: str | None = KEY_ID,
        known_users: set[str] | None = None,
        lifetime: float = 60.0,
    ) -> None:
        self.public_key = public_key
        self.client_id = client_id
        self.key_id = key_id
        self.known_users = known_users
        self.lock = threading.Lock()
        self.requests: list[str] = []  # "METHOD path" of every request that arrived
        self.scores: list[dict[str, Any]] = []  # accepted score bodies
        self.refusals: list[str] = []  # why a request was refused
        self.tokens: set[str] = set()
        self.assertion_ids: set[str] = set()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        self.server.timeout = 0.1
        self.server.stub = self  # type: ignore[attr-defined]
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.token_url = f"{base}/token"
        self.lineitem_url = f"{base}/lineitems/1"
        self._stop = threading.Event()
        self._deadline = time.monotonic() + lifetime
        self._thread = threading.Thread(target=self._serve, name="lti-stub", daemon=True)

    def _serve(self) -> None:
        # Bounded: the loop ends when stop() is called or the lifetime is over.
        while not self._stop.is_set() and time.monotonic() < self._deadline:
            self.server.handle_request()

    def __enter__(self) -> PlatformStub:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.server.server_close()

    # The endpoints return (status, JSON document).

    def token(self, headers: Any, body: bytes) -> tuple[int, dict[str, Any]]:
        if headers.get("Content-Type", "").split(";")[0] != "application/x-www-form-urlencoded":
            return self.refuse(400, "invalid_request", "token request is not a form")
        form = urllib.parse.parse_qs(body.decode("ascii"), strict_parsing=True)
        if any(len(values) != 1 for values in form.values()):
            return self.refuse(400, "invalid_request", "a parameter is repeated")
        params = {name: values[0] for name, values in form.items()}
        if params.get("grant_type") != "client_credentials":
            return self.refuse(400, "unsupported_grant_type", f"grant_type {params}")
        if params.get("client_assertion_type") != CLIENT_ASSERTION_TYPE:
            return self.refuse(400, "invalid_request", "wrong client_assertion_type")
        if AGS_SCORE_SCOPE not in params.get("scope", "").split():
            return self.refuse(400, "invalid_scope", "AGS score scope not requested")
        assertion = params.get("client_assertion", "")
        try:
            header = jwt.get_unverified_header(assertion)
            claims = jwt.decode(
                assertion,
                self.public_key,
                algorithms=["RS256"],
                audience=self.token_url,
                issuer=self.client_id,
                options={"require": ["iss", "sub", "aud", "iat", "exp", "jti"]},
            )
        except jwt.InvalidTokenError as exc:
            return self.refuse(401, "invalid_client", f"assertion rejected: {exc}")
        now = time.time()
        checks = {
            "alg is RS256": header.get("alg") == "RS256",
            "kid matches": self.key_id is None or header.get("kid") == self.key_id,
            "sub is the client id": claims["sub"] == self.client_id,
            "exp is in the future": claims["exp"] > now,
            "short-lived": 0 < claims["exp"] - claims["iat"] <= 600,
            "iat is not in the future": claims["iat"] <= now + 60,
        }
        failed = [name for name, ok in checks.items() if not ok]
        if failed:
            return self.refuse(401, "invalid_client", f"assertion fails: {failed}")
        with self.lock:
            if claims["jti"] in self.assertion_ids:
                return self.refuse(401, "invalid_client", "assertion replayed")
            self.assertion_ids.add(claims["jti"])
            token = secrets.token_urlsafe(32)
            self.tokens.add(token)
        return 200, {
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": 3600,
            "scope": AGS_SCORE_SCOPE,
        }

    def score(self, headers: Any, body: bytes) -> tuple[int, dict[str, Any]]:
        auth = headers.get("Authorization", "")
        if not auth.startswith("Bearer ") or auth[len("Bearer ") :] not in self.tokens:
            return self.refuse(401, "invalid_token", "no valid bearer token")
        if headers.get("Content-Type") != SCORE_MEDIA_TYPE:
            return self.refuse(415, "unsupported_media_type", headers.get("Content-Type", ""))
        try:
            doc = json.loads(body.decode("utf-8"))
        except ValueError:
            return self.refuse(400, "invalid_request", "body is not JSON")
        problems = score_problems(doc)
        if problems:
            return self.refuse(400, "invalid_request", "; ".join(problems))
        if self.known_users is not None and doc["userId"] not in self.known_users:
            return self.refuse(422, "unknown_user", f"user {doc['userId']} is not in the course")
        with self.lock:
            self.scores.append(doc)
        return 200, {"resultUrl": f"{self.lineitem_url}/results/{doc['userId']}"}

    def refuse(self, status: int, error: str, why: str) -> tuple[int, dict[str, Any]]:
        with self.lock:
            self.refusals.append(f"{status} {error}: {why}")
        return status, {"error": error, "error_description": why}


def score_problems(doc: object) -> list[str]:
    """Everything wrong with a score body, by the AGS score publish format."""
    if not isinstance(doc, dict):
        return ["body is not an object"]
    problems = []
    if set(doc) != SCORE_FIELDS:
        problems.append(f"fields {sorted(doc)} are not {sorted(SCORE_FIELDS)}")
        return problems

    def number(value: object) -> bool:
        return isinstance(value, (int, float)) and not isinstance(value, bool)

    if not isinstance(doc["userId"], str) or not doc["userId"]:
        problems.append("userId is not a non-empty string")
    given, most = doc["scoreGiven"], doc["scoreMaximum"]
    if not (number(given) and number(most) and math.isfinite(given) and math.isfinite(most)):
        problems.append("scoreGiven/scoreMaximum are not finite numbers")
    elif not (most > 0 and 0 <= given <= most):
        problems.append(f"scoreGiven {given} is outside 0..{most}")
    if not isinstance(doc["comment"], str):
        problems.append("comment is not a string")
    if doc["activityProgress"] not in ACTIVITY:
        problems.append(f"activityProgress {doc['activityProgress']!r}")
    if doc["gradingProgress"] not in GRADING:
        problems.append(f"gradingProgress {doc['gradingProgress']!r}")
    stamp = doc["timestamp"]
    if not isinstance(stamp, str) or not TIMESTAMP.fullmatch(stamp):
        problems.append(f"timestamp {stamp!r} lacks sub-second precision or an offset")
    else:
        try:
            if datetime.fromisoformat(stamp).tzinfo is None:
                problems.append("timestamp has no time zone")
        except ValueError:
            problems.append(f"timestamp {stamp!r} does not parse")
    return problems


class _Handler(BaseHTTPRequestHandler):
    timeout = 5  # seconds per connection: a stuck client cannot hold the stub

    def do_POST(self) -> None:
        stub: PlatformStub = self.server.stub  # type: ignore[attr-defined]
        with stub.lock:
            stub.requests.append(f"POST {self.path}")
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self.reply(413, {"error": "too_large"})
            return
        body = self.rfile.read(length)
        if self.path == "/token":
            self.reply(*stub.token(self.headers, body))
        elif self.path == "/lineitems/1/scores":
            self.reply(*stub.score(self.headers, body))
        elif self.path == "/moved/lineitems/1/scores":  # tries to pull the token elsewhere
            self.send_response(307)
            self.send_header("Location", "/lineitems/1/scores")
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self.reply(*stub.refuse(404, "not_found", self.path))

    def do_GET(self) -> None:
        stub: PlatformStub = self.server.stub  # type: ignore[attr-defined]
        with stub.lock:
            stub.requests.append(f"GET {self.path}")
        self.reply(405, {"error": "method_not_allowed"})

    def reply(self, status: int, doc: dict[str, Any]) -> None:
        data = json.dumps(doc).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:  # quiet test output
        pass


# --------------------------------------------------------------------------- fixtures


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def write_key(path: Path, key: rsa.RSAPrivateKey) -> Path:
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path.write_bytes(pem)
    path.chmod(0o600)
    return path


@pytest.fixture(scope="module")
def tool_key() -> rsa.RSAPrivateKey:
    return new_key()


@pytest.fixture(scope="module")
def other_key() -> rsa.RSAPrivateKey:
    return new_key()


@pytest.fixture(autouse=True)
def no_proxy_no_lti_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Requests to the stub go straight to 127.0.0.1; no instructor settings leak in."""
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    for name in (
        "GD_LTI_CONFIG",
        "GD_LTI_CLIENT_ID",
        "GD_LTI_TOKEN_URL",
        "GD_LTI_LINEITEM",
        "GD_LTI_PRIVATE_KEY",
        "GD_LTI_AUDIENCE",
        "GD_LTI_KEY_ID",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def stub(tool_key: rsa.RSAPrivateKey):
    users = {"lti-user-kim", "lti-user-lee", "lti-user-dash", "lti-user-oh", "lti-user-yoo"}
    with PlatformStub(tool_key.public_key(), known_users=users) as platform:
        yield platform


# Student id -> (points per function, status). None = not graded (all zero).
CLASS = {
    "kim": (scores_with(MAXIMA), "graded"),
    "lee": (scores_with(MAXIMA, partial_w1=0), "graded"),
    "-dash": (
        scores_with(
            MAXIMA, mse=MAXIMA["mse"] * 3 / 4, gradient_descent=MAXIMA["gradient_descent"] / 16
        ),
        "graded",
    ),
    "park": ({"mse": MAXIMA["mse"]}, "graded"),  # the other functions 0
    "oh": (None, "ungradable"),
    "yoo": (None, "grader_error"),
}


def class_scores(student_id: str) -> dict[str, float]:
    """Every function's points of one student of CLASS (0 where none are given)."""
    points = CLASS[student_id][0] or {}
    return {fn: float(points.get(fn, 0)) for fn in FUNCTIONS}


def class_total(student_id: str) -> float:
    return sum(class_scores(student_id).values())


def g(value: float) -> str:
    return f"{value:g}"


ROSTER = {
    "kim": "lti-user-kim",
    "lee": "lti-user-lee",
    "-dash": "lti-user-dash",
    "oh": "lti-user-oh",
    "yoo": "lti-user-yoo",
}


def make_out(root: Path, students: dict[str, tuple[dict[str, float] | None, str]]) -> Path:
    """An OUT/ as the grader writes it: grades.csv plus <folder>/detail.json, feedback.md."""
    out = root / "out"
    out.mkdir()
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["student_id", *FUNCTIONS, "total", "max_score", "status", "message"])
    for student_id, (points, status) in sorted(students.items()):
        scores = {fn: float((points or {}).get(fn, 0)) for fn in FUNCTIONS}
        total = sum(scores.values())
        cell = "'" + student_id if student_id.startswith(("=", "+", "-", "@")) else student_id
        # A message quotes student text: odd line breaks must not break the CSV reading.
        message = "" if status == "graded" else "SyntaxError:\u2028line 2\x1cx"
        writer.writerow(
            [
                cell,
                *(f"{scores[fn]:g}" for fn in FUNCTIONS),
                f"{total:g}",
                g(TOTAL),
                status,
                message,
            ]
        )
        folder = out / safe_dirname(student_id)
        folder.mkdir()
        detail = {
            "student_id": student_id,
            "status": status,
            "scores": scores,
            "max_points": MAXIMA,
            "total": total,
            "max_score": TOTAL,
            "checks": [],
        }
        (folder / "detail.json").write_text(json.dumps(detail), encoding="utf-8")
        (folder / "feedback.md").write_text(f"# {student_id}\n", encoding="utf-8")
    (out / "grades.csv").write_text(buf.getvalue(), encoding="utf-8")
    return out


def write_roster(path: Path, mapping: dict[str, str]) -> Path:
    lines = ["student_id,lti_user_id,name"]
    lines += [f"{sid},{uid},Student {sid}" for sid, uid in mapping.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def config_for(platform: PlatformStub, key_path: Path) -> LtiConfig:
    return LtiConfig(
        client_id=CLIENT_ID,
        token_url=platform.token_url,
        lineitem_url=platform.lineitem_url,
        private_key_path=key_path,
        key_id=KEY_ID,
    )


def write_config(path: Path, platform: PlatformStub, key_name: str) -> Path:
    path.write_text(
        "[lti]\n"
        f'client_id = "{CLIENT_ID}"\n'
        f'token_url = "{platform.token_url}"\n'
        f'lineitem = "{platform.lineitem_url}"\n'
        f'private_key = "{key_name}"\n'
        f'key_id = "{KEY_ID}"\n',
        encoding="utf-8",
    )
    return path


def publish_cli(*argv: str) -> int:
    from autograder.cli import main

    return main(["publish", *argv])


def by_student(results: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {entry["student_id"]: entry for entry in results}


# --------------------------------------------------------------------------- tests


def test_every_graded_student_is_posted_with_the_right_score(tmp_path, stub, tool_key):
    out = make_out(tmp_path, CLASS)
    roster = write_roster(tmp_path / "roster.csv", ROSTER)
    key_path = write_key(tmp_path / "tool.pem", tool_key)

    results = publish_scores(
        out, config=config_for(stub, key_path), roster=roster, now=lambda: FIXED_NOW
    )

    assert stub.refusals == []
    assert stub.requests[0] == "POST /token"
    assert stub.requests.count("POST /token") == 1  # one token for the whole class
    posted = {doc["userId"]: doc for doc in stub.scores}
    assert posted == {
        "lti-user-kim": {
            "userId": "lti-user-kim",
            "scoreGiven": TOTAL,
            "scoreMaximum": TOTAL,
            "comment": points_summary(class_scores("kim"), MAXIMA),
            "timestamp": "2026-03-02T09:30:15.123+00:00",
            "activityProgress": "Completed",
            "gradingProgress": "FullyGraded",
        },
        "lti-user-lee": {
            "userId": "lti-user-lee",
            "scoreGiven": class_total("lee"),
            "scoreMaximum": TOTAL,
            "comment": points_summary(class_scores("lee"), MAXIMA),
            "timestamp": "2026-03-02T09:30:15.123+00:00",
            "activityProgress": "Completed",
            "gradingProgress": "FullyGraded",
        },
        "lti-user-dash": {  # the id "-dash" is "'-dash" in grades.csv (formula guard)
            "userId": "lti-user-dash",
            "scoreGiven": class_total("-dash"),
            "scoreMaximum": TOTAL,
            "comment": points_summary(class_scores("-dash"), MAXIMA),
            "timestamp": "2026-03-02T09:30:15.123+00:00",
            "activityProgress": "Completed",
            "gradingProgress": "FullyGraded",
        },
        "lti-user-oh": {  # ungradable: a 0 with the reason, as the exports write it
            "userId": "lti-user-oh",
            "scoreGiven": 0,
            "scoreMaximum": TOTAL,
            "comment": points_summary(class_scores("oh"), MAXIMA)
            + " [ungradable: SyntaxError: line 2 x]",
            "timestamp": "2026-03-02T09:30:15.123+00:00",
            "activityProgress": "Completed",
            "gradingProgress": "FullyGraded",
        },
    }
    outcome = {sid: entry["result"] for sid, entry in by_student(results).items()}
    assert outcome == {
        "kim": "posted",
        "lee": "posted",
        "-dash": "posted",
        "park": "unmapped",  # graded, but not on the roster: reported, never posted
        "oh": "posted",  # ungradable: 0, with the reason
        "yoo": "skipped",  # grader error: not a grade, not published (nor exported)
    }
    assert "regrade" in by_student(results)["yoo"]["message"]
    assert by_student(results)["kim"]["http_status"] == 200
    assert "roster" in by_student(results)["park"]["message"]


def test_cli_publishes_from_a_config_file_and_never_prints_the_token(
    tmp_path, stub, tool_key, capsys
):
    out = make_out(tmp_path, CLASS)
    roster = write_roster(tmp_path / "roster.csv", ROSTER)
    secret_dir = tmp_path / "secret-keys-dir"
    secret_dir.mkdir()
    write_key(secret_dir / "tool-private.pem", tool_key)
    config = write_config(secret_dir / "lti.toml", stub, "tool-private.pem")

    code = publish_cli(str(out), "--lti", "--config", str(config), "--roster", str(roster))

    printed = capsys.readouterr()
    text = printed.out + printed.err
    assert code == 0, text
    assert stub.refusals == []
    assert len(stub.scores) == 4
    assert f"posted    kim -> lti-user-kim: {g(TOTAL)}/{g(TOTAL)}" in text
    assert f"posted    oh -> lti-user-oh: 0/{g(TOTAL)}" in text
    assert "unmapped  park" in text
    assert "Summary: 4 posted, 1 unmapped, 1 skipped" in text
    assert stub.tokens and not any(token in text for token in stub.tokens)
    assert "tool-private.pem" not in text and "PRIVATE KEY" not in text


def test_environment_overrides_the_config_file(tmp_path, stub, tool_key, monkeypatch):
    out = make_out(tmp_path, {"kim": CLASS["kim"]})
    write_key(tmp_path / "tool.pem", tool_key)
    config = tmp_path / "lti.json"
    config.write_text(
        json.dumps(
            {
                "client_id": "someone-else",
                "token_url": stub.token_url,
                "lineitem_url": "https://lms.example.edu/api/lti/courses/7/line_items/99",
                "private_key": "tool.pem",
                "key_id": KEY_ID,
            }
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("GD_LTI_CONFIG", str(config))
    monkeypatch.setenv("GD_LTI_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("GD_LTI_LINEITEM", stub.lineitem_url)

    loaded = LtiConfig.load()
    assert loaded.client_id == CLIENT_ID
    assert loaded.lineitem_url == stub.lineitem_url
    assert loaded.private_key_path == tmp_path / "tool.pem"  # relative to the file
    assert "tool.pem" not in repr(loaded)

    roster = write_roster(tmp_path / "roster.csv", {"kim": "lti-user-kim"})
    assert publish_cli(str(out), "--lti", "--roster", str(roster)) == 0
    assert [doc["userId"] for doc in stub.scores] == ["lti-user-kim"]


def test_dry_run_sends_nothing_and_prints_no_secret(tmp_path, stub, tool_key, capsys):
    out = make_out(tmp_path, CLASS)
    roster = write_roster(tmp_path / "roster.csv", ROSTER)
    key_dir = tmp_path / "keys-not-to-print"
    key_dir.mkdir()
    key_path = write_key(key_dir / "do-not-print.pem", tool_key)
    config = write_config(tmp_path / "lti.toml", stub, str(key_path))

    code = publish_cli(
        str(out), "--lti", "--config", str(config), "--roster", str(roster), "--dry-run"
    )

    printed = capsys.readouterr()
    text = printed.out + printed.err
    assert code == 0, text
    assert stub.requests == []  # not even a token request
    assert stub.tokens == set()
    assert f"POST {stub.lineitem_url}/scores" in text
    assert SCORE_MEDIA_TYPE in text
    bodies = [json.loads(line) for line in text.splitlines() if line.startswith("  {")]
    assert sorted(body["userId"] for body in bodies) == [
        "lti-user-dash",
        "lti-user-kim",
        "lti-user-lee",
        "lti-user-oh",
    ]
    assert all(score_problems(body) == [] for body in bodies)
    assert str(key_path) not in text
    assert "do-not-print" not in text and "keys-not-to-print" not in text
    assert "PRIVATE KEY" not in text and "Bearer" not in text


def test_dry_run_results_carry_the_bodies(tmp_path, stub, tool_key):
    out = make_out(tmp_path, {"lee": CLASS["lee"]})
    results = publish_scores(
        out,
        config=config_for(stub, tmp_path / "absent.pem"),  # a dry run never reads the key
        roster=write_roster(tmp_path / "roster.csv", {"lee": "lti-user-lee"}),
        dry_run=True,
        now=lambda: FIXED_NOW,
    )
    assert stub.requests == []
    (entry,) = results
    assert entry["result"] == "dry_run"
    assert entry["url"] == f"{stub.lineitem_url}/scores"
    assert entry["score"]["scoreGiven"] == class_total("lee")
    assert entry["score"]["timestamp"] == "2026-03-02T09:30:15.123+00:00"


def test_a_wrong_key_is_rejected_by_the_platform(tmp_path, stub, other_key, capsys):
    out = make_out(tmp_path, CLASS)
    roster = write_roster(tmp_path / "roster.csv", ROSTER)
    key_path = write_key(tmp_path / "stolen-or-stale.pem", other_key)
    config = write_config(tmp_path / "lti.toml", stub, key_path.name)

    code = publish_cli(str(out), "--lti", "--config", str(config), "--roster", str(roster))

    printed = capsys.readouterr()
    text = printed.out + printed.err
    assert code != 0
    assert stub.requests == ["POST /token"]  # no score was attempted without a token
    assert stub.scores == [] and stub.tokens == set()
    assert any("Signature verification failed" in why for why in stub.refusals)
    assert "HTTP 401" in text and "invalid_client" in text
    assert "failed    kim" in text
    assert "stolen-or-stale" not in text


def test_wrong_key_through_the_library_marks_every_student_failed(tmp_path, stub, other_key):
    out = make_out(tmp_path, CLASS)
    results = publish_scores(
        out,
        config=config_for(stub, write_key(tmp_path / "other.pem", other_key)),
        roster=write_roster(tmp_path / "roster.csv", ROSTER),
    )
    outcome = {sid: entry["result"] for sid, entry in by_student(results).items()}
    assert outcome == {
        "kim": "failed",
        "lee": "failed",
        "-dash": "failed",
        "park": "unmapped",
        "oh": "failed",
        "yoo": "skipped",
    }


def test_a_refused_student_does_not_stop_the_others(tmp_path, tool_key, capsys):
    out = make_out(tmp_path, CLASS)
    roster = write_roster(tmp_path / "roster.csv", ROSTER)
    key_path = write_key(tmp_path / "tool.pem", tool_key)
    known = {"lti-user-kim", "lti-user-dash"}  # lti-user-lee has left the course
    with PlatformStub(tool_key.public_key(), known_users=known) as platform:
        config = write_config(tmp_path / "lti.toml", platform, key_path.name)
        code = publish_cli(str(out), "--lti", "--config", str(config), "--roster", str(roster))
    text = "".join(capsys.readouterr())
    assert code == 1
    assert sorted(doc["userId"] for doc in platform.scores) == ["lti-user-dash", "lti-user-kim"]
    assert "failed    lee: the platform refused it: HTTP 422" in text


def test_roster_students_without_a_grade_and_no_roster(tmp_path, stub, tool_key):
    out = make_out(tmp_path, {"kim": CLASS["kim"]})
    key_path = write_key(tmp_path / "tool.pem", tool_key)
    roster = write_roster(tmp_path / "roster.csv", {"kim": "lti-user-kim", "yoon": "lti-9"})
    results = by_student(publish_scores(out, config=config_for(stub, key_path), roster=roster))
    assert results["yoon"]["result"] == "missing"

    # Without a roster, student ids are the LTI user ids.
    with PlatformStub(tool_key.public_key()) as platform:
        results = by_student(publish_scores(out, config=config_for(platform, key_path)))
    assert results["kim"]["result"] == "posted"
    assert [doc["userId"] for doc in platform.scores] == ["kim"]


def test_inconsistent_reports_are_not_posted(tmp_path, stub, tool_key):
    out = make_out(tmp_path, {"kim": CLASS["kim"], "lee": CLASS["lee"]})
    detail = out / "lee" / "detail.json"
    doc = json.loads(detail.read_text(encoding="utf-8"))
    doc["total"] = TOTAL  # grades.csv says less
    detail.write_text(json.dumps(doc), encoding="utf-8")
    results = by_student(
        publish_scores(
            out,
            config=config_for(stub, write_key(tmp_path / "tool.pem", tool_key)),
            roster=write_roster(tmp_path / "r.csv", {"kim": "lti-user-kim", "lee": "lti-user-lee"}),
        )
    )
    assert results["kim"]["result"] == "posted"
    assert results["lee"]["result"] == "invalid"
    assert [doc["userId"] for doc in stub.scores] == ["lti-user-kim"]


def test_a_row_without_its_report_folder_is_not_posted(tmp_path, stub, tool_key):
    """A grades.csv row that the grader did not write (no <folder>/detail.json that agrees
    with it) is never posted, e.g. a row forged through a message cell."""
    out = make_out(tmp_path, {"kim": CLASS["kim"]})
    with (out / "grades.csv").open("a", encoding="utf-8") as fh:
        full = ",".join(g(MAXIMA[fn]) for fn in FUNCTIONS)
        fh.write(f"mallory,{full},{g(TOTAL)},{g(TOTAL)},graded,\n")
    results = by_student(
        publish_scores(
            out,
            config=config_for(stub, write_key(tmp_path / "tool.pem", tool_key)),
            roster=write_roster(
                tmp_path / "r.csv", {"kim": "lti-user-kim", "mallory": "lti-user-lee"}
            ),
        )
    )
    assert results["mallory"]["result"] == "invalid"
    assert results["kim"]["result"] == "posted"
    assert [doc["userId"] for doc in stub.scores] == ["lti-user-kim"]


def test_a_broken_or_repeated_row_does_not_block_the_class(tmp_path, stub, tool_key):
    """A message cell quotes student text; a stray carriage return in it splits the row
    for a CSV reader. The rest of the class is still published; the fragment is reported."""
    out = make_out(tmp_path, {"kim": CLASS["kim"], "lee": CLASS["lee"], "park": CLASS["park"]})
    grades = out / "grades.csv"
    text = grades.read_text(encoding="utf-8")
    lee = f"lee,{','.join(g(v) for v in class_scores('lee').values())},"
    lee += f"{g(class_total('lee'))},{g(TOTAL)},graded,"
    assert lee + "\n" in text
    text = text.replace(lee + "\n", lee + "x\ry\n")
    full = ",".join(g(MAXIMA[fn]) for fn in FUNCTIONS)
    text += f"park,{full},{g(TOTAL)},{g(TOTAL)},graded,\n"  # a second row for park
    grades.write_text(text, encoding="utf-8", newline="")
    results = by_student(
        publish_scores(
            out,
            config=config_for(stub, write_key(tmp_path / "tool.pem", tool_key)),
            roster=write_roster(
                tmp_path / "r.csv",
                {"kim": "lti-user-kim", "lee": "lti-user-lee", "park": "lti-user-oh"},
            ),
        )
    )
    assert {sid: e["result"] for sid, e in results.items()} == {
        "kim": "posted",
        "lee": "posted",
        "y": "invalid",
        "park": "invalid",
    }
    assert "more than once" in results["park"]["message"]
    assert sorted(doc["userId"] for doc in stub.scores) == ["lti-user-kim", "lti-user-lee"]


def test_redirects_are_not_followed_and_naive_clocks_are_refused(tmp_path, stub, tool_key):
    out = make_out(tmp_path, {"kim": CLASS["kim"]})
    config = LtiConfig(
        client_id=CLIENT_ID,
        token_url=stub.token_url,
        lineitem_url=stub.lineitem_url.replace("/lineitems/", "/moved/lineitems/"),
        private_key_path=write_key(tmp_path / "tool.pem", tool_key),
        key_id=KEY_ID,
    )
    (entry,) = publish_scores(out, config=config)
    assert entry["result"] == "failed" and "HTTP 307" in entry["message"]
    assert stub.requests == ["POST /token", "POST /moved/lineitems/1/scores"]
    assert stub.scores == []

    (entry,) = publish_scores(out, config=config, dry_run=True, now=datetime.now)
    assert entry["result"] == "invalid" and "time zone" in entry["message"]


def test_roster_that_gives_one_lti_user_two_students_is_refused(tmp_path, stub, tool_key):
    out = make_out(tmp_path, {"kim": CLASS["kim"]})
    roster = tmp_path / "roster.csv"
    roster.write_text("student_id,lti_user_id\nkim,u1\nlee,u1\n", encoding="utf-8")
    with pytest.raises(LtiError, match="two students"):
        publish_scores(
            out, config=config_for(stub, tmp_path / "k.pem"), roster=roster, dry_run=True
        )
    assert stub.requests == []


def test_config_checks(tmp_path):
    good = {
        "client_id": CLIENT_ID,
        "token_url": "https://lms.example.edu/login/oauth2/token",
        "lineitem_url": "https://lms.example.edu/api/lti/courses/7/line_items/99?type=x",
        "private_key_path": tmp_path / "k.pem",
    }
    config = LtiConfig(**good)
    assert (
        config.scores_url == "https://lms.example.edu/api/lti/courses/7/line_items/99/scores?type=x"
    )
    assert config.assertion_audience == good["token_url"]
    assert LtiConfig(**good, audience="https://lms.example.edu").assertion_audience == (
        "https://lms.example.edu"
    )
    with pytest.raises(LtiError, match="https"):
        LtiConfig(**{**good, "token_url": "http://lms.example.edu/token"})
    with pytest.raises(LtiError, match="credentials"):
        LtiConfig(**{**good, "lineitem_url": "https://user:pw@lms.example.edu/li/1"})
    with pytest.raises(LtiError, match="GD_LTI_CLIENT_ID"):
        LtiConfig.load(environ={"GD_LTI_TOKEN_URL": good["token_url"]})
    bad_file = tmp_path / "lti.toml"
    bad_file.write_text('client_id = "x"\nclient_secret = "y"\n', encoding="utf-8")
    with pytest.raises(LtiError, match="client_secret"):
        LtiConfig.load(bad_file, environ={})


def test_the_sandbox_environment_never_carries_lti_settings(monkeypatch, tmp_path):
    from autograder.sandbox.process import child_env

    monkeypatch.setenv("GD_LTI_PRIVATE_KEY", str(tmp_path / "tool.pem"))
    monkeypatch.setenv("GD_LTI_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("GD_LTI_CONFIG", str(tmp_path / "lti.toml"))
    env = child_env()
    assert not [name for name in env if "LTI" in name]
    assert str(tmp_path) not in " ".join(env.values())


def test_stub_rejects_an_expired_or_misaddressed_assertion(tool_key):
    """The stub really checks the claims (so the passing tests mean something)."""
    with PlatformStub(tool_key.public_key()) as platform:
        issued = int(time.time())
        base = {"iss": CLIENT_ID, "sub": CLIENT_ID, "aud": platform.token_url, "jti": "a"}
        cases = {
            "expired": {**base, "iat": issued - 900, "exp": issued - 600},
            "wrong aud": {**base, "aud": "https://elsewhere", "iat": issued, "exp": issued + 60},
            "wrong sub": {**base, "sub": "x", "iat": issued, "exp": issued + 60, "jti": "b"},
        }
        for claims in cases.values():
            assertion = jwt.encode(claims, tool_key, algorithm="RS256", headers={"kid": KEY_ID})
            form = {
                "grant_type": "client_credentials",
                "client_assertion_type": CLIENT_ASSERTION_TYPE,
                "client_assertion": assertion,
                "scope": AGS_SCORE_SCOPE,
            }
            body = urllib.parse.urlencode(form).encode()
            status, _ = platform.token({"Content-Type": "application/x-www-form-urlencoded"}, body)
            assert status == 401
        good = {**base, "jti": "c", "iat": issued, "exp": issued + 60}
        form["client_assertion"] = jwt.encode(
            good, tool_key, algorithm="RS256", headers={"kid": KEY_ID}
        )
        form["scope"] = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"
        body = urllib.parse.urlencode(form).encode()
        status, doc = platform.token({"Content-Type": "application/x-www-form-urlencoded"}, body)
        assert (status, doc["error"]) == (400, "invalid_scope")
    stale = (FIXED_NOW - timedelta(days=1)).replace(microsecond=0).isoformat()
    assert any(
        "sub-second" in p
        for p in score_problems({f: "x" for f in SCORE_FIELDS} | {"timestamp": stale})
    )


def test_the_assertion_is_backdated_for_a_platform_clock_behind_ours(
    tmp_path, stub, tool_key, monkeypatch
):
    """The stub verifies with PyJWT, which refuses an iat later than its own clock (no
    leeway). A platform clock 3 s behind the tool's must still accept a fresh assertion."""
    import types

    import autograder.integrations.lms.lti.auth as auth
    from autograder.integrations.lms.lti import ASSERTION_LIFETIME, CLOCK_SKEW, client_assertion

    assert 0 < 3 < CLOCK_SKEW <= 30
    ahead = types.SimpleNamespace(time=lambda: time.time() + 3, monotonic=time.monotonic)
    monkeypatch.setattr(auth, "time", ahead)
    out = make_out(tmp_path, {"kim": CLASS["kim"]})
    key_path = write_key(tmp_path / "tool.pem", tool_key)
    roster = write_roster(tmp_path / "roster.csv", {"kim": "lti-user-kim"})
    (entry,) = publish_scores(out, config=config_for(stub, key_path), roster=roster)
    assert entry["result"] == "posted", (entry, stub.refusals)

    claims = jwt.decode(
        client_assertion(config_for(stub, key_path), tool_key),
        tool_key.public_key(),
        algorithms=["RS256"],
        audience=stub.token_url,
        options={"verify_iat": False, "verify_exp": False},
    )
    assert claims["exp"] - claims["iat"] == ASSERTION_LIFETIME + CLOCK_SKEW
    assert claims["iat"] <= ahead.time() - CLOCK_SKEW


def test_publish_and_the_exports_agree_on_who_gets_a_grade(tmp_path, stub, tool_key):
    """Ungradable: a 0 with the reason, in the Moodle file and in publish alike. Grader
    error: in neither (the LMS keeps what it had); both say so."""
    from autograder.integrations.lms.export import export

    out = make_out(tmp_path, CLASS)
    results = by_student(
        publish_scores(out, config=config_for(stub, tmp_path / "k.pem"), dry_run=True)
    )
    published = {
        sid: e["score"]["scoreGiven"] for sid, e in results.items() if e["result"] == "dry_run"
    }
    moodle = export(out, to="moodle", assignment_title="gd")
    rows = list(csv.reader(io.StringIO(moodle.text)))[1:]
    exported = {row[0]: float(row[1]) for row in rows}
    assert (
        published
        == exported
        == {
            "-dash": class_total("-dash"),
            "kim": TOTAL,
            "lee": class_total("lee"),
            "oh": 0,
            "park": class_total("park"),
        }
    )
    assert results["yoo"]["result"] == "skipped"
    assert any("grader error for yoo" in w for w in moodle.warnings)
    oh_feedback = next(row[2] for row in rows if row[0] == "oh")
    assert "[ungradable: SyntaxError:" in oh_feedback
    assert "[ungradable: SyntaxError: line 2 x]" in results["oh"]["score"]["comment"]


def test_publish_reads_grades_csv_with_intakes_name_and_late_columns(tmp_path, stub):
    """grades.csv gains name and late after student_id (issue 17): they are not functions."""
    out = make_out(tmp_path, CLASS)
    before = by_student(
        publish_scores(out, config=config_for(stub, tmp_path / "k.pem"), dry_run=True)
    )
    rows = list(csv.reader(io.StringIO((out / "grades.csv").read_text(encoding="utf-8"))))
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([rows[0][0], "name", "late", *rows[0][1:]])
    for row in rows[1:]:
        writer.writerow([row[0], "Kim, 민준", "yes", *row[1:]])
    (out / "grades.csv").write_text(buf.getvalue(), encoding="utf-8")
    after = by_student(
        publish_scores(out, config=config_for(stub, tmp_path / "k.pem"), dry_run=True)
    )
    assert {s: e["result"] for s, e in after.items()} == {s: e["result"] for s, e in before.items()}

    def given(entries: dict) -> dict:  # the score without its timestamp
        return {
            s: (e["score"]["scoreGiven"], e["score"]["comment"])
            for s, e in entries.items()
            if "score" in e
        }

    assert given(after) == given(before) and given(after)["kim"][0] == TOTAL
    assert after["kim"]["result"] == "dry_run"


def test_publish_command_takes_keyword_options_without_argparse(tmp_path, stub, tool_key, capsys):
    """The library entry point of ``publish --lti``: keyword options, defaults in its
    signature (no roster: the student ids are the LTI user ids; not a dry run: posts)."""
    out = make_out(tmp_path, {"kim": CLASS["kim"], "lee": CLASS["lee"]})
    config = write_config(tmp_path / "lti.toml", stub, str(write_key(tmp_path / "k.pem", tool_key)))
    roster = write_roster(tmp_path / "roster.csv", {"kim": "lti-user-kim"})
    assert publish_command(out, config=config, roster=roster, dry_run=True) == 0
    text = capsys.readouterr().out
    assert "Dry run: nothing is sent." in text and stub.requests == []
    assert f"dry_run   kim -> lti-user-kim: {g(TOTAL)}/{g(TOTAL)}" in text
    assert "unmapped  lee" in text
    assert publish_command(out, config=config) == 1  # sent, as "kim": the platform refuses
    printed = capsys.readouterr()
    assert "No roster: student ids are sent as LTI user ids." in printed.out
    assert "failed    kim: the platform refused it: HTTP 422" in printed.err
    assert publish_command(tmp_path / "nowhere", config=config) == 2
    assert "run `grade` first" in capsys.readouterr().err
