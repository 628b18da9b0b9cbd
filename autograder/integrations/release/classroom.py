"""The GitHub Classroom workflow of an assignment: ``assignments/<name>/github-classroom.yml``,
written by ``make generate`` (release.maintained_files) and released as
``.github/workflows/classroom.yml``.

It runs the public checks only (students can read everything in their own repository).
ubuntu-latest's own Python refuses ``pip install`` (PEP 668: an externally managed
environment), so the workflow sets up a pinned Python with actions/setup-python and installs
what check_public.py imports (numpy; it runs without matplotlib), with everything that
requires, pinned at requirements.lock's versions.
"""

from __future__ import annotations

PYTHON_VERSION = "3.12"  # numpy 2.4 needs 3.11 or newer; Ubuntu 24.04's own is 3.12
CHECKOUT = "actions/checkout@v4"
SETUP_PYTHON = "actions/setup-python@v5"
PUBLIC_CHECK_ROOTS = ("numpy",)  # what check_public.py (public/runtime.py) imports

WORKFLOW = """\
# GitHub Classroom autograding for the @NAME@ exercise. Generated from
# autograder/integrations/release/classroom.py by `make generate`: change that file, not this one.
# `make release` copies this file to .github/workflows/classroom.yml in the student bundle.
# It runs the PUBLIC checks only: students can read everything in their own repository, so
# the hidden suite must never be placed there. Grade for real with `make grade`.
# Adding or editing tests in the Classroom assignment's settings REPLACES this file in the
# students' repositories: leave the assignment's autograding tests empty there.
name: Autograding Tests
'on':
  - push
  - workflow_dispatch
  - repository_dispatch
permissions:
  checks: write
  actions: read
  contents: read
jobs:
  run-autograding-tests:
    runs-on: ubuntu-latest
    if: github.actor != 'github-classroom[bot]'
    steps:
      - name: Checkout code
        uses: @CHECKOUT@
      - name: Set up Python
        uses: @SETUP_PYTHON@
        with:
          python-version: '@PYTHON@'
      - name: Install the pinned packages
        run: python -m pip install --disable-pip-version-check --no-deps @PINS@
      - name: Public checks
        id: public-checks
        uses: classroom-resources/autograding-command-grader@v1
        with:
          test-name: Public checks (공개 확인)
          command: python check_public.py
          timeout: 5
          max-score: 1
      - name: Autograding Reporter
        uses: classroom-resources/autograding-grading-reporter@v1
        env:
          PUBLIC-CHECKS_RESULTS: "${{steps.public-checks.outputs.result}}"
        with:
          runners: public-checks
"""


def pins() -> list[str]:
    """``name==version`` of what check_public.py imports and all it requires."""
    from autograder.integrations.release.pins import runtime_requirements

    return [
        f"{name}=={version}" for name, version in runtime_requirements(PUBLIC_CHECK_ROOTS).values()
    ]


def workflow(name: str) -> str:
    """The text of ``assignments/<name>/github-classroom.yml``."""
    replacements = {
        "@NAME@": name,
        "@CHECKOUT@": CHECKOUT,
        "@SETUP_PYTHON@": SETUP_PYTHON,
        "@PYTHON@": PYTHON_VERSION,
        "@PINS@": " ".join(pins()),
    }
    text = WORKFLOW
    for marker, value in replacements.items():
        text = text.replace(marker, value)
    return text
