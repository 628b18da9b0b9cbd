"""Pictures for the HTML reports, as PNG bytes. Pure: numbers and labels in, bytes out.

Every function draws on a fresh figure of a fixed size and resolution and saves it without
a timestamp or version stamp, so the same numbers always give the same bytes. matplotlib is
imported lazily, inside the functions, and only its object-oriented API with the Agg canvas
is used: importing the kit never pulls matplotlib in, pyplot is never imported, and no global
figure is left open or backend switched under a notebook that imports the kit.

Labels arrive already translated; the caller passes English ones when
:func:`has_hangul_font` is False (matplotlib's default font has no Hangul glyphs).
"""

from __future__ import annotations

import base64
import functools
import io
import math
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

FIGSIZE = (6.4, 4.0)
HIST_FIGSIZE = (6.4, 3.4)
DPI = 110

DATA_COLOR = "#4c72b0"
REFERENCE_COLOR = "#2e7d32"
STUDENT_COLOR = "#e68a00"
DIVERGED_COLOR = "#c62828"

# Families that carry Hangul, most preferred first; and file-name hints for fonts that were
# installed after matplotlib built its font cache (it does not rescan on its own).
HANGUL_FAMILIES = (
    "NanumGothic",
    "NanumBarunGothic",
    "Noto Sans CJK KR",
    "Noto Sans KR",
    "Noto Sans CJK JP",
    "UnDotum",
    "Malgun Gothic",
    "Apple SD Gothic Neo",
    "AppleGothic",
)
HANGUL_FILE_HINTS = ("nanumgothic", "nanumbarungothic", "notosanscjk", "notosanskr", "undotum")


def _has_hangul_glyph(path: str) -> bool:
    from matplotlib.ft2font import FT2Font

    try:
        return FT2Font(path).get_char_index(ord("가")) != 0
    except (OSError, RuntimeError, ValueError):
        return False


@functools.lru_cache(maxsize=1)
def hangul_font() -> str | None:
    """The family name of an installed font that can draw Hangul, or None."""
    from matplotlib import font_manager

    manager = font_manager.fontManager
    known = {entry.name: entry.fname for entry in manager.ttflist}
    for family in HANGUL_FAMILIES:
        if family in known and _has_hangul_glyph(known[family]):
            return family
    candidates = []
    for path in font_manager.findSystemFonts():
        stem = Path(path).stem.lower().replace(" ", "").replace("-", "")
        for rank, hint in enumerate(HANGUL_FILE_HINTS):
            if stem.startswith(hint):  # regular before bold, the plainest name first
                candidates.append((rank, "bold" in stem, len(stem), path))
                break
    for *_, path in sorted(candidates):
        if not _has_hangul_glyph(path):
            continue
        try:
            manager.addfont(path)
        except (OSError, RuntimeError, ValueError):
            continue
        return font_manager.FontProperties(fname=path).get_name()
    return None


def has_hangul_font() -> bool:
    """True when plots can show Korean labels."""
    return hangul_font() is not None


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _finite(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _pairs(xs: Iterable[Any], ys: Iterable[Any]) -> tuple[list[float], list[float]]:
    """Points whose x and y are both finite numbers."""
    keep_x, keep_y = [], []
    for x, y in zip(xs, ys, strict=False):
        fx, fy = _finite(x), _finite(y)
        if fx is not None and fy is not None:
            keep_x.append(fx)
            keep_y.append(fy)
    return keep_x, keep_y


def _text(value: Any) -> str:
    number = _finite(value)
    if number is not None:
        return f"{number:.4g}"
    try:
        return str(float(value))  # nan, inf, -inf
    except (TypeError, ValueError):
        return "?"


def _line(weights: Any) -> tuple[float, float] | None:
    if not isinstance(weights, Sequence) or isinstance(weights, str) or len(weights) != 2:
        return None
    w0, w1 = _finite(weights[0]), _finite(weights[1])
    return None if w0 is None or w1 is None else (w0, w1)


def _figure(figsize: tuple[float, float], note: str = "") -> tuple[Any, Any]:
    """A figure with one axes, and under it a row for ``note`` when there is one.

    Built with the object-oriented API on an Agg canvas: pyplot's global figure registry is
    never touched, so nothing needs closing and an interactive backend is left alone."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    height = figsize[1] + (0.6 if note else 0.0)
    fig = Figure(figsize=(figsize[0], height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    if note:
        grid = fig.add_gridspec(2, 1, height_ratios=[figsize[1], 0.6])
        ax = fig.add_subplot(grid[0])
        box = fig.add_subplot(grid[1])
        box.axis("off")
        box.text(
            0.0,
            0.5,
            note,
            transform=box.transAxes,
            ha="left",
            va="center",
            fontsize=9.5,
            color=DIVERGED_COLOR,
            bbox={"boxstyle": "round,pad=0.5", "facecolor": "#fdecea", "edgecolor": "#c62828"},
        )
    else:
        ax = fig.add_subplot()
    ax.grid(True, color="#e4e4e4", linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return fig, ax


def _save(fig: Any) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
    return buf.getvalue()


def _rc() -> dict[str, Any]:
    family = ["DejaVu Sans"]
    korean = hangul_font()
    if korean:
        family.append(korean)  # DejaVu for Latin and digits, the Korean font for Hangul
    return {
        "font.family": family,
        "font.size": 9.5,
        "axes.titlesize": 11,
    }


def _draw(figsize: tuple[float, float], paint: Callable[[Any], None], note: str = "") -> bytes:
    import matplotlib

    with matplotlib.rc_context(_rc()):
        fig, ax = _figure(figsize, note)
        paint(ax)
        return _save(fig)


def fit_png(curves: Mapping[str, Any], *, labels: Mapping[str, str]) -> bytes | None:
    """The data, the reference line and (if finite) the student's line. None without data."""
    data = curves.get("data") or {}
    xs, ys = _pairs(data.get("x") or (), data.get("y") or ())
    if not xs:
        return None
    lines = curves.get("lines") or {}
    reference = _line(lines.get("reference"))
    student = _line(lines.get("student"))
    raw_student = lines.get("student")
    unusable = (
        student is None
        and isinstance(raw_student, Sequence)
        and not isinstance(raw_student, str)
        and len(raw_student) == 2
    )

    x_lo, x_hi = min(xs), max(xs)
    x_pad = (x_hi - x_lo) * 0.05 or 1.0
    y_lo, y_hi = min(ys), max(ys)
    y_pad = (y_hi - y_lo) * 0.25 or 1.0
    grid = [x_lo - x_pad, x_hi + x_pad]

    def paint(ax: Any) -> None:
        ax.scatter(
            xs, ys, s=16, color=DATA_COLOR, alpha=0.75, label=labels.get("data", "data"), zorder=2
        )
        if reference is not None:
            w0, w1 = reference
            ax.plot(
                grid,
                [w0 + w1 * x for x in grid],
                color=REFERENCE_COLOR,
                linewidth=2.2,
                label=f"{labels.get('reference_line', 'reference')}  (w0={w0:.4g}, w1={w1:.4g})",
                zorder=3,
            )
        if student is not None:
            w0, w1 = student
            ax.plot(
                grid,
                [w0 + w1 * x for x in grid],
                color=STUDENT_COLOR,
                linewidth=2.2,
                linestyle=(0, (6, 3)),
                label=f"{labels.get('your_line', 'your line')}  (w0={w0:.4g}, w1={w1:.4g})",
                zorder=4,
            )
        elif unusable:  # nan or inf: nothing to draw, but say so in the legend
            shown = ", ".join(
                f"{name}={_text(value)}"
                for name, value in zip(("w0", "w1"), raw_student, strict=True)
            )
            ax.plot(
                [],
                [],
                color=STUDENT_COLOR,
                linewidth=2.2,
                linestyle=(0, (6, 3)),
                label=f"{labels.get('your_line', 'your line')}  ({shown})",
            )
        # The axes follow the data: a diverged line must not squash the picture.
        ax.set_xlim(*grid)
        ax.set_ylim(y_lo - y_pad, y_hi + y_pad)
        ax.set_xlabel("x")
        ax.set_ylabel("y")
        ax.set_title(labels.get("fit_plot", "Data and the fitted lines"))
        ax.legend(loc="best", fontsize=8.5, framealpha=0.92)

    return _draw(FIGSIZE, paint)


def _series(iters: Sequence[Any], values: Any) -> tuple[list[float], list[float]]:
    if not isinstance(values, Sequence) or isinstance(values, str):
        return [], []
    return _pairs(iters, values)


def _positive(series: tuple[list[float], list[float]]) -> tuple[list[float], list[float]]:
    xs, ys = series
    keep = [i for i, y in enumerate(ys) if y > 0]
    return [xs[i] for i in keep], [ys[i] for i in keep]


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
        number = _finite(value)
        if number is None:
            if first is not None:
                return True  # overflowed after a finite start
            continue
        first = number if first is None else first
        last = number
    return first is not None and last is not None and last > first


def loss_png(curves: Mapping[str, Any], *, labels: Mapping[str, str]) -> bytes | None:
    """MSE against iteration, the student's and the reference's. None if nothing to draw."""
    loss = curves.get("loss") or {}
    iters = loss.get("iters") or ()
    if not isinstance(iters, Sequence):
        return None
    student = _series(iters, loss.get("student"))
    reference = _series(iters, loss.get("reference"))
    values = student[1] + reference[1]
    if not values:
        return None
    positive = [v for v in values if v > 0]
    log = bool(positive) and max(positive) > 100 * min(positive)
    if log:  # zero or negative points cannot sit on a log axis
        student, reference = _positive(student), _positive(reference)
    diverged = loss_diverged(curves)
    student_color = DIVERGED_COLOR if diverged else STUDENT_COLOR

    def paint(ax: Any) -> None:
        from matplotlib.ticker import MaxNLocator, NullFormatter

        if reference[0]:
            ax.plot(
                *reference,
                color=REFERENCE_COLOR,
                linewidth=2.2,
                label=labels.get("reference_line", "reference"),
                zorder=3,
            )
        if student[0]:
            ax.plot(
                *student,
                color=student_color,
                linewidth=2.2,
                linestyle=(0, (6, 3)),
                marker="o" if len(student[0]) <= 30 else None,
                markersize=3.5,
                label=labels.get("your_line", "your line"),
                zorder=4,
            )
        if log:
            ax.set_yscale("log")
            ax.yaxis.set_minor_formatter(NullFormatter())  # unlabelled minor ticks lay out fast
        ax.set_xlabel(labels.get("iteration", "iteration"))
        ax.set_ylabel("MSE")
        ax.set_title(labels.get("loss_plot", "Loss (MSE) against iteration"))
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.legend(loc="best", fontsize=8.5, framealpha=0.92)

    note = ""
    if diverged:  # in a row of its own under the axes: it never hides a curve or the legend
        note = "⚠ " + textwrap.fill(labels.get("diverged", "The loss grows."), width=64)
    return _draw(FIGSIZE, paint, note)


def histogram_png(totals: list[float], max_score: float, *, labels: Mapping[str, str]) -> bytes:
    """The class's score distribution, bins spanning 0..max_score."""
    top = max_score if max_score > 0 else max([*totals, 1.0])
    bins = 10 if top >= 10 else max(1, math.ceil(top))
    edges = [top * i / bins for i in range(bins + 1)]
    clipped = [min(max(t, 0.0), top) for t in totals if _finite(t) is not None]

    def paint(ax: Any) -> None:
        from matplotlib.ticker import MaxNLocator

        ax.hist(clipped, bins=edges, color=DATA_COLOR, edgecolor="white", linewidth=1.0)
        ax.set_xlim(0, top)
        ax.set_xticks(edges)
        ax.xaxis.set_major_formatter(lambda value, _pos: f"{value:g}")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel(labels.get("total", "Total"))
        ax.set_ylabel(labels.get("n_students", "students"))
        ax.set_title(labels.get("score_distribution", "Score distribution"))

    return _draw(HIST_FIGSIZE, paint)
