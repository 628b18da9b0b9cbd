"""SubmissionReport (and Submission) <-> plain JSON, losslessly: for the grading workers'
jobs and their stream to the main process, and for the per-student result cache. Only the
kit's own data is (de)serialised here; nothing from a student process ever passes through
it."""

from __future__ import annotations

from typing import Any

from autograder.model import (
    Check,
    CheckResult,
    Expectation,
    Identity,
    LeftOut,
    Message,
    Outcome,
    Shown,
    Status,
    Submission,
    SubmissionReport,
)


def _message(msg: Message | None) -> Any:
    return None if msg is None else {"key": msg.key, "fields": [list(f) for f in msg.fields]}


def _unmessage(raw: Any) -> Message | None:
    if raw is None:
        return None
    return Message(raw["key"], tuple((str(k), str(v)) for k, v in raw["fields"]))


def result_to_dict(res: CheckResult) -> dict[str, Any]:
    c = res.check
    shown = res.shown
    return {
        "check": [c.name, c.function, c.points, c.hidden, c.description],
        "outcome": res.outcome.value,
        "score": res.score,
        "message": _message(res.message),
        "output": res.output,
        "detail": res.detail,
        "trace": res.trace,
        "diagnosis": res.diagnosis,
        "shown": None
        if shown is None
        else [shown.inputs, list(shown.got), list(shown.expected), shown.rtol, shown.atol],
        "expectations": [[e.kind, e.rtol, e.atol] for e in res.expectations],
    }


def result_from_dict(raw: dict[str, Any]) -> CheckResult:
    name, function, points, hidden, description = raw["check"]
    shown = raw.get("shown")
    return CheckResult(
        Check(name, function, float(points), bool(hidden), description),
        Outcome(raw["outcome"]),
        float(raw["score"]),
        _unmessage(raw.get("message")),
        raw.get("output", ""),
        raw.get("detail", ""),
        raw.get("trace", ""),
        raw.get("diagnosis", ""),
        None
        if shown is None
        else Shown(shown[0], tuple(shown[1]), tuple(shown[2]), shown[3], shown[4]),
        # absent from an older kit's cache: read as no recorded expectation
        tuple(
            Expectation(str(kind), float(rtol), float(atol))
            for kind, rtol, atol in raw.get("expectations") or ()
        ),
    )


def report_to_dict(report: SubmissionReport) -> dict[str, Any]:
    return {
        "student_id": report.student_id,
        "status": report.status.value,
        "functions": list(report.functions),
        "results": [result_to_dict(r) for r in report.results],
        "max_points": report.max_points,
        "message": _message(report.message),
        "origin": report.origin,
        "layers": list(report.layers),
        "load_errors": list(report.load_errors),
        "curves": report.curves,
        "identity": identity_to_dict(report.identity),
        "seconds": report.seconds,
    }


def report_from_dict(raw: dict[str, Any]) -> SubmissionReport:
    return SubmissionReport(
        student_id=raw["student_id"],
        status=Status(raw["status"]),
        functions=tuple(raw["functions"]),
        results=tuple(result_from_dict(r) for r in raw["results"]),
        max_points={k: float(v) for k, v in raw["max_points"].items()},
        message=_unmessage(raw.get("message")),
        origin=raw.get("origin", ""),
        layers=tuple(raw.get("layers", ())),
        load_errors=tuple(raw.get("load_errors", ())),
        curves=raw.get("curves") or {},
        # absent from an older kit's cache: a plain folder's submission
        identity=identity_from_dict(raw.get("identity") or {}),
        seconds=raw.get("seconds"),
    )


def identity_to_dict(identity: Identity) -> dict[str, Any]:
    return {
        "layout": identity.layout,
        "name": identity.name,
        "late": identity.late,
        "timestamp": identity.timestamp,
        "graded": list(identity.graded),
        "left_out": [{"file": x.file, "why": x.why} for x in identity.left_out],
    }


def identity_from_dict(raw: dict[str, Any]) -> Identity:
    late = raw.get("late")
    timestamp = raw.get("timestamp")
    return Identity(
        layout=str(raw.get("layout", "plain")),
        name=str(raw.get("name", "")),
        late=None if late is None else bool(late),
        timestamp=None if timestamp is None else str(timestamp),
        graded=tuple(str(f) for f in raw.get("graded", ())),
        left_out=tuple(LeftOut(str(x["file"]), str(x["why"])) for x in raw.get("left_out", ())),
    )


def submission_to_dict(sub: Submission) -> dict[str, Any]:
    """A submission as a grading worker's job carries it (jobs.py)."""
    return {
        "student_id": sub.student_id,
        "path": sub.path,
        "member": sub.member,
        "identity": identity_to_dict(sub.identity),
        "problem": _message(sub.problem),
    }


def submission_from_dict(raw: dict[str, Any]) -> Submission:
    return Submission(
        student_id=raw["student_id"],
        path=raw["path"],
        member=raw.get("member", ""),
        identity=identity_from_dict(raw.get("identity") or {}),
        problem=_unmessage(raw.get("problem")),
    )
