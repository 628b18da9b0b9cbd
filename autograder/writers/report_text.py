"""Pure builders of every report's text: grades.csv, results.json, feedback.md, detail.json."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

from autograder.checks import ATOL, RTOL
from autograder.messages import t
from autograder.model import CheckResult, Outcome, Status, SubmissionReport
from autograder.scoring import function_scores, max_total, total

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """Neutralise spreadsheet formula injection in text cells (ids, messages)."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def fmt_points(value: float) -> str:
    return f"{value:g}"


def grades_csv(reports: Sequence[SubmissionReport], functions: Sequence[str]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["student_id", *functions, "total", "max_score", "status", "message"])
    for report in sorted(reports, key=lambda r: r.student_id):
        scores = function_scores(report)
        writer.writerow(
            [
                csv_cell(report.student_id),
                *(fmt_points(scores.get(f, 0.0)) for f in functions),
                fmt_points(total(report)),
                fmt_points(max_total(report)),
                report.status.value,
                csv_cell(report.message.replace("\n", " | ")[:300]),
            ]
        )
    return buf.getvalue()


def student_message(res: CheckResult, lang: str) -> str:
    """What a student may see about one check: never a hidden input or expected value."""
    if res.outcome is Outcome.PASSED:
        return ""
    if res.outcome is Outcome.WRONG and not res.message:
        return t("hidden_wrong", lang, rtol=RTOL, atol=ATOL)
    if res.outcome is Outcome.GRADER_ERROR:
        return t("grader_error_note", lang)
    return res.message


def results_json(
    report: SubmissionReport, *, lang: str = "ko", hidden_visibility: str = "after_published"
) -> str:
    """Gradescope's results.json schema (tests carry score/max_score/status/output)."""
    tests = []
    for number, res in enumerate(report.results, start=1):
        text = student_message(res, lang)
        if res.output and res.outcome is not Outcome.PASSED:
            text += f"\n\n{t('output', lang)}:\n{res.output[:1500]}"
        tests.append(
            {
                "name": f"{res.check.function}: {res.check.description or res.check.name}",
                "number": str(number),
                "score": res.score,
                "max_score": res.check.points,
                "status": "passed" if res.outcome is Outcome.PASSED else "failed",
                "output": text.strip() or t("passed", lang),
                "output_format": "text",
                "tags": [res.check.function, res.outcome.value],
                "visibility": hidden_visibility if res.check.hidden else "visible",
            }
        )
    summary = (
        t("ungradable", lang, reason=report.message)
        if report.status is Status.UNGRADABLE
        else report.message
    )
    doc = {
        "score": total(report),
        "output": summary,
        "output_format": "text",
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
        "extra_data": {"status": report.status.value, "student_id": report.student_id},
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def feedback_md(report: SubmissionReport, *, title: str, lang: str = "ko") -> str:
    scores = function_scores(report)
    lines = [f"# {t('title', lang)}: {title}", ""]
    lines.append(f"- {t('student', lang)}: `{report.student_id}`")
    if report.origin:
        lines.append(f"- {t('file', lang)}: `{report.origin}`")
    lines.append(
        f"- {t('total', lang)}: **{fmt_points(total(report))} / {fmt_points(max_total(report))}**"
    )
    lines.append("")
    if report.status is Status.UNGRADABLE:
        lines += [f"> {t('ungradable', lang, reason=report.message)}", ""]
    elif report.message:
        lines += [t("load_errors", lang), "", "```", report.message, "```", ""]
    if report.status is Status.GRADER_ERROR:
        lines += [f"> {t('grader_error_note', lang)}", ""]
    for fn in report.functions:
        lines.append(
            f"## `{fn}` — {fmt_points(scores.get(fn, 0.0))} / "
            f"{fmt_points(report.max_points.get(fn, 0.0))}"
        )
        lines.append("")
        for res in (r for r in report.results if r.check.function == fn):
            mark = "✅" if res.outcome is Outcome.PASSED else "❌"
            label = t(res.outcome.value, lang)
            lines.append(
                f"- {mark} {res.check.description or res.check.name} "
                f"({fmt_points(res.score)}/{fmt_points(res.check.points)}) — {label}"
            )
            detail = student_message(res, lang)
            if detail and report.status is not Status.UNGRADABLE:
                lines += ["", "  ```", *("  " + ln for ln in detail.splitlines()[:25]), "  ```"]
            if res.output and res.outcome is not Outcome.PASSED:
                lines += [
                    f"  {t('output', lang)}:",
                    "",
                    "  ```",
                    *("  " + ln for ln in res.output.splitlines()[:15]),
                    "  ```",
                ]
        lines.append("")
    if all(r.outcome is Outcome.PASSED for r in report.results) and report.results:
        lines += [t("all_passed", lang), ""]
    return "\n".join(lines)


def detail_json(report: SubmissionReport) -> str:
    """Instructor-only record with full messages (expected values included)."""
    doc = {
        "student_id": report.student_id,
        "status": report.status.value,
        "origin": report.origin,
        "message": report.message,
        "scores": function_scores(report),
        "max_points": report.max_points,
        "total": total(report),
        "max_score": max_total(report),
        "sandbox_layers": list(report.layers),
        "checks": [
            {
                "name": r.check.name,
                "function": r.check.function,
                "points": r.check.points,
                "score": r.score,
                "outcome": r.outcome.value,
                "message": r.message,
                "detail": r.detail,
                "output": r.output,
            }
            for r in report.results
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
