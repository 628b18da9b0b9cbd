"""LTI settings: where and as whom to publish, from a config file and ``GD_LTI_*`` variables.

Secrets and student code
  * Grading and publishing are separate commands, run one after the other. Student code runs
    only during ``grade``, inside the sandbox, whose environment is a whitelist
    (``autograder/sandbox/process.py``: ``PASS_ENV``): ``GD_LTI_*`` variables set for the
    instructor never reach a student process. ``publish`` runs no student code; it only
    reads the report files.
  * A plain ``http://`` platform is accepted only on the loopback interface (a local test
    platform).
"""

from __future__ import annotations

import json
import os
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

try:  # Python 3.11+; on 3.10 a JSON config file still works
    import tomllib
except ModuleNotFoundError:  # pragma: no cover
    tomllib = None  # type: ignore[assignment]

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
