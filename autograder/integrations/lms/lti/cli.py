"""The ``publish OUT --lti`` command: its arguments, what it prints, its exit code.

``--dry-run`` prints the URLs and score bodies only, and sends nothing; the key path and
the access token are never printed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from autograder.integrations.lms.lti.auth import AGS_SCORE_SCOPE, load_private_key
from autograder.integrations.lms.lti.config import LtiConfig, LtiError
from autograder.integrations.lms.lti.publish import SCORE_MEDIA_TYPE, _points, publish_scores


def add_lti_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add ``publish OUT --lti [--config FILE] [--roster FILE] [--dry-run]``: the options
    are publish_command()'s keywords (one left out keeps its default there)."""
    parser = subparsers.add_parser(
        "publish",
        help="send the grades of a graded OUT/ to an LMS (LTI 1.3 grade passback)",
        description="Post each graded student's total from OUT/grades.csv to an LTI 1.3 "
        "line item (Assignment and Grade Services). Run it after `grade`, separately: it "
        "reads only OUT/ and never runs student code. An ungradable submission is posted as "
        "0 with the reason; a grader error is not posted (regrade it). "
        "Settings come from --config and the "
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
        default=argparse.SUPPRESS,
        metavar="FILE",
        help="TOML or JSON file with client_id, token_url, lineitem, private_key and "
        "optionally audience, key_id (default: $GD_LTI_CONFIG)",
    )
    parser.add_argument(
        "--roster",
        type=Path,
        default=argparse.SUPPRESS,
        metavar="FILE",
        help="CSV with columns student_id,lti_user_id; without it the student ids are sent "
        "as LTI user ids",
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        default=argparse.SUPPRESS,
        help="print the URL and scores; send nothing",
    )
    return parser


RESULT_ORDER = ("posted", "dry_run", "unmapped", "skipped", "missing", "invalid", "failed")


def publish_command(
    out: Path, *, config: Path | None = None, roster: Path | None = None, dry_run: bool = False
) -> int:
    """The ``publish --lti`` command: post the grades of ``out`` with the settings of
    ``config`` (and the ``GD_LTI_*`` variables), the LTI user ids of ``roster`` (without
    one, the student ids), printing one line per student. ``dry_run`` sends nothing.
    0: every score that could be sent was accepted (or, dry run, would be sent);
    1: a score was refused or a report was inconsistent; 2: bad settings or input."""
    try:
        settings = LtiConfig.load(config)
        if dry_run:
            load_private_key(settings)  # the key is usable: checked, never shown
        results = publish_scores(out, config=settings, roster=roster, dry_run=dry_run)
    except LtiError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if dry_run:
        print("Dry run: nothing is sent.")
        print(
            f"Token endpoint: {settings.token_url} (client {settings.client_id}, "
            f"scope {AGS_SCORE_SCOPE})"
        )
    print(f"Scores endpoint: {settings.scores_url}")
    if roster is None:
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
