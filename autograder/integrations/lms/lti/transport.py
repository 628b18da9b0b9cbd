"""The one HTTP request of LTI passback: a POST that refuses redirects and reads a bounded answer.

Redirects are refused (a bearer token must not follow one), and an error answer is shown
only as a short, single-line excerpt with any secret masked.
"""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from typing import Any

from autograder.integrations.lms.lti.config import LtiError

HTTP_TIMEOUT = 30.0
MAX_RESPONSE_BYTES = 1_000_000


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
