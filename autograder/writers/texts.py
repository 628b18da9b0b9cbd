"""Pure builders of the text reports: grades.csv, results.json, feedback.md, detail.json.

Student-facing text goes through a Catalogue (Korean or English); ``detail`` (with hidden
expected values) appears only in the instructor's detail.json.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Sequence

from autograder.messages import DEFAULT, Catalogue, pick_language
from autograder.model import (
    ATOL,
    CERTAIN_DIAGNOSES,
    RTOL,
    CheckResult,
    Message,
    Outcome,
    Status,
    SubmissionReport,
)
from autograder.scoring.points import function_scores, max_total, total
from autograder.writers.files import json_text

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """Neutralise spreadsheet formula injection in text cells (ids, messages)."""
    text = str(value)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate (a file name that is not UTF-8)
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return "'" + text if text.startswith(FORMULA_START) else text


def fmt_points(value: float) -> str:
    return f"{value:g}"


def fmt_values(values: Sequence[float]) -> str:
    parts = [f"{v:.10g}" for v in values]
    return parts[0] if len(parts) == 1 else "(" + ", ".join(parts) + ")"


def late_cell(late: bool | None) -> str:
    """grades.csv's ``late``: yes or no where the platform says, empty where it does not."""
    return "" if late is None else ("yes" if late else "no")


def grades_csv(reports: Sequence[SubmissionReport], functions: Sequence[str]) -> str:
    """One row per person, keyed by the platform's id, with the name and lateness the
    download gives; the message column is English, for the instructor."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    head = ["student_id", "name", "late", *functions, "total", "max_score", "status", "message"]
    writer.writerow(head)
    for report in sorted(reports, key=lambda r: r.student_id):
        scores = function_scores(report)
        note = DEFAULT.render(report.message, "en") or " | ".join(report.load_errors)
        writer.writerow(
            [
                csv_cell(report.student_id),
                csv_cell(report.identity.name),
                late_cell(report.identity.late),
                *(fmt_points(scores.get(f, 0.0)) for f in functions),
                fmt_points(total(report)),
                fmt_points(max_total(report)),
                report.status.value,
                csv_cell(" ".join(note.replace("\n", " | ").split())[:300]),
            ]
        )
    return buf.getvalue()


def tolerance(res: CheckResult) -> tuple[float, float]:
    """The tolerance of the comparison that decided ``res`` (its recorded expectation; a
    result from an older kit's cache, which has none, had the kit's default)."""
    used = res.expectation
    return (used.rtol, used.atol) if used is not None else (RTOL, ATOL)


def student_message(res: CheckResult, lang: str, catalogue: Catalogue = DEFAULT) -> str:
    """What a student may see about one check: never a hidden input or expected value."""
    if res.outcome is Outcome.PASSED:
        return ""
    if res.outcome is Outcome.WRONG and res.message is None:
        rtol, atol = tolerance(res)
        return catalogue.t("hidden_wrong", lang, rtol=f"{rtol:g}", atol=f"{atol:g}")
    text = render_one_line(res.message, lang, catalogue)
    return text + (f"\n{res.trace.rstrip()}" if res.trace else "")


def shown_lines(res: CheckResult, lang: str, catalogue: Catalogue) -> list[str]:
    if res.shown is None:
        return []
    s = res.shown
    return [
        f"{catalogue.t('input', lang)}: {s.inputs}",
        f"{catalogue.t('your_value', lang)}: {fmt_values(s.got) if s.got else '-'}",
        f"{catalogue.t('expected_value', lang)}: {fmt_values(s.expected)}",
        f"{catalogue.t('tolerance', lang)}: rtol={s.rtol:g}, atol={s.atol:g}",
    ]


def diagnoses(report: SubmissionReport, fn: str) -> list[str]:
    """The misconception named for one function: the one most of its wrong checks match.

    The grading settles each function's name once (autograder/checks/naming.py: it must fit every
    wrong check); this reads it back. A numeric match must repeat in at least two checks, so
    that a value that happens to equal some variant on one input is not mistaken for a
    misconception. One found by a structural comparison (the result's expectation says so:
    the same answer for different data, say) or a certain one (``returned None``) cannot be
    a coincidence: one check is enough. At most one.
    """
    counts: dict[str, int] = {}
    structural: list[str] = []
    for res in report.results:
        if res.check.function == fn and res.diagnosis:
            counts[res.diagnosis] = counts.get(res.diagnosis, 0) + 1
            found = res.expectation is not None and res.expectation.structural
            found = found or res.diagnosis in CERTAIN_DIAGNOSES
            if found and res.diagnosis not in structural:
                structural.append(res.diagnosis)
    if not counts:
        return []
    best = max(counts, key=lambda key: counts[key])  # first of the most frequent
    if structural:
        return structural[:1]
    return [best] if counts[best] >= 2 else []


def summary_text(report: SubmissionReport, lang: str, catalogue: Catalogue) -> str:
    if report.status is Status.UNGRADABLE:
        reason = render_one_line(report.message, lang, catalogue)
        return catalogue.t("ungradable", lang, reason=reason)
    if report.status is Status.GRADER_ERROR:
        return catalogue.t("grader_error_note", lang)
    if report.load_errors:
        return catalogue.t("load_errors", lang) + "\n" + "\n".join(report.load_errors)
    return ""


def results_json(
    report: SubmissionReport,
    *,
    lang: str = "ko",
    catalogue: Catalogue = DEFAULT,
    hidden_visibility: str = "after_published",
) -> str:
    """Gradescope's results.json schema (tests carry score/max_score/status/output)."""
    tests = []
    for number, res in enumerate(report.results, start=1):
        lines = [student_message(res, lang, catalogue), *shown_lines(res, lang, catalogue)]
        if res.diagnosis:
            lines.append(f"{catalogue.t('diagnosis', lang)}: {catalogue.t(res.diagnosis, lang)}")
        if res.output:
            lines.append(f"\n{catalogue.t('output', lang)}:\n{res.output[:1500]}")
        text = "\n".join(line for line in lines if line).strip()
        description = pick_language(res.check.description, lang) or res.check.name
        tests.append(
            {
                "name": f"{res.check.function}: {description}",
                "number": str(number),
                "score": res.score,
                "max_score": res.check.points,
                "status": "passed" if res.outcome is Outcome.PASSED else "failed",
                "output": text or catalogue.t("passed", lang),
                "output_format": "text",
                "tags": [res.check.function, res.outcome.value],
                "visibility": hidden_visibility if res.check.hidden else "visible",
            }
        )
    doc = {
        "score": total(report),
        "output": summary_text(report, lang, catalogue),
        "output_format": "text",
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
        "extra_data": {"status": report.status.value, "student_id": report.student_id},
    }
    return json_text(doc, indent=2) + "\n"


# --- Markdown: every string a student controls is escaped, quoted or fenced ---------------
# (ids, file and zip member names, messages quoting them, exception text, printed output).

MD_ESCAPED = frozenset("\\`*_~[]()#+-=.!|{}$:")  # CommonMark may escape any ASCII punctuation
MD_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}  # raw HTML, in every Markdown dialect
NEWLINE_SIGN = "\u2424"  # ␤ stands for a line break inside a one-line value


def md_clean(text: object) -> str:
    """``text`` without what a Markdown file cannot hold as is: control characters (tab and
    line feed kept) and lone surrogates become U+FFFD."""
    raw = str(text).replace("\r\n", "\n").encode("utf-8", "replace").decode("utf-8")
    return "".join(
        c if c in "\n\t" or not (ord(c) < 32 or 127 <= ord(c) < 160) else "\ufffd" for c in raw
    )


def one_line(text: object) -> str:
    """A value a student chose (an id, a file or zip member path, a field of a sentence) as
    one line with every control character visible, for feedback.md and feedback.html alike:
    a line break as ␤, the other C0 controls and DEL as their control pictures (␉, ␛, ␡…),
    and C1 controls, line and paragraph separators, invisible format characters (bidi
    overrides, zero-width spaces) and lone surrogates as ⟨U+XXXX⟩. So no name can start a
    line of its own ("Total 100/100 (regraded by instructor)"), reorder what follows it, or
    hide a character."""
    out = []
    for c in str(text).replace("\r\n", "\n"):
        code = ord(c)
        if c == "\n":
            out.append(NEWLINE_SIGN)
        elif code < 32:
            out.append(chr(0x2400 + code))
        elif code == 127:
            out.append("\u2421")
        elif 0x80 <= code < 0xA0 or unicodedata.category(c) in ("Zl", "Zp", "Cf", "Cs"):
            out.append(f"\u27e8U+{code:04X}\u27e9")
        else:
            out.append(c)
    return "".join(out)


def render_one_line(message: Message | None, lang: str, catalogue: Catalogue) -> str:
    """A catalogue sentence with each field (the student's names and text) through
    :func:`one_line`: a sentence a student reads never breaks where a field did."""
    if message is None:
        return ""
    fields = {k: one_line(v) for k, v in message.args().items()}
    return catalogue.t(message.key, lang, **fields)


def md_text(text: object) -> str:
    """One line of prose that renders exactly as ``text``: no heading, list, quote, emphasis,
    link, image, raw HTML, table or bare-URL autolink can start inside it."""
    return "".join(
        MD_ENTITIES.get(c) or ("\\" + c if c in MD_ESCAPED else c) for c in one_line(text)
    )


def _longest_backtick_run(text: str) -> int:
    longest = run = 0
    for c in text:
        run = run + 1 if c == "`" else 0
        longest = max(longest, run)
    return longest


def md_code(text: object) -> str:
    """An inline code span showing ``text`` literally: its fence is one backtick longer
    than the longest run of backticks inside, so nothing inside can close it."""
    flat = one_line(text)
    fence = "`" * (_longest_backtick_run(flat) + 1)
    if not flat or flat.startswith(("`", " ")) or flat.endswith(("`", " ")):
        flat = f" {flat} "  # CommonMark strips one space from each side
    return f"{fence}{flat}{fence}"


def md_message(message: Message | str | None, lang: str, catalogue: Catalogue) -> str:
    """A catalogue sentence for Markdown prose: its fields (file names, zip member paths,
    error text, all of them the student's) escaped with :func:`md_text`."""
    if message is None or isinstance(message, str):
        return md_text(message or "")
    fields = {k: md_text(v) for k, v in message.args().items()}
    return catalogue.t(message.key, lang, **fields)


def fenced(lines: Sequence[str], limit: int = 25, indent: str = "  ") -> list[str]:
    """A fenced code block (of at most ``limit`` lines) that no line inside can close: the
    fence is longer than any run of backticks inside."""
    body = [md_clean(ln) for ln in list(lines)[:limit]]
    fence = "`" * max(3, max((_longest_backtick_run(ln) for ln in body), default=0) + 1)
    return ["", indent + fence, *(indent + ln for ln in body), indent + fence]


def summary_md(report: SubmissionReport, lang: str, catalogue: Catalogue) -> list[str]:
    """The lines under feedback.md's header: why the submission was not graded, or its
    top-level errors (fenced: exception text is the student's)."""
    t = catalogue.t
    if report.status is Status.UNGRADABLE:
        reason = md_message(report.message, lang, catalogue)
        return [f"> {t('ungradable', lang, reason=reason)}", ""]
    if report.status is Status.GRADER_ERROR:
        return [f"> {t('grader_error_note', lang)}", ""]
    if report.load_errors:
        errors = "\n".join(report.load_errors).splitlines()
        return [f"> {t('load_errors', lang)}", *fenced(errors, indent=""), ""]
    return []


def feedback_md(
    report: SubmissionReport, *, title: str, lang: str = "ko", catalogue: Catalogue = DEFAULT
) -> str:
    t = catalogue.t
    scores = function_scores(report)
    lines = [f"# {t('title', lang)}: {title}", ""]
    lines.append(f"- {t('student', lang)}: {md_code(report.student_id)}")
    lines += [f"- {label}: {md_text(value)}" for label, value in who_lines(report, lang, catalogue)]
    if report.origin:
        lines.append(f"- {t('file', lang)}: {md_code(report.origin)}")
    for file, why in left_out(report, lang, catalogue):
        lines.append(f"- {t('left_out', lang)}: {md_code(file)} ({md_text(why)})")
    total_line = f"{fmt_points(total(report))} / {fmt_points(max_total(report))}"
    lines += [f"- {t('total', lang)}: **{total_line}**", ""]
    lines += summary_md(report, lang, catalogue)
    for fn in report.functions:
        got, most = fmt_points(scores.get(fn, 0.0)), fmt_points(report.max_points.get(fn, 0.0))
        lines += [f"## {md_code(fn)} — {got} / {most}", ""]
        for key in diagnoses(report, fn):
            lines += [f"> 💡 **{t('diagnosis', lang)}**: {t(key, lang)}", ""]
        for res in (r for r in report.results if r.check.function == fn):
            mark = "✅" if res.outcome is Outcome.PASSED else "❌"
            description = pick_language(res.check.description, lang) or res.check.name
            lines.append(
                f"- {mark} {description} ({fmt_points(res.score)}/"
                f"{fmt_points(res.check.points)}) — {t(res.outcome.value, lang)}"
            )
            detail = [*shown_lines(res, lang, catalogue)]
            if report.status is not Status.UNGRADABLE:
                detail = student_message(res, lang, catalogue).splitlines() + detail
            if detail:
                lines += fenced(detail)
            if res.output:
                lines += [f"  {t('output', lang)}:", *fenced(res.output.splitlines(), 15)]
        lines.append("")
    if report.results and all(r.outcome is Outcome.PASSED for r in report.results):
        lines += [t("all_passed", lang), ""]
    return "\n".join(lines)


def who_lines(report: SubmissionReport, lang: str, catalogue: Catalogue) -> list[tuple[str, str]]:
    """(label, value) for what the platform says about the person: name, lateness, the
    time nbgrader recorded."""
    who, t = report.identity, catalogue.t
    lines = []
    if who.name:
        lines.append((t("name", lang), who.name))
    if who.late:
        lines.append((t("late", lang), t("late_yes", lang)))
    if who.timestamp:
        lines.append((t("submitted_at", lang), who.timestamp))
    return lines


def left_out(report: SubmissionReport, lang: str, catalogue: Catalogue) -> list[tuple[str, str]]:
    """(file, why) for each file of the person's that was not graded."""
    return [(x.file, catalogue.t(x.why, lang)) for x in report.identity.left_out]


def submission_doc(report: SubmissionReport) -> dict[str, object]:
    """detail.json's "submission": who it is and which files were graded or left out."""
    who = report.identity
    graded = list(who.graded) or ([report.origin] if report.origin else [])
    return {
        "layout": who.layout,
        "name": who.name,
        "late": who.late,
        "timestamp": who.timestamp,
        "graded": graded,
        "left_out": [{"file": x.file, "why": x.why} for x in who.left_out],
    }


def intake_json(summary: dict[str, object]) -> str:
    """OUT/intake.json: the layout of the download graded (the exports read it)."""
    return json_text(summary, indent=2) + "\n"


def detail_json(report: SubmissionReport) -> str:
    """Instructor-only record with full messages (expected values included)."""
    doc = {
        "student_id": report.student_id,
        "submission": submission_doc(report),
        "status": report.status.value,
        "origin": report.origin,
        "message": DEFAULT.render(report.message, "en"),
        "load_errors": list(report.load_errors),
        "scores": function_scores(report),
        "max_points": report.max_points,
        "total": total(report),
        "max_score": max_total(report),
        "sandbox_layers": list(report.layers),
        # the misconception named per function (its stable key; every wrong check of the
        # function carries the same key in "diagnosis" below)
        "diagnoses": {fn: key for fn in report.functions for key in diagnoses(report, fn)},
        # seconds charged to --submission-timeout: never in a student's files
        "sandbox_seconds": None if report.seconds is None else round(report.seconds, 3),
        "checks": [
            {
                "name": r.check.name,
                "function": r.check.function,
                "points": r.check.points,
                "score": r.score,
                "outcome": r.outcome.value,
                "message": DEFAULT.render(r.message, "en"),
                "detail": r.detail,
                "diagnosis": r.diagnosis,
                "trace": r.trace,
                "output": r.output,
            }
            for r in report.results
        ],
    }
    return json_text(doc, indent=2) + "\n"
