"""Pure builders of the HTML reports: one student's feedback page and the class overview.

Each returns a complete, self-contained HTML5 document (inline CSS, pictures as inline SVG,
the class page's small sorting script inline). Nothing is fetched from anywhere, and every
piece of text a student controls (ids, file names, printed output, tracebacks, messages) is
escaped. ``CheckResult.detail`` is instructor-only and is never read here.
"""

from __future__ import annotations

import html
import statistics
from collections import Counter
from collections.abc import Callable, Sequence

from autograder.messages import Catalogue, pick_language
from autograder.model import CheckResult, Outcome, Status, SubmissionReport
from autograder.scoring import function_scores, max_total, total
from autograder.writers import plots
from autograder.writers.class_stats import (
    check_stats,
    class_summary,
    function_stats,
    functions_of,
    misconceptions,
)
from autograder.writers.html_assets import CSS, SORT_JS, csp
from autograder.writers.report_text import (
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
Href = Callable[[str], str]


def _t(catalogue: Catalogue, key: str, lang: str, **fields: object) -> str:
    return catalogue.t(key, lang, **fields)


def _clean(text: object) -> str:
    """Text safe to put in a UTF-8 page: no lone surrogates, no control characters."""
    raw = str(text).replace("\r\n", "\n").encode("utf-8", "replace").decode("utf-8")
    return "".join(
        c if c in "\n\t" or not (ord(c) < 32 or 127 <= ord(c) < 160) else "\ufffd" for c in raw
    )


def _render(cat: Catalogue, message: object, lang: str) -> str:
    """A Message in ``lang``, each field (a file or member name, error text: the student's)
    on one line with its control characters visible; plain text (older reports) is passed
    through."""
    if message is None or isinstance(message, str):
        return message or ""
    return render_one_line(message, lang, cat)  # type: ignore[arg-type]


def name(text: object) -> str:
    """A name a student chose (id, file, zip member path), escaped, on one line with every
    control character visible (see report_text.one_line)."""
    return e(one_line(text))


def e(text: object) -> str:
    """Escape anything for HTML text or a quoted attribute."""
    return html.escape(_clean(text), quote=True)


def _num(value: float) -> str:
    return f"{round(value, 2):g}"


def _pct(part: float, whole: float) -> float:
    return 0.0 if whole <= 0 else max(0.0, min(100.0, 100.0 * part / whole))


def _values(values: Sequence[float]) -> str:
    parts = [f"{v:.10g}" for v in values]
    if not parts:
        return "—"
    return parts[0] if len(parts) == 1 else "(" + ", ".join(parts) + ")"


def _page(title: str, lang: str, body: str, *, script: bool = False) -> str:
    tail = f"<script>{SORT_JS}</script>\n" if script else ""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{e(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp(script=script)}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{e(title)}</title>\n<style>\n{CSS}\n</style>\n</head>\n<body>\n"
        f"<main>\n{body}\n</main>\n{tail}</body>\n</html>\n"
    )


def _bar(percent: float, label: str, cls: str = "bar") -> str:
    return (
        f'<div class="{cls}" role="progressbar" aria-valuemin="0" aria-valuemax="100" '
        f'aria-valuenow="{percent:.0f}" aria-label="{e(label)}">'
        f'<span style="width:{percent:.1f}%"></span></div>'
    )


def _figure(draw: Callable[[], str | None]) -> str:
    """An inline SVG picture (it carries its own title and role="img"), or nothing: a picture
    is optional, and drawing one must never cost anybody the page."""
    try:
        picture = draw()
    except Exception:
        return ""
    return f"<figure>{picture}</figure>" if picture else ""


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


def _check_item(res: CheckResult, report: SubmissionReport, cat: Catalogue, lang: str) -> str:
    tone = TONE.get(res.outcome, "bad")
    mark = "✓" if res.outcome is Outcome.PASSED else "✗"
    desc = pick_language(res.check.description or res.check.name, lang)
    visibility = "hidden_check" if res.check.hidden else "public_check"
    more = []
    message = _student_message(res, report, cat, lang)
    if message:
        more.append(f'<p class="msg">{e(message)}</p>')
    if res.shown is not None:
        shown = res.shown
        rows = [
            ("input", shown.inputs),
            ("your_value", _values(shown.got)),
            ("expected_value", _values(shown.expected)),
            ("tolerance", f"rtol={shown.rtol:g}, atol={shown.atol:g}"),
        ]
        more.append(
            '<dl class="shown">'
            + "".join(
                f"<dt>{e(_t(cat, k, lang))}</dt><dd><code>{e(v)}</code></dd>" for k, v in rows
            )
            + "</dl>"
        )
    if res.trace:
        trace = _clip_lines(res.trace, TRACE_LINES, cat, lang)
        more.append(f"<p>{e(_t(cat, 'traceback', lang))}</p><pre>{e(trace)}</pre>")
    if res.output:
        text = res.output[:OUTPUT_CHARS]
        if len(res.output) > OUTPUT_CHARS:
            text += "\n" + _t(cat, "truncated", lang)
        more.append(
            f"<details><summary>{e(_t(cat, 'output', lang))}</summary><pre>{e(text)}</pre></details>"
        )
    body = f'<div class="more">{"".join(more)}</div>' if more else ""
    return (
        f'<li class="check {tone}"><div class="row"><span class="mark" aria-hidden="true">'
        f'{mark}</span><div class="desc">{e(desc)}<span class="badge">'
        f'{e(_t(cat, visibility, lang))}</span></div><div class="side">'
        f'<span class="tag {tone}">{e(_t(cat, res.outcome.value, lang))}</span>'
        f'<span class="pts">{_num(res.score)} / {_num(res.check.points)}</span></div></div>'
        f"{body}</li>"
    )


def _function_section(
    fn: str, report: SubmissionReport, scores: dict[str, float], cat: Catalogue, lang: str
) -> str:
    results = [r for r in report.results if r.check.function == fn]
    earned, most = scores.get(fn, 0.0), report.max_points.get(fn, 0.0)
    items = "".join(_check_item(r, report, cat, lang) for r in results)
    boxes = "".join(
        f'<div class="note diag"><strong>{e(_t(cat, "diagnosis", lang))}</strong>'
        f"{e(_t(cat, key, lang))}</div>"
        for key in diagnoses(report, fn)
    )
    label = f"{fn} {_num(earned)} / {_num(most)}"
    return (
        f'<section class="card fn" id="fn-{e(fn)}"><h2><code>{e(fn)}</code>'
        f'<span class="pts">{_num(earned)} / {_num(most)}</span></h2>'
        f"{_bar(_pct(earned, most), label, 'bar small')}"
        f'<ul class="checks">{items}</ul>{boxes}</section>'
    )


def _plots_section(report: SubmissionReport, cat: Catalogue, lang: str) -> str:
    curves = report.curves or {}
    if not curves:
        return ""
    labels = _plot_labels(cat, lang)
    figures = [
        _figure(lambda draw=draw: draw(curves, labels=labels))
        for draw in (plots.fit_svg, plots.loss_svg)
    ]
    if not any(figures):
        return ""
    return (
        f'<section class="card plots"><h2>{e(_t(cat, "plots", lang))}</h2>'
        f'<div class="figs">{"".join(figures)}</div></section>'
    )


def feedback_html(report: SubmissionReport, *, title: str, lang: str, catalogue: Catalogue) -> str:
    """One student's feedback page."""
    cat = catalogue
    scores = function_scores(report)
    got, most = total(report), max_total(report)
    meta = f"<dt>{e(_t(cat, 'student', lang))}</dt><dd><code>{name(report.student_id)}</code></dd>"
    for label, value in who_lines(report, lang, cat):
        meta += f"<dt>{e(label)}</dt><dd>{name(value)}</dd>"
    if report.origin:
        meta += f"<dt>{e(_t(cat, 'file', lang))}</dt><dd><code>{name(report.origin)}</code></dd>"
    for file, why in left_out(report, lang, cat):
        meta += (
            f"<dt>{e(_t(cat, 'left_out', lang))}</dt><dd><code>{name(file)}</code> ({e(why)})</dd>"
        )
    total_label = _t(cat, "total", lang)
    parts = [
        f'<header class="card"><h1>{e(_t(cat, "title", lang))}: {e(title)}</h1>'
        f'<dl class="meta">{meta}</dl><div class="total-label">{e(total_label)}</div>'
        f'<div class="score">{_num(got)} <small>/ {_num(most)}</small></div>'
        f"{_bar(_pct(got, most), total_label)}</header>"
    ]
    reason = _render(cat, report.message, lang)
    if report.status is Status.UNGRADABLE:
        parts.append(f'<div class="note bad">{e(_t(cat, "ungradable", lang, reason=reason))}</div>')
    elif report.status is Status.GRADER_ERROR:
        note = _t(cat, "grader_error_note", lang) + (f"\n{reason}" if reason else "")
        parts.append(f'<div class="note warn">{e(note)}</div>')
    elif reason:
        parts.append(f'<div class="note warn">{e(reason)}</div>')
    if report.load_errors:
        errors = _clip_lines("\n".join(report.load_errors), TRACE_LINES, cat, lang)
        parts.append(
            f'<div class="note bad">{e(_t(cat, "load_errors", lang))}<pre>{e(errors)}</pre></div>'
        )
    if report.results and all(r.outcome is Outcome.PASSED for r in report.results):
        parts.append(f'<div class="note ok">{e(_t(cat, "all_passed", lang))}</div>')
    for fn in functions_of([report]):
        parts.append(_function_section(fn, report, scores, cat, lang))
    parts.append(_plots_section(report, cat, lang))
    page_title = f"{_t(cat, 'title', lang)}: {title} — {one_line(report.student_id)}"
    return _page(page_title, lang, "\n".join(p for p in parts if p))


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


def _link(student_id: str, href: Href, platform_name: str = "") -> str:
    """A link to a student's feedback, with the name the platform gave, if any (on one
    line, control characters visible: see :func:`name`)."""
    shown = f"{student_id} ({platform_name})" if platform_name else student_id
    return f'<a href="{e(href(student_id))}">{name(shown)}</a>'


def _rate_cell(rate: float | None) -> str:
    if rate is None:
        return '<td class="num" data-sort="">—</td>'
    pct = 100.0 * rate
    return (
        f'<td class="num" data-sort="{pct:.6f}">{pct:.0f}%<span class="rate">'
        f'<span style="width:{pct:.1f}%"></span></span></td>'
    )


def _num_cell(value: float) -> str:
    return f'<td class="num" data-sort="{value!r}">{_num(value)}</td>'


def _table(
    table_id: str, heads: Sequence[tuple[str, bool]], rows: Sequence[str], sorted_col: int = -1
) -> str:
    cells = []
    for col, (label, numeric) in enumerate(heads):
        attrs = ' class="num" data-type="num"' if numeric else ""
        attrs += ' aria-sort="ascending"' if col == sorted_col else ""
        cells.append(f'<th scope="col"{attrs}>{e(label)}</th>')
    return (
        f'<div class="tablewrap"><table id="{table_id}" class="sortable"><thead><tr>'
        f"{''.join(cells)}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def _status_tag(status: Status, cat: Catalogue, lang: str) -> str:
    tone = {Status.GRADED: "ok", Status.UNGRADABLE: "bad"}.get(status, "warn")
    return f'<span class="tag {tone}">{e(_t(cat, "status_" + status.value, lang))}</span>'


def _card(heading: str, inner: str) -> str:
    return f'<section class="card"><h2>{e(heading)}</h2>{inner}</section>'


def _heads(cat: Catalogue, lang: str, *keys: str) -> list[tuple[str, bool]]:
    """Column headings; a key ending in "#" is a numeric column."""
    return [(_t(cat, k.rstrip("#"), lang), k.endswith("#")) for k in keys]


def _class_header(
    reports: Sequence[SubmissionReport], most: float, title: str, cat: Catalogue, lang: str
) -> str:
    summary = class_summary(reports)
    stats = "".join(
        f'<div class="stat"><span>{e(_t(cat, key, lang))}</span><b>{summary[key]:g}</b></div>'
        for key in ("submissions", "graded", "n_ungradable", "n_grader_error")
    ) + "".join(
        f'<div class="stat"><span>{e(_t(cat, key, lang))}</span>'
        f"<b>{_num(summary[key])}</b> / {_num(most)}</div>"
        for key in ("mean", "q1", "median", "q3")
    )
    labels = _plot_labels(cat, lang)
    histogram = _figure(
        lambda: plots.histogram_svg([total(r) for r in reports], most, labels=labels)
    )
    return (
        f'<header class="card"><h1>{e(title)} — {e(_t(cat, "class_title", lang))}</h1>'
        f'<div class="stats">{stats}</div>{histogram}</header>'
    )


def _function_table(reports: Sequence[SubmissionReport], cat: Catalogue, lang: str) -> str:
    rows = [
        f"<tr><td><code>{e(s.function)}</code></td>{_rate_cell(s.rate)}"
        f"{_num_cell(statistics.fmean(s.points) if s.points else 0.0)}"
        f"{_num_cell(s.max_points)}</tr>"
        for s in function_stats(reports)
    ]
    heads = _heads(cat, lang, "function", "all_checks_passed#", "mean_points#", "points#")
    return _card(_t(cat, "by_function", lang), _table("functions", heads, rows, 1))


def _check_table(reports: Sequence[SubmissionReport], cat: Catalogue, lang: str) -> str:
    rows = []
    for s in check_stats(reports):
        failures = ", ".join(
            f"{_t(cat, o.value, lang)} {n}"
            for o, n in s.outcomes.most_common()
            if o is not Outcome.PASSED
        )
        visibility = "hidden_check" if s.check.hidden else "public_check"
        description = pick_language(s.check.description or s.check.name, lang)
        rows.append(
            f"<tr><td><code>{e(s.check.function)}</code></td>"
            f'<td class="wrap">{e(description)}<br><code>{e(s.check.name)}</code></td>'
            f"<td>{e(_t(cat, visibility, lang))}</td>{_num_cell(s.check.points)}"
            f'{_rate_cell(s.rate)}<td class="num" data-sort="{s.passed}">{s.passed} / {s.n}</td>'
            f'<td class="wrap">{e(failures)}</td></tr>'
        )
    heads = _heads(
        cat, lang, "function", "check", "visibility", "points#", "pass_rate#", "passed#", "failures"
    )
    return _card(_t(cat, "by_check", lang), _table("checks", heads, rows, 4))


def _misconception_table(
    reports: Sequence[SubmissionReport], cat: Catalogue, lang: str, href: Href
) -> str:
    rows = [
        f'<tr><td><code>{e(fn)}</code></td><td class="wrap">{e(_t(cat, key, lang))}'
        f'<br><code>{e(key)}</code></td><td class="num">{len(ids)}</td>'
        f'<td class="wrap ids">{" ".join(_link(i, href) for i in ids)}</td></tr>'
        for fn, key, ids in misconceptions(reports)
    ]
    heads = _heads(cat, lang, "function", "diagnosis", "n_students#", "student")
    table = _table("misconceptions", heads, rows) if rows else f"<p>{e(_t(cat, 'none', lang))}</p>"
    return _card(_t(cat, "misconceptions", lang), table)


def _attention_table(
    reports: Sequence[SubmissionReport], cat: Catalogue, lang: str, href: Href
) -> str:
    rows = []
    for report in reports:
        reasons = attention_reasons(report, cat, lang)
        if reasons:
            rows.append(
                f"<tr><td>{_link(report.student_id, href, report.identity.name)}</td>"
                f"<td>{_status_tag(report.status, cat, lang)}</td>{_num_cell(total(report))}"
                f'<td class="wrap">{"<br>".join(e(r) for r in reasons)}</td></tr>'
            )
    heads = _heads(cat, lang, "student", "status", "total#", "reason")
    table = _table("attention", heads, rows) if rows else f"<p>{e(_t(cat, 'none', lang))}</p>"
    return _card(_t(cat, "needs_attention", lang), table)


def _student_table(
    reports: Sequence[SubmissionReport], most: float, cat: Catalogue, lang: str, href: Href
) -> str:
    functions = functions_of(reports)
    rows = []
    for report in reports:
        scores = function_scores(report)
        cells = "".join(_num_cell(scores.get(fn, 0.0)) for fn in functions)
        rows.append(
            f"<tr><td>{_link(report.student_id, href, report.identity.name)}</td>"
            f"{_num_cell(total(report))}{cells}"
            f'<td data-sort="{report.status.value}">{_status_tag(report.status, cat, lang)}</td>'
            "</tr>"
        )
    heads = [
        (_t(cat, "student", lang), False),
        (f"{_t(cat, 'total', lang)} ({_num(most)})", True),
        *((fn, True) for fn in functions),
        (_t(cat, "status", lang), False),
    ]
    hint = f'<p class="hint">{e(_t(cat, "sort_hint", lang))}</p>'
    return _card(_t(cat, "all_students", lang), hint + _table("students", heads, rows, 0))


def class_index_html(
    reports: Sequence[SubmissionReport],
    *,
    title: str,
    lang: str,
    catalogue: Catalogue,
    feedback_href: Href,
) -> str:
    """The instructor's overview of a whole class."""
    cat = catalogue
    reports = sorted(reports, key=lambda r: r.student_id)
    most = max((max_total(r) for r in reports), default=0.0)
    parts = [
        _class_header(reports, most, title, cat, lang),
        _function_table(reports, cat, lang),
        _check_table(reports, cat, lang),
        _misconception_table(reports, cat, lang, feedback_href),
        _attention_table(reports, cat, lang, feedback_href),
        _student_table(reports, most, cat, lang, feedback_href),
    ]
    page_title = f"{title} — {_t(cat, 'class_title', lang)}"
    return _page(page_title, lang, "\n".join(parts), script=True)
