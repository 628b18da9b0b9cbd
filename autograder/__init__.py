"""Grading engine for the gradient-descent exercise kit.

Pipeline: intake (find and read submissions) -> sandbox (run student code in
another process, plain numbers back) -> checks (compare with the reference in
the grader) -> scoring (pure) -> writers (the only code that touches disk).
"""

__version__ = "0.1.0"
