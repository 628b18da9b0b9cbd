"""Pictures for the HTML reports, as inline SVG text. Pure: numbers and labels in, text out.

The numbers come from a suite's ``probes.collect(student, ref)`` (see SubmissionReport.curves)::

    {"data": {"x": [...], "y": [...]},                    # scatter points
     "fit": {"x": [...],                                  # a grid of x values (>= 2)
             "reference": [...], "student": [...] | None, # y values on that grid
             "reference_note": "w0=1.23, w1=0.45",        # optional, shown in the legend
             "student_note": "w0=nan, w1=inf"},           # optional, shown even without a curve
     "loss": {"iters": [...], "reference": [...], "student": [...], "ylabel": "MSE"}}

Any value may be missing, None, nan or inf: such points are skipped, and the axes follow the
data and the reference only, so a student's diverged numbers never squash the picture. The
same numbers always give the same text (see svg.py), and labels arrive already translated.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from typing import Any

from autograder.writers import svg
from autograder.writers.svg import Axis, Entry, Frame, Ticks

DATA_COLOR = "#4c72b0"
REFERENCE_COLOR = "#2e7d32"
STUDENT_COLOR = "#e68a00"
DIVERGED_COLOR = "#c62828"
BAR_COLOR = "#4c72b0"
PLOT_HEIGHT = 250.0
HIST_HEIGHT = 190.0
MARKERS_UP_TO = 30  # the student's loss points are marked when there are this few

Points = list[tuple[float, float]]


def _seq(values: Any) -> Sequence[Any]:
    """``values`` if it is a list-like of values, else nothing."""
    if isinstance(values, Sequence) and not isinstance(values, (str, bytes)):
        return values
    return ()


def _pairs(xs: Any, ys: Any) -> Points:
    """Points whose x and y are both finite numbers."""
    pairs = ((svg.finite(x), svg.finite(y)) for x, y in zip(_seq(xs), _seq(ys), strict=False))
    return [(x, y) for x, y in pairs if x is not None and y is not None]


def _in_units(points: Points, axis: Axis) -> Points:
    """Points with y in the axis' units (log10 on a log axis); undrawable ones dropped."""
    return [(x, u) for x, y in points if (u := axis.unit(y)) is not None]


def _with_note(label: str, note: Any) -> str:
    return f"{label}  ({note})" if note not in (None, "") else label


def _legend_top(frame: Frame) -> float:
    return frame.bottom + svg.BOTTOM + 6


def fit_svg(curves: Mapping[str, Any], *, labels: Mapping[str, str]) -> str | None:
    """The data points, the reference curve and the student's (dashed). None without data."""
    data = curves.get("data") or {}
    points = _pairs(data.get("x"), data.get("y"))
    if not points:
        return None
    fit = curves.get("fit") or {}
    reference = _pairs(fit.get("x"), fit.get("reference"))
    student = _pairs(fit.get("x"), fit.get("student"))

    x_lo, x_hi = svg.span([x for x, _ in points], 0.05)
    x_lo = min([x_lo, *(x for x, _ in reference)])
    x_hi = max([x_hi, *(x for x, _ in reference)])
    y_lo, y_hi = svg.span([y for _, y in points] + [y for _, y in reference], 0.1)
    frame = Frame(Axis(x_lo, x_hi), Axis(y_lo, y_hi), height=PLOT_HEIGHT)
    content = (
        svg.dots(points, frame, DATA_COLOR)
        + svg.polylines(reference, frame, REFERENCE_COLOR)
        + svg.polylines(student, frame, STUDENT_COLOR, dashed=True)
    )
    entries = [Entry(labels.get("data", "data"), DATA_COLOR, "dot")]
    if reference:
        label = _with_note(labels.get("reference_line", "reference"), fit.get("reference_note"))
        entries.append(Entry(label, REFERENCE_COLOR))
    if student or fit.get("student_note"):
        label = _with_note(labels.get("your_line", "your answer"), fit.get("student_note"))
        entries.append(Entry(label, STUDENT_COLOR, "dashed"))
    top = _legend_top(frame)
    body = svg.axes(frame, "x", "y", content) + svg.legend(entries, top)
    title = labels.get("fit_plot", "Data and the fitted curves")
    return svg.document(title, top + len(entries) * svg.ROW + 10, body)


def loss_diverged(curves: Mapping[str, Any]) -> bool:
    """True when the student's loss ends higher than it started, or overflows (inf/nan)
    after a finite start: divergence or gradient ascent."""
    values = (curves.get("loss") or {}).get("student")
    if not isinstance(values, Sequence) or isinstance(values, str):
        return False
    first = last = None
    for value in values:
        if value is None:
            continue
        number = svg.finite(value)
        if number is None:
            if first is not None:
                return True  # overflowed after a finite start
            continue
        first = number if first is None else first
        last = number
    return first is not None and last is not None and last > first


def _loss_axis(values: list[float]) -> Axis:
    """A log axis when the positive values span more than 100×, else a linear one."""
    positive = [v for v in values if v > 0]
    if positive and max(positive) > 100 * min(positive):
        return Axis(*svg.span([math.log10(v) for v in positive], 0.05), log=True)
    return Axis(*svg.span(values, 0.05))


def loss_svg(curves: Mapping[str, Any], *, labels: Mapping[str, str]) -> str | None:
    """The loss against iteration, the student's and the reference's. None if nothing to draw."""
    loss = curves.get("loss") or {}
    student = _pairs(loss.get("iters"), loss.get("student"))
    reference = _pairs(loss.get("iters"), loss.get("reference"))
    if not student and not reference:
        return None
    y_axis = _loss_axis([y for _, y in student + reference])
    student, reference = _in_units(student, y_axis), _in_units(reference, y_axis)
    if not student and not reference:
        return None  # nothing left that a log axis can show
    x_axis = Axis(*svg.span([x for x, _ in student + reference], 0.03))
    frame = Frame(x_axis, y_axis, height=PLOT_HEIGHT)
    diverged = loss_diverged(curves)
    color = DIVERGED_COLOR if diverged else STUDENT_COLOR
    content = svg.polylines(reference, frame, REFERENCE_COLOR) + svg.polylines(
        student, frame, color, dashed=True
    )
    if len(student) <= MARKERS_UP_TO:
        content += svg.dots(student, frame, color, r=3.0)
    entries = []
    if reference:
        entries.append(Entry(labels.get("reference_line", "reference"), REFERENCE_COLOR))
    if student:
        entries.append(Entry(labels.get("your_line", "your answer"), color, "dashed"))
    ylabel = str(loss.get("ylabel") or "loss")
    top = _legend_top(frame)
    body = svg.axes(
        frame, labels.get("iteration", "iteration"), ylabel, content, integer=(True, False)
    )
    body += svg.legend(entries, top)
    bottom = top + len(entries) * svg.ROW + 10
    if diverged:  # in a row of its own under the legend: it never hides a curve
        box, height = svg.note("⚠ " + labels.get("diverged", "The loss grows."), bottom)
        body += box
        bottom += height + 10
    return svg.document(labels.get("loss_plot", "Loss against iteration"), bottom, body)


def histogram_bins(totals: Sequence[Any], max_score: float) -> tuple[list[float], list[int]]:
    """Bin edges spanning 0..max_score and how many totals fall in each bin (the last bin
    includes its right edge; totals outside the range count in the nearest bin)."""
    top = max_score if max_score > 0 else max([*(svg.finite(t) or 0.0 for t in totals), 1.0])
    bins = 10 if top >= 10 else max(1, math.ceil(top))
    edges = [top * i / bins for i in range(bins + 1)]
    counts = [0] * bins
    for value in totals:
        number = svg.finite(value)
        if number is not None:
            counts[min(max(bisect_right(edges, number) - 1, 0), bins - 1)] += 1
    return edges, counts


def histogram_svg(totals: Sequence[Any], max_score: float, *, labels: Mapping[str, str]) -> str:
    """The class's score distribution, bins spanning 0..max_score."""
    edges, counts = histogram_bins(totals, max_score)
    y_axis = Axis(0.0, max(1.0, max(counts)) * 1.08)
    frame = Frame(Axis(edges[0], edges[-1]), y_axis, height=HIST_HEIGHT)
    bars = []
    for lo, hi, count in zip(edges, edges[1:], counts, strict=False):
        if not count:
            continue
        (x0, y), (x1, _) = frame.px(lo, count), frame.px(hi, 0.0)
        bars.append(
            f'<rect class="hist-bin" x="{svg.num(x0 + 0.5)}" y="{svg.num(y)}" '
            f'width="{svg.num(x1 - x0 - 1)}" height="{svg.num(frame.bottom - y)}" '
            f'fill="{BAR_COLOR}"><title>{lo:g}–{hi:g}: {count}</title></rect>'
        )
    ticks = Ticks(tuple(edges), tuple(f"{edge:g}" for edge in edges))
    body = svg.axes(
        frame,
        labels.get("total", "Total"),
        labels.get("n_students", "students"),
        "".join(bars),
        xticks=ticks,
        integer=(False, True),
    )
    title = labels.get("score_distribution", "Score distribution")
    return svg.document(title, frame.bottom + svg.BOTTOM + 6, body)
