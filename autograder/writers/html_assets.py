"""The Content-Security-Policy of the HTML reports: nothing may load from outside the page.

The style sheet and the sorting script themselves are templates now
(autograder/templates/html/style.css.j2 and sort.js.j2, see writers/templates.py); the
script's hash goes into the class page's policy, so no other script can run there.
"""

from __future__ import annotations

import base64
import hashlib


def csp(*, script: str | None) -> str:
    """A Content-Security-Policy that allows nothing from outside the page itself, and
    ``script`` (the page's one inline script, by its hash), if any.

    The pictures are inline SVG drawn with presentation attributes only: they need neither
    img-src nor a style attribute, so no image of any kind may load."""
    policy = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'"
    if script:
        digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
        policy += f"; script-src 'sha256-{digest}'"
    return policy
