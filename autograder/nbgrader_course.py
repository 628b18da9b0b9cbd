"""Moved to the package ``autograder.nbgrader``; this name stays for older imports
(bench/bench.py). New code imports from ``autograder.nbgrader``."""

from autograder.nbgrader import *  # noqa: F403
from autograder.nbgrader import __all__  # noqa: F401
