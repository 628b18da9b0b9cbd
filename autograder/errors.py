"""Exceptions that carry a student-side outcome out of a hidden test to the plugin."""

from __future__ import annotations

from autograder.messages import DEFAULT
from autograder.model import Message, Outcome


class StudentError(Exception):
    """Raised inside a hidden test when the student's code did not produce a value."""

    outcome = Outcome.RAISED
    diagnosis = ""  # a suite may name a known mistake behind an error (say, a shape clash)

    def __init__(self, message: Message, *, output: str = "", trace: str = "") -> None:
        super().__init__(DEFAULT.render(message, "en"))
        self.message = message
        self.output = output
        self.trace = trace


class StudentRaised(StudentError):
    outcome = Outcome.RAISED


class StudentTimeout(StudentError):
    outcome = Outcome.TIMEOUT


class StudentCrashed(StudentError):
    outcome = Outcome.CRASHED


class FunctionMissing(StudentError):
    outcome = Outcome.MISSING


class BadReturn(StudentError):
    outcome = Outcome.WRONG

    def __init__(self, message: Message, *, output: str = "", trace: str = "") -> None:
        super().__init__(message, output=output, trace=trace)
        if message.key == "bad_return" and message.args().get("why", "").startswith(
            "returned None"
        ):
            self.diagnosis = "diag_returned_none"  # a `return` is missing: counted by name


class NotRun(StudentError):
    outcome = Outcome.SKIPPED


class CheckFailed(AssertionError):
    """A value came back but it is not the expected one (a WRONG outcome).

    ``diagnosis`` names a known misconception the value matches. ``message`` is a
    sentence safe to show a student even for a hidden check, because it reveals no expected
    value (say, a wrong shape or a missing key)."""

    def __init__(
        self,
        text: str,
        *,
        diagnosis: str = "",
        message: Message | None = None,
    ) -> None:
        super().__init__(text)
        self.diagnosis = diagnosis
        self.message = message
