"""Run one check of the hidden suite against a recording stand-in for the student: the kit's
one recorder, autograder/recording.py (``run_check``), as the nbgrader export uses it."""

from __future__ import annotations

from autograder.recording import Transform, run_check

__all__ = ["Transform", "run_check"]
