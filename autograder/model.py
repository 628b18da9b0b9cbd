"""Plain data: what is checked (spec) kept apart from what happened (outcome)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class Outcome(str, enum.Enum):
    """How one check ended. Student errors and grader errors never mix."""

    PASSED = "passed"
    WRONG = "wrong"  # ran and returned a value that is not the expected one
    RAISED = "raised"  # the student's code raised an exception
    TIMEOUT = "timeout"  # the call exceeded its time limit
    CRASHED = "crashed"  # the student's process died (exit, signal, memory)
    MISSING = "missing"  # the function is not defined in the submission
    SKIPPED = "skipped"  # not run (e.g. the function timed out earlier)
    GRADER_ERROR = "grader_error"  # a fault in the kit itself, never the student's

    @property
    def is_student_error(self) -> bool:
        return self in {
            Outcome.WRONG,
            Outcome.RAISED,
            Outcome.TIMEOUT,
            Outcome.CRASHED,
            Outcome.MISSING,
        }


class Status(str, enum.Enum):
    """How a whole submission ended."""

    GRADED = "graded"
    UNGRADABLE = "ungradable"  # missing file, empty, unreadable, syntax error, bad archive
    GRADER_ERROR = "grader_error"


@dataclass(frozen=True)
class Check:
    """One graded check of the hidden suite: the spec, not the result."""

    name: str
    function: str
    points: float
    hidden: bool = True
    description: str = ""


@dataclass(frozen=True)
class Message:
    """A sentence for people: a catalogue key (autograder/messages.py or the assignment's
    messages.toml) plus its fields. Writers translate it; nothing else formats text."""

    key: str
    fields: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, key: str, **fields: object) -> Message:
        return cls(key, tuple(sorted((k, str(v)) for k, v in fields.items())))

    def args(self) -> dict[str, str]:
        return dict(self.fields)


@dataclass(frozen=True)
class Shown:
    """What a *public* check shows the student. Hidden checks never carry one."""

    inputs: str
    got: tuple[float, ...]
    expected: tuple[float, ...]
    rtol: float
    atol: float


# Documented tolerances (README "Tolerances"): |got − expected| ≤ ATOL + RTOL·|expected|,
# element by element, unless a check declares its own. Loop and vectorised code differ by
# ~1e-15 relative, far inside these; every known mistake differs by far more.
RTOL = 1e-6
ATOL = 1e-9


@dataclass(frozen=True)
class Expectation:
    """What one comparison of a check expects, declared through :mod:`autograder.checks.expectations`:
    the kind of value and the tolerance |got − expected| ≤ atol + rtol·|expected|.

    Holds no input and no expected value, so a hidden check may carry it: its feedback
    quotes the tolerance that was actually used. ``kind`` is "scalar", "pair", "array" or
    "distinct" (two answers to different data must differ: a structural rule, so a
    diagnosis it finds is named after one check; see ``structural``)."""

    kind: str
    rtol: float
    atol: float

    @property
    def structural(self) -> bool:
        return self.kind in STRUCTURAL_KINDS


STRUCTURAL_KINDS = frozenset({"distinct"})
# Diagnoses that cannot be a coincidence: named after one check (autograder/checks/naming.py).
CERTAIN_DIAGNOSES = frozenset({"diag_returned_none"})


@dataclass(frozen=True)
class CheckResult:
    check: Check
    outcome: Outcome
    score: float
    message: Message | None = None  # safe to show the student
    output: str = ""  # what the student's code printed during the check (truncated)
    detail: str = ""  # instructor only, English: e.g. "got … / expected …" of a hidden check
    trace: str = ""  # the student's own traceback lines (grader frames removed)
    diagnosis: str = ""  # key of a known misconception the wrong value matches, if any
    shown: Shown | None = None  # public checks only: input, got, expected, tolerance
    # What the check compared, in the order last used: the last is the comparison that
    # decided a WRONG outcome (the one that failed), or the one declared last.
    expectations: tuple[Expectation, ...] = ()

    @property
    def expectation(self) -> Expectation | None:
        return self.expectations[-1] if self.expectations else None


@dataclass(frozen=True)
class Source:
    """Student code ready to run: one or more chunks (notebook cells) of Python."""

    chunks: tuple[str, ...]
    origin: str  # e.g. "kim/<stem>.py" or "a.zip:a/<stem>.ipynb"
    kind: str  # "py" | "ipynb"


@dataclass(frozen=True)
class LeftOut:
    """A file of a person's submission that was not graded, and why (a catalogue key:
    ``older_version``, ``not_chosen``, ``not_code``)."""

    file: str
    why: str


# The ways a class download can be laid out: the LMS platforms intake reads, then a plain
# folder of one entry per student. intake.layouts reads each; config offers them as choices.
LAYOUTS = ("canvas", "moodle", "classroom", "nbgrader", "plain")


@dataclass(frozen=True)
class Identity:
    """Who a submission is, as the platform's download says (see layouts.py): the layout it
    came in, the display name ("" when the platform gives none), whether it was late (None
    when the platform does not say), nbgrader's timestamp.txt, the file graded (as named in
    the download; empty when intake picks it inside a folder) and the files left out."""

    layout: str = "plain"
    name: str = ""
    late: bool | None = None
    timestamp: str | None = None
    graded: tuple[str, ...] = ()
    left_out: tuple[LeftOut, ...] = ()


PLAIN = Identity()


@dataclass(frozen=True)
class Submission:
    student_id: str
    path: str  # the file or folder found in the submissions directory, or the class zip
    # Inside the class zip at ``path``: the member to read, or a folder ("x/", ending in /)
    # to pick the file from; "" when ``path`` itself is the submission.
    member: str = ""
    identity: Identity = PLAIN
    problem: Message | None = None  # found while grouping the download: why it is ungradable


@dataclass(frozen=True)
class SubmissionReport:
    student_id: str
    status: Status
    functions: tuple[str, ...]
    results: tuple[CheckResult, ...] = ()
    max_points: dict[str, float] = field(default_factory=dict)
    message: Message | None = None  # why it is ungradable, or why grading stopped
    origin: str = ""
    layers: tuple[str, ...] = ()  # sandbox layers that were active for this submission
    load_errors: tuple[str, ...] = ()  # "Type: text" raised by the file's top-level code
    # Numbers for pictures, computed from what the sandbox returned (see writers/plots.py):
    # {"data": {"x": [...], "y": [...]},
    #  "fit": {"x": [...], "reference": [...], "student": [...] | None,
    #          "reference_note": str, "student_note": str},
    #  "loss": {"iters": [...], "student": [float | None, ...], "reference": [...],
    #           "ylabel": str}}
    curves: dict[str, Any] = field(default_factory=dict)
    identity: Identity = PLAIN  # who it is, as the platform's download says (layouts.py)
    # Wall seconds charged to the submission's time budget (forks, loads, calls, plots):
    # for the instructor only (detail.json), never in anything a student sees.
    seconds: float | None = None
