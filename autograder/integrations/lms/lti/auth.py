"""The tool's identity at the platform: its private key, the client assertion, the access token.

Access token: the OAuth 2.0 client-credentials grant, the tool authenticating with a JWT
client assertion (RFC 7523). A form POST to the token URL carries
``grant_type=client_credentials``,
``client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer``,
``client_assertion`` (RS256, signed with the tool's private key; ``iss`` = ``sub`` =
client id, ``aud`` = token URL or the configured audience, ``iat`` backdated by
``CLOCK_SKEW``, ``exp``, ``jti``)
and ``scope`` = the AGS score scope. PyJWT signs; nothing here hand-rolls a JWT.

The private key path, the key, the client assertion and the access token are never
printed, logged, returned or put into an exception message.
"""

from __future__ import annotations

import json
import secrets
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from autograder.integrations.lms.lti.config import LtiConfig, LtiError
from autograder.integrations.lms.lti.transport import HTTP_TIMEOUT, _opener, _platform_says, _post

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric import rsa

# PyJWT and cryptography are imported where they are used, so that `grade` never loads them.

AGS_SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
ASSERTION_LIFETIME = 300  # seconds: the assertion is used once, right away
# The assertion's iat is backdated this much: the platform checks iat against its own clock,
# and a validator such as PyJWT refuses an iat later than its "now" (with no leeway by
# default), so a platform clock a second behind ours would refuse a fresh assertion.
CLOCK_SKEW = 5  # seconds

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
    because the platform checks them against its own; ``iat`` is ``CLOCK_SKEW`` seconds in
    the past so that a platform whose clock is a little behind still accepts it."""
    import jwt

    now = int(time.time())
    claims = {
        "iss": config.client_id,
        "sub": config.client_id,
        "aud": config.assertion_audience,
        "iat": now - CLOCK_SKEW,
        "exp": now + ASSERTION_LIFETIME,
        "jti": secrets.token_urlsafe(24),
    }
    headers = {"kid": config.key_id} if config.key_id else None
    return jwt.encode(claims, key, algorithm="RS256", headers=headers)


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
