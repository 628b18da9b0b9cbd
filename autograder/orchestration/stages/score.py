"""Stage 4, scoring of whoever was not graded: a submission that could not be graded, or
whose grading stopped before its report, still gets a report, every check at 0 points, with
the reason (a grade is never lost in silence)."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from autograder.assignment import Assignment
from autograder.messages import DEFAULT
from autograder.model import Check, Message, Outcome, Status, SubmissionReport
from autograder.scoring.points import max_points, result


def not_graded(
    student_id: str,
    checks: list[Check],
    assignment: Assignment,
    *,
    status: Status,
    reason: Message,
    origin: str = "",
) -> SubmissionReport:
    """A report for a submission none of whose checks ran: every check scores 0."""
    detail = DEFAULT.render(reason, "en")
    return SubmissionReport(
        student_id=student_id,
        status=status,
        functions=assignment.functions,
        results=tuple(result(c, Outcome.SKIPPED, reason, detail=detail) for c in checks),
        max_points=max_points(checks, assignment.functions),
        message=reason,
        origin=origin,
    )


def unfinished(
    checks: list[Check],
    spec: Assignment,
    *,
    ungradable: Mapping[str, Message],
    origins: Mapping[str, str],
    reported: Collection[str],
    code: int,
) -> list[SubmissionReport]:
    """The reports nobody else made: one per ``ungradable`` submission (the student's
    file, or the kit's own bug while reading it: ``intake_failed``), then one per
    submission read (``origins``) that is not ``reported``, a grader error since a worker or
    pytest stopped early (``code``, the worst exit code, says how)."""
    reports = []
    for student_id, reason in ungradable.items():
        status = Status.GRADER_ERROR if reason.key == "intake_failed" else Status.UNGRADABLE
        reports.append(not_graded(student_id, checks, spec, status=status, reason=reason))
    for student_id, origin in origins.items():
        if student_id in reported or student_id in ungradable:
            continue
        stopped = Message.of("grader_stopped", code=code)
        reports.append(
            not_graded(
                student_id, checks, spec, status=Status.GRADER_ERROR, reason=stopped, origin=origin
            )
        )
    return reports
