"""The pieces of the report pictures, as SVG text: scales, ticks, clipping, escaping, layout.

Pure string building, no plotting library. Every coordinate is written with one decimal and
every tick label with a fixed format, so the same numbers always give the same bytes. The
fragments are meant to sit inline in an HTML page: the HTML parser puts ``<svg>`` in the SVG
namespace by itself, so no ``xmlns`` (and no URL of any kind) is written. Text is drawn by
the browser in the page's own fonts, Hangul included, and all of it is escaped.
"""

from __future__ import annotations

import html
import itertools
import math
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

WIDTH = 600
FONT = 13
TITLE_FONT = 15
ROW = 20  # height of one legend row
NOTE_LINE = 18
LEFT, RIGHT, TOP, BOTTOM = 72, 18, 34, 46  # around the plot area: ticks and axis titles
LIMIT = 1e306  # values are clamped here: no difference of two overflows to inf

GRID_COLOR = "#e4e4e4"
AXIS_COLOR = "#555"
TEXT_COLOR = "#1c2230"
NOTE_COLOR = "#c62828"
NOTE_FILL = "#fdecea"
Point = tuple[float, float]
CONTROL = dict.fromkeys([*range(32), *range(127, 160)], "\ufffd")  # not allowed in XML 1.0
SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def esc(text: object) -> str:
    """Text safe inside an SVG element or a quoted attribute (and well-formed XML)."""
    raw = str(text).encode("utf-8", "replace").decode("utf-8")  # no lone surrogates
    return html.escape(raw.translate(CONTROL), quote=True)


def num(value: float) -> str:
    """A coordinate, one decimal (never "-0.0")."""
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def finite(value: Any) -> float | None:
    """``value`` as a float clamped to ±LIMIT, or None when it is no finite number."""
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return max(-LIMIT, min(LIMIT, number)) if math.isfinite(number) else None


def text_width(text: str, size: float = FONT) -> float:
    """A rough width in pixels: wide (Hangul, CJK) characters 1 em, others 0.6 em."""
    return size * sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.6 for c in text)


def shorten(text: str, width: float, size: float = FONT) -> str:
    """``text``, cut with an ellipsis so it fits ``width`` pixels."""
    if text_width(text, size) <= width:
        return text
    while text and text_width(text + "…", size) > width:
        text = text[:-1]
    return text + "…"


def wrap(text: str, width: float, size: float = FONT) -> list[str]:
    """``text`` broken at spaces into lines of at most ``width`` pixels (long words are cut)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if line and text_width(candidate, size) > width:
            lines.append(line)
            candidate = word
        line = shorten(candidate, width, size)
    return [*lines, line] if line else lines


# --- scales and ticks ----------------------------------------------------------------------


def nice_steps(raw: float) -> list[float]:
    """Steps of the form 1, 2 or 5 × 10^k around ``raw``, smallest first."""
    if not raw > 0 or not math.isfinite(raw):
        return [1.0]
    exponent = math.floor(math.log10(raw))
    return [m * 10.0**e for e in range(exponent - 1, exponent + 3) for m in (1.0, 2.0, 5.0)]


def span(values: Iterable[float], pad: float) -> tuple[float, float]:
    """(low, high) around ``values``, widened by ``pad`` of their range (a flat range by 10%
    of its value, at least 1)."""
    values = list(values)
    if not values:
        return 0.0, 1.0
    lo, hi = min(values), max(values)
    margin = (hi - lo) * pad if hi > lo else max(abs(lo) * 0.1, 1.0)
    return lo - margin, hi + margin


@dataclass(frozen=True)
class Ticks:
    values: tuple[float, ...]  # in axis units (log10 of the value on a log axis)
    labels: tuple[str, ...]


def linear_ticks(lo: float, hi: float, most: int = 8, *, integer: bool = False) -> Ticks:
    """As many ticks as fit in ``most`` on the finest 1-2-5 step between ``lo`` and ``hi``."""
    steps = nice_steps((hi - lo) / most)
    if integer:
        steps = [s for s in steps if s >= 1] or [1.0]
    for step in steps:  # the last one always fits
        first, last = math.ceil(lo / step - 1e-9), math.floor(hi / step + 1e-9)
        if last - first + 1 <= most:
            break
    values = [i * step for i in range(first, last + 1)]
    decimals = max(0, -math.floor(math.log10(step))) if step < 1 else 0
    big = max((abs(v) for v in values), default=0.0) >= 1e6
    labels = [_label(v, decimals, big) for v in values]
    return Ticks(tuple(values), tuple(labels))


def _label(value: float, decimals: int, big: bool) -> str:
    text = f"{value:.3g}" if big else f"{value:.{decimals}f}"
    return "0" if text.lstrip("-").strip("0.") == "" else text


def log_ticks(lo: float, hi: float, count: int = 6) -> Ticks:
    """Ticks between 10^lo and 10^hi (``lo``, ``hi`` are exponents): powers of ten, every
    k-th one when there are many; 1, 2 and 5 times them when fewer than three decades show."""
    first, last = math.ceil(lo - 1e-9), math.floor(hi + 1e-9)
    if last - first + 1 < 3:
        values = [
            m * 10.0**k
            for k in range(math.floor(lo), math.ceil(hi) + 1)
            for m in (1, 2, 5)
            if lo - 1e-9 <= k + math.log10(m) <= hi + 1e-9
        ]
        return Ticks(tuple(math.log10(v) for v in values), tuple(f"{v:g}" for v in values))
    stride = max(1, math.ceil((last - first + 1) / count))
    exponents = list(range(first, last + 1, stride))
    return Ticks(
        tuple(float(k) for k in exponents),
        tuple("1" if k == 0 else "10" if k == 1 else "10" + str(k).translate(SUPERSCRIPT)
              for k in exponents),
    )  # fmt: skip


@dataclass(frozen=True)
class Axis:
    """One axis: its range in axis units, and whether values are shown as log10."""

    lo: float
    hi: float
    log: bool = False

    def unit(self, value: Any) -> float | None:
        """A value in axis units, or None if it cannot be drawn (non-finite, ≤ 0 on a log axis)."""
        number = finite(value)
        if number is None or (self.log and number <= 0):
            return None
        return math.log10(number) if self.log else number

    def ticks(self, *, integer: bool = False) -> Ticks:
        if self.log:
            return log_ticks(self.lo, self.hi)
        return linear_ticks(self.lo, self.hi, integer=integer)


@dataclass(frozen=True)
class Frame:
    """The plot area: where (in pixels) the two axes are drawn."""

    x: Axis
    y: Axis
    left: float = LEFT
    top: float = TOP
    width: float = WIDTH - LEFT - RIGHT
    height: float = 250.0

    def px(self, u: float, v: float) -> Point:
        """Axis units to pixels (y grows downwards)."""
        fx = (u - self.x.lo) / (self.x.hi - self.x.lo)
        fy = (v - self.y.lo) / (self.y.hi - self.y.lo)
        return self.left + fx * self.width, self.top + (1 - fy) * self.height

    def inside(self, u: float, v: float) -> bool:
        return self.x.lo <= u <= self.x.hi and self.y.lo <= v <= self.y.hi

    @property
    def bottom(self) -> float:
        return self.top + self.height


Cut = tuple[float, int, float]  # where a segment is cut: t along it, which coordinate, its value


def clip(p: Point, q: Point, frame: Frame) -> tuple[Cut | None, Cut | None] | None:
    """Where segment p→q (axis units) enters and leaves the frame (Liang–Barsky); None for
    an end that is inside, None for all when the segment misses the frame."""
    (x0, y0), (x1, y1) = p, q
    dx, dy = x1 - x0, y1 - y0
    t0, t1 = 0.0, 1.0
    enter: Cut | None = None
    leave: Cut | None = None
    for step, room, coord, edge in (
        (-dx, x0 - frame.x.lo, 0, frame.x.lo),
        (dx, frame.x.hi - x0, 0, frame.x.hi),
        (-dy, y0 - frame.y.lo, 1, frame.y.lo),
        (dy, frame.y.hi - y0, 1, frame.y.hi),
    ):
        if step == 0:
            if room < 0:
                return None
            continue
        t = room / step
        if step < 0 and t > t0:
            t0, enter = t, (t, coord, edge)
        elif step > 0 and t < t1:
            t1, leave = t, (t, coord, edge)
        if t0 > t1:
            return None
    return enter, leave


def _at(p: Point, q: Point, cut: Cut) -> Point:
    """The point of p→q at a cut. The coordinate that meets the edge is set to the edge
    itself: far-away ends (1e300) would otherwise round it off."""
    t, coord, edge = cut
    x, y = p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])
    return (edge, y) if coord == 0 else (x, edge)


def runs(points: Sequence[Point], frame: Frame) -> list[list[Point]]:
    """Pixel polylines of ``points`` (axis units) cut to the frame: a line that leaves the
    frame and comes back is drawn as two."""
    out: list[list[Point]] = []
    joined = False  # the previous segment ended, inside, where this one starts
    for p, q in itertools.pairwise(points):
        piece = clip(p, q, frame)
        if piece is None:
            joined = False
            continue
        enter, leave = piece
        end = frame.px(*(_at(p, q, leave) if leave else q))
        if joined and enter is None:
            out[-1].append(end)
        else:
            out.append([frame.px(*(_at(p, q, enter) if enter else p)), end])
        joined = leave is None
    return out


# --- drawing ------------------------------------------------------------------------------


def attrs(**values: object) -> str:
    """Attributes, in the order given; underscores become dashes, None is left out."""
    return "".join(
        f' {key.rstrip("_").replace("_", "-")}="{esc(value)}"'
        for key, value in values.items()
        if value is not None
    )


def text(x: float, y: float, content: str, **extra: object) -> str:
    return f'<text x="{num(x)}" y="{num(y)}"{attrs(**extra)}>{esc(content)}</text>'


def polylines(points: Sequence[Point], frame: Frame, color: str, dashed: bool = False) -> str:
    dash = "6 3" if dashed else None
    return "".join(
        f"<polyline{attrs(points=' '.join(f'{num(x)},{num(y)}' for x, y in run))}"
        f"{attrs(fill='none', stroke=color, stroke_width='2.2', stroke_dasharray=dash)}"
        ' stroke-linejoin="round"/>'
        for run in runs(points, frame)
    )


def dots(points: Sequence[Point], frame: Frame, color: str, r: float = 2.6) -> str:
    return "".join(
        f'<circle cx="{num(cx)}" cy="{num(cy)}" r="{r}" fill="{color}" fill-opacity="0.8"/>'
        for cx, cy in (frame.px(u, v) for u, v in points if frame.inside(u, v))
    )


def axes(
    frame: Frame,
    xlabel: str,
    ylabel: str,
    content: str = "",
    *,
    xticks: Ticks | None = None,
    integer: tuple[bool, bool] = (False, False),
) -> str:
    """Grid lines and tick labels, then ``content`` (the curves), then the two axis lines and
    their titles over it."""
    parts = []
    xticks = xticks or frame.x.ticks(integer=integer[0])
    yticks = frame.y.ticks(integer=integer[1])
    for value, label in zip(xticks.values, xticks.labels, strict=True):
        x, _ = frame.px(value, frame.y.lo)
        parts.append(_line(x, frame.top, x, frame.bottom, GRID_COLOR))
        parts.append(text(x, frame.bottom + 17, label, text_anchor="middle"))
    for value, label in zip(yticks.values, yticks.labels, strict=True):
        _, y = frame.px(frame.x.lo, value)
        parts.append(_line(frame.left, y, frame.left + frame.width, y, GRID_COLOR))
        parts.append(text(frame.left - 7, y + 4.5, label, text_anchor="end"))
    parts.append(content)
    parts.append(_line(frame.left, frame.bottom, frame.left + frame.width, frame.bottom))
    parts.append(_line(frame.left, frame.top, frame.left, frame.bottom))
    middle_x = frame.left + frame.width / 2
    parts.append(text(middle_x, frame.bottom + 38, xlabel, text_anchor="middle"))
    middle_y = frame.top + frame.height / 2
    turn = f"rotate(-90 16 {num(middle_y)})"
    parts.append(text(16, middle_y, ylabel, text_anchor="middle", transform=turn))
    return "".join(parts)


def _line(x1: float, y1: float, x2: float, y2: float, color: str = AXIS_COLOR) -> str:
    return f'<line x1="{num(x1)}" y1="{num(y1)}" x2="{num(x2)}" y2="{num(y2)}" stroke="{color}"/>'


@dataclass(frozen=True)
class Entry:
    """One legend row: a label and how its swatch looks."""

    label: str
    color: str
    kind: str = "line"  # "line", "dashed" or "dot"


def legend(entries: Sequence[Entry], top: float) -> str:
    """Rows under the axes, one per entry: they never hide a curve."""
    parts = []
    for i, entry in enumerate(entries):
        y = top + i * ROW + ROW / 2
        x = LEFT
        if entry.kind == "dot":
            parts.append(f'<circle cx="{num(x + 14)}" cy="{num(y)}" r="3.5" fill="{entry.color}"/>')
        else:
            dash = ' stroke-dasharray="6 3"' if entry.kind == "dashed" else ""
            parts.append(
                f'<line x1="{num(x)}" y1="{num(y)}" x2="{num(x + 28)}" y2="{num(y)}" '
                f'stroke="{entry.color}" stroke-width="2.2"{dash}/>'
            )
        label = shorten(entry.label, WIDTH - x - 38 - RIGHT)
        parts.append(text(x + 38, y + 4.5, label))
    return "".join(parts)


def note(message: str, top: float) -> tuple[str, float]:
    """A red warning box at ``top``; returns its SVG and its height."""
    lines = wrap(message, WIDTH - LEFT - RIGHT - 24)
    height = len(lines) * NOTE_LINE + 14
    box = (
        f'<rect x="{num(LEFT)}" y="{num(top)}" width="{num(WIDTH - LEFT - RIGHT)}" '
        f'height="{num(height)}" rx="6" fill="{NOTE_FILL}" stroke="{NOTE_COLOR}"/>'
    )
    rows = "".join(
        text(LEFT + 12, top + 7 + (i + 0.75) * NOTE_LINE, line, fill=NOTE_COLOR)
        for i, line in enumerate(lines)
    )
    return box + rows, height


def document(title: str, height: float, body: str) -> str:
    """The whole picture: scales with its container (width 100%), titled for screen readers."""
    shown = shorten(title, WIDTH - 20, TITLE_FONT)
    heading = text(
        WIDTH / 2, 22, shown, text_anchor="middle", font_size=TITLE_FONT, font_weight=600
    )
    return (
        f'<svg viewBox="0 0 {WIDTH} {num(height)}" width="100%" role="img" '
        f'aria-label="{esc(title)}" font-size="{FONT}" fill="{TEXT_COLOR}">'
        f"<title>{esc(title)}</title>"
        f'<rect width="{WIDTH}" height="{num(height)}" fill="#fff"/>'
        f"{heading}"
        f"{body}</svg>"
    )
