"""LTI 1.3 grade passback: post each graded student's total to an LMS line item.

``python -m autograder publish OUT --lti`` reads a graded ``OUT/`` (``grades.csv`` and each
student's ``detail.json``) and sends one score per graded student to the platform's
Assignment and Grade Services (AGS) score service. The pipeline, in order:

  config.py      the settings (config file, ``GD_LTI_*`` variables), URL checks, LtiError
  grades.py      reading ``OUT/`` (grades.csv, detail.json) and the roster
  auth.py        the private key, the JWT client assertion, the access token
  transport.py   the HTTP POST: redirects refused, answers bounded, secrets masked
  publish.py     the score bodies and publish_scores: one result per student
  cli.py         ``publish OUT --lti``: its arguments; publish_command prints the
                 results and gives the exit code

Every public name of the modules is re-exported here: import from ``autograder.integrations.lms.lti``.
"""

from autograder.integrations.lms.lti.auth import (
    AGS_SCORE_SCOPE,
    ASSERTION_LIFETIME,
    CLIENT_ASSERTION_TYPE,
    CLOCK_SKEW,
    KEY_SETTING,
    AccessToken,
    client_assertion,
    fetch_access_token,
    load_private_key,
)
from autograder.integrations.lms.lti.cli import RESULT_ORDER, add_lti_parser, publish_command
from autograder.integrations.lms.lti.config import (
    ENV_CONFIG_FILE,
    ENV_VARS,
    FILE_KEYS,
    LOOPBACK_HOSTS,
    LtiConfig,
    LtiError,
)
from autograder.integrations.lms.lti.grades import (
    GRADES_TAIL,
    NOT_GRADED,
    GradeRow,
    read_grades,
    read_roster,
)
from autograder.integrations.lms.lti.publish import (
    POSTED_STATUSES,
    SCORE_MEDIA_TYPE,
    publish_scores,
    score_body,
    score_comment,
)
from autograder.integrations.lms.lti.transport import HTTP_TIMEOUT, MAX_RESPONSE_BYTES

__all__ = [
    "AGS_SCORE_SCOPE",
    "ASSERTION_LIFETIME",
    "CLIENT_ASSERTION_TYPE",
    "CLOCK_SKEW",
    "ENV_CONFIG_FILE",
    "ENV_VARS",
    "FILE_KEYS",
    "GRADES_TAIL",
    "HTTP_TIMEOUT",
    "KEY_SETTING",
    "LOOPBACK_HOSTS",
    "MAX_RESPONSE_BYTES",
    "NOT_GRADED",
    "POSTED_STATUSES",
    "RESULT_ORDER",
    "SCORE_MEDIA_TYPE",
    "AccessToken",
    "GradeRow",
    "LtiConfig",
    "LtiError",
    "add_lti_parser",
    "client_assertion",
    "fetch_access_token",
    "load_private_key",
    "publish_command",
    "publish_scores",
    "read_grades",
    "read_roster",
    "score_body",
    "score_comment",
]
