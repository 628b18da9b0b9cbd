"""The HTML reports: one student's feedback page and the class overview, rendered from the
Jinja2 templates of writers/templates.py (the kit's, or an instructor's folder first).

This module decides what a page says (which checks, which notes, which numbers); the
templates decide how it looks. Each page is a complete, self-contained HTML5 document
(inline CSS, pictures as inline SVG, the class page's small sorting script inline): nothing
is fetched from anywhere, and every piece of text a student controls (ids, file names,
printed output, tracebacks, messages) is escaped by the template environment.
``CheckResult.detail`` is instructor-only and is never read here, so no template can show it.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from markupsafe import Markup

from autograder.messages import DEFAULT, Catalogue, pick_language
from autograder.model import Check, CheckResult, Outcome, Shown, Status, SubmissionReport
from autograder.scoring.points import function_scores, max_total, total
from autograder.writers import plots
from autograder.writers.class_stats import (
    CheckStats,
    check_stats,
    class_summary,
    function_stats,
    functions_of,
    misconceptions,
)
from autograder.writers.html_assets import csp
from autograder.writers.templates import (
    CLASS_REPORT,
    FEEDBACK,
    TemplateProblem,
    Templates,
    describe,
    escape,
    load_templates,
)
from autograder.writers.texts import (
    diagnoses,
    left_out,
    one_line,
    render_one_line,
    tolerance,
    who_lines,
)

TRACE_LINES = 40
OUTPUT_CHARS = 2000
ATTENTION_OUTCOMES = (Outcome.TIMEOUT, Outcome.CRASHED, Outcome.GRADER_ERROR)
PLOT_KEYS = (
    "fit_plot", "loss_plot", "your_line", "reference_line", "iteration", "diverged", "data",
    "total", "n_students", "score_distribution",
)  # fmt: skip
TONE = {
    Outcome.PASSED: "ok",
    Outcome.SKIPPED: "muted",
    Outcome.GRADER_ERROR: "warn",
}
STATUS_TONE = {Status.GRADED: "ok", Status.UNGRADABLE: "bad"}
Href = Callable[[str], str]


def _t(catalogue: Catalogue, key: str, lang: str, **fields: object) -> str:
    return catalogue.t(key, lang, **fields)


def _render(cat: Catalogue, message: object, lang: str) -> str:
    """A Message in ``lang``, each field (a file or member name, error text: the student's)
    on one line with its control characters visible; plain text (older reports) is passed
    through."""
    if message is None or isinstance(message, str):
        return message or ""
    return render_one_line(message, lang, cat)  # type: ignore[arg-type]


def name(text: object) -> str:
    """A name a student chose (id, file, zip member path), escaped, on one line with every
    control character visible (see texts.one_line)."""
    return e(one_line(text))


def e(text: object) -> str:
    """Escape anything for HTML text or a quoted attribute (what the templates do to every
    value they print)."""
    return escape(text)


def _pct(part: float, whole: float) -> float:
    return 0.0 if whole <= 0 else max(0.0, min(100.0, 100.0 * part / whole))


def _values(values: Sequence[float]) -> str:
    parts = [f"{v:.10g}" for v in values]
    if not parts:
        return "—"
    return parts[0] if len(parts) == 1 else "(" + ", ".join(parts) + ")"


def _figure(draw: Callable[[], str | None]) -> Markup | None:
    """An inline SVG picture (it carries its own title and role="img", and svg.py escapes
    every text in it), or None: a picture is optional, and drawing one must never cost
    anybody the page."""
    try:
        picture = draw()
    except Exception:
        return None
    return Markup(picture) if picture else None


def _plot_labels(catalogue: Catalogue, lang: str) -> dict[str, str]:
    """The pictures' labels, from the suite's catalogue (its entries override the generic)."""
    return {key: _t(catalogue, key, lang) for key in PLOT_KEYS}


def _clip_lines(text: str, limit: int, catalogue: Catalogue, lang: str) -> str:
    lines = text.rstrip("\n").splitlines()
    if len(lines) <= limit:
        return "\n".join(lines)
    omitted = len(lines) - limit + 1
    note = _t(catalogue, "lines_omitted", lang, count=omitted)
    return "\n".join([lines[0], note, *lines[-(limit - 2) :]])


def _page(
    templates: Templates | None,
    page: str,
    *,
    lang: str,
    cat: Catalogue,
    script: bool = False,
    **context: Any,
) -> str:
    """``page`` rendered with what every page has: the language, the catalogue's ``t``, the
    style sheet and the Content-Security-Policy (allowing the sorting script, if ``script``)."""
    templates = templates or load_templates()
    code = templates.script if script else None
    return templates.render(
        page,
        lang=lang,
        t=lambda key, **fields: _t(cat, key, lang, **fields),
        style=templates.style,
        script=code,
        csp=Markup(csp(script=code)),
        **context,
    )


# --- one student's feedback --------------------------------------------------------------


def _student_message(res: CheckResult, report: SubmissionReport, cat: Catalogue, lang: str) -> str:
    """What the student may read about one check (never a hidden expected value)."""
    if res.outcome is Outcome.PASSED or report.status is Status.UNGRADABLE:
        return ""
    if res.outcome is Outcome.GRADER_ERROR:
        return _t(cat, "grader_error_note", lang)
    if res.message:
        return _render(cat, res.message, lang)
    if res.outcome is Outcome.WRONG:
        if res.check.hidden or res.shown is None:
            rtol, atol = tolerance(res)
            return _t(cat, "hidden_wrong", lang, rtol=rtol, atol=atol)
        return _t(cat, "public_wrong", lang)
    return ""


def _shown_rows(shown: Shown | None) -> list[tuple[str, str]] | None:
    """A public check's input, values and tolerance, each with its label's catalogue key."""
    if shown is None:
        return None
    return [
        ("input", shown.inputs),
        ("your_value", _values(shown.got)),
        ("expected_value", _values(shown.expected)),
        ("tolerance", f"rtol={shown.rtol:g}, atol={shown.atol:g}"),
    ]


def _check_item(
    res: CheckResult, report: SubmissionReport, cat: Catalogue, lang: str
) -> dict[str, Any]:
    output = res.output[:OUTPUT_CHARS] if res.output else ""
    if res.output and len(res.output) > OUTPUT_CHARS:
        output += "\n" + _t(cat, "truncated", lang)
    return {
        "tone": TONE.get(res.outcome, "bad"),
        "mark": "✓" if res.outcome is Outcome.PASSED else "✗",
        "description": pick_language(res.check.description or res.check.name, lang),
        "visibility": "hidden_check" if res.check.hidden else "public_check",
        "outcome": res.outcome.value,
        "score": res.score,
        "points": res.check.points,
        "message": _student_message(res, report, cat, lang),
        "shown": _shown_rows(res.shown),
        "trace": _clip_lines(res.trace, TRACE_LINES, cat, lang) if res.trace else "",
        "output": output,
    }


def _function(
    fn: str, report: SubmissionReport, scores: dict[str, float], cat: Catalogue, lang: str
) -> dict[str, Any]:
    earned, most = scores.get(fn, 0.0), report.max_points.get(fn, 0.0)
    return {
        "name": fn,
        "earned": earned,
        "most": most,
        "pct": _pct(earned, most),
        "checks": [
            _check_item(r, report, cat, lang) for r in report.results if r.check.function == fn
        ],
        "diagnoses": [_t(cat, key, lang) for key in diagnoses(report, fn)],
    }


def _notes(report: SubmissionReport, cat: Catalogue, lang: str) -> list[dict[str, str]]:
    """The boxes under the total: the submission's state, its load errors, praise."""
    notes = []
    reason = _render(cat, report.message, lang)
    if report.status is Status.UNGRADABLE:
        notes.append({"tone": "bad", "text": _t(cat, "ungradable", lang, reason=reason)})
    elif report.status is Status.GRADER_ERROR:
        note = _t(cat, "grader_error_note", lang) + (f"\n{reason}" if reason else "")
        notes.append({"tone": "warn", "text": note})
    elif reason:
        notes.append({"tone": "warn", "text": reason})
    if report.load_errors:
        errors = _clip_lines("\n".join(report.load_errors), TRACE_LINES, cat, lang)
        notes.append({"tone": "bad", "text": _t(cat, "load_errors", lang), "pre": errors})
    if report.results and all(r.outcome is Outcome.PASSED for r in report.results):
        notes.append({"tone": "ok", "text": _t(cat, "all_passed", lang)})
    return [{"pre": "", **note} for note in notes]


def _figures(report: SubmissionReport, cat: Catalogue, lang: str) -> list[Markup]:
    curves = report.curves or {}
    if not curves:
        return []
    labels = _plot_labels(cat, lang)
    drawn = [
        _figure(lambda draw=draw: draw(curves, labels=labels))
        for draw in (plots.fit_svg, plots.loss_svg)
    ]
    return [picture for picture in drawn if picture]


def feedback_html(
    report: SubmissionReport,
    *,
    title: str,
    lang: str,
    catalogue: Catalogue,
    templates: Templates | None = None,
) -> str:
    """One student's feedback page (``templates``: the kit's unless given)."""
    cat = catalogue
    scores = function_scores(report)
    got, most = total(report), max_total(report)
    student = {
        "id": one_line(report.student_id),
        "who": [(label, one_line(value)) for label, value in who_lines(report, lang, cat)],
        "origin": one_line(report.origin) if report.origin else "",
        "left_out": [(one_line(file), why) for file, why in left_out(report, lang, cat)],
    }
    page_title = f"{_t(cat, 'title', lang)}: {title} — {one_line(report.student_id)}"
    return _page(
        templates,
        FEEDBACK,
        lang=lang,
        cat=cat,
        page_title=page_title,
        title=title,
        student=student,
        got=got,
        most=most,
        pct=_pct(got, most),
        notes=_notes(report, cat, lang),
        functions=[_function(fn, report, scores, cat, lang) for fn in functions_of([report])],
        figures=_figures(report, cat, lang),
    )


# --- the class overview ------------------------------------------------------------------


def attention_reasons(report: SubmissionReport, cat: Catalogue, lang: str) -> list[str]:
    """Why an instructor should look at this submission (empty: nothing to look at)."""
    reasons = []
    if report.status is not Status.GRADED:
        reasons.append(
            _render(cat, report.message, lang) or _t(cat, "status_" + report.status.value, lang)
        )
    listed = ATTENTION_OUTCOMES if report.status is Status.GRADED else ()
    seen = Counter((r.check.function, r.outcome) for r in report.results if r.outcome in listed)
    for (fn, outcome), count in seen.items():
        times = f" ×{count}" if count > 1 else ""
        reasons.append(f"{fn}: {_t(cat, outcome.value, lang)}{times}")
    if report.status is Status.GRADED and total(report) == 0:
        reasons.append(_t(cat, "zero_total", lang))
    return reasons


def _link(student_id: str, href: Href, platform_name: str = "") -> dict[str, str]:
    """A link to a student's feedback, with the name the platform gave, if any (on one
    line, control characters visible: see :func:`name`)."""
    shown = f"{student_id} ({platform_name})" if platform_name else student_id
    return {"href": href(student_id), "text": one_line(shown)}


def _check_row(stats: CheckStats, cat: Catalogue, lang: str) -> dict[str, Any]:
    check = stats.check
    failures = ", ".join(
        f"{_t(cat, o.value, lang)} {n}"
        for o, n in stats.outcomes.most_common()
        if o is not Outcome.PASSED
    )
    return {
        "function": check.function,
        "description": pick_language(check.description or check.name, lang),
        "name": check.name,
        "visibility": "hidden_check" if check.hidden else "public_check",
        "points": check.points,
        "rate": stats.rate,
        "passed": stats.passed,
        "n": stats.n,
        "failures": failures,
    }


def class_index_html(
    reports: Sequence[SubmissionReport],
    *,
    title: str,
    lang: str,
    catalogue: Catalogue,
    feedback_href: Href,
    templates: Templates | None = None,
) -> str:
    """The instructor's overview of a whole class (``templates``: the kit's unless given)."""
    cat = catalogue
    reports = sorted(reports, key=lambda r: r.student_id)
    most = max((max_total(r) for r in reports), default=0.0)
    labels = _plot_labels(cat, lang)
    functions = functions_of(reports)

    def heads(*keys: str) -> list[dict[str, Any]]:
        """Column headings; a key ending in "#" is a numeric column."""
        return [{"label": _t(cat, k.rstrip("#"), lang), "numeric": k.endswith("#")} for k in keys]

    def link(report: SubmissionReport) -> dict[str, str]:
        return _link(report.student_id, feedback_href, report.identity.name)

    attention = [
        {
            "student": link(report),
            "status": report.status.value,
            "tone": STATUS_TONE.get(report.status, "warn"),
            "total": total(report),
            "reasons": reasons,
        }
        for report in reports
        if (reasons := attention_reasons(report, cat, lang))
    ]
    students = [
        {
            "student": link(report),
            "total": total(report),
            "scores": [function_scores(report).get(fn, 0.0) for fn in functions],
            "status": report.status.value,
            "tone": STATUS_TONE.get(report.status, "warn"),
        }
        for report in reports
    ]
    return _page(
        templates,
        CLASS_REPORT,
        lang=lang,
        cat=cat,
        script=True,
        page_title=f"{title} — {_t(cat, 'class_title', lang)}",
        title=title,
        most=most,
        heads=heads,
        summary=class_summary(reports),
        histogram=_figure(
            lambda: plots.histogram_svg([total(r) for r in reports], most, labels=labels)
        ),
        functions=[
            {
                "name": s.function,
                "rate": s.rate,
                "mean": statistics.fmean(s.points) if s.points else 0.0,
                "max_points": s.max_points,
            }
            for s in function_stats(reports)
        ],
        checks=[_check_row(s, cat, lang) for s in check_stats(reports)],
        misconceptions=[
            {"function": fn, "key": key, "students": [_link(i, feedback_href) for i in ids]}
            for fn, key, ids in misconceptions(reports)
        ],
        attention=attention,
        function_names=functions,
        students=students,
    )


# --- checking a folder of templates before a class is graded -----------------------------


def _sample_report() -> SubmissionReport:
    """A small submission with something in every part of a feedback page."""
    checks = (
        Check("test_sample_passes", "sample", 2.0, hidden=False, description="예 / example"),
        Check("test_sample_fails", "sample", 3.0, description="숨김 / hidden"),
    )
    shown = Shown("x=1", (2.0,), (3.0,), 1e-6, 1e-9)
    results = (
        CheckResult(checks[0], Outcome.PASSED, 2.0, shown=shown),
        CheckResult(checks[1], Outcome.RAISED, 0.0, trace="Traceback\nValueError", output="<b>"),
    )
    return SubmissionReport("<sample>", Status.GRADED, ("sample",), results, {"sample": 5.0})


def check_templates(
    folder: str | Path | None, *, lang: str = "ko", catalogue: Catalogue = DEFAULT
) -> Templates:
    """The templates of ``folder`` (None: the kit's), each page rendered once on a small
    sample so that a missing or broken template fails here, before any student is graded.
    Raises :class:`TemplateProblem` with a message that names the file and line."""
    templates = load_templates(folder)
    sample = _sample_report()
    try:
        feedback_html(sample, title="sample", lang=lang, catalogue=catalogue, templates=templates)
        class_index_html(
            [sample],
            title="sample",
            lang=lang,
            catalogue=catalogue,
            feedback_href=lambda student_id: "sample/feedback.html",
            templates=templates,
        )
    except Exception as exc:
        raise TemplateProblem(describe(exc, templates)) from exc
    return templates
