"""The report pictures: inline SVG text, deterministic, escaped, robust to diverged numbers."""

from __future__ import annotations

import math
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from types import SimpleNamespace

import numpy as np
import pytest

from autograder.suites.gradient_descent import probes
from autograder.writers import plots, svg
from tests.conftest import ROOT
from tests.writers.html_samples import GRID, curves, diverging_loss, line

GOOD_LOSS: list[float | None] = [40.0 * 0.62**i + 0.3 for i in range(15)]
GOOD = line((1.1, 2.0))
HOSTILE = "</svg><script>alert(1)</script>&\"'"
NUMERIC = ("x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "width", "height")
PLOT_LABELS = (
    "fit_plot", "loss_plot", "your_line", "reference_line", "iteration", "diverged", "data",
    "total", "n_students", "score_distribution",
)  # fmt: skip


def parse(picture: str | None) -> ET.Element:
    assert picture is not None
    root = ET.fromstring(picture)  # well-formed XML, or this raises
    assert root.tag == "svg"
    return root


def texts(root: ET.Element) -> list[str]:
    return ["".join(el.itertext()) for el in root.iter("text")]


def numbers(root: ET.Element) -> list[float]:
    """Every coordinate and size written in the picture."""
    found = []
    for el in root.iter():
        for key in NUMERIC:
            if key in el.attrib and el is not root:  # the root's width is "100%"
                found.append(float(el.attrib[key]))
        for pair in el.attrib.get("points", "").split():
            found.extend(float(v) for v in pair.split(","))
    return found


def curve(root: ET.Element, color: str) -> list[tuple[float, float]]:
    """The points of the polylines drawn in ``color``."""
    return [
        (float(x), float(y))
        for el in root.iter("polyline")
        if el.get("stroke") == color
        for x, y in (pair.split(",") for pair in el.get("points", "").split())
    ]


def x_ticks(root: ET.Element) -> dict[str, float]:
    """Tick label -> pixel x, for the labels under the x axis."""
    return {
        el.text or "": float(el.get("x", "nan"))
        for el in root.iter("text")
        if el.get("text-anchor") == "middle" and el.get("font-size") is None
        and el.get("transform") is None and (el.text or "").lstrip("-").replace(".", "").isdigit()
    }  # fmt: skip


def height(root: ET.Element) -> float:
    return float(root.get("viewBox", "").split()[3])


def all_pictures(student_fit=GOOD, loss=GOOD_LOSS, labels=None) -> list[str | None]:
    labels = labels or {}
    data = curves(student_fit, loss, "w0=1.1, w1=2")
    return [
        plots.fit_svg(data, labels=labels),
        plots.loss_svg(data, labels=labels),
        plots.histogram_svg([0, 35.5, 60, 100], 100.0, labels=labels),
    ]


def test_pictures_are_deterministic_and_follow_their_numbers():
    first, second = all_pictures(), all_pictures()
    assert all(isinstance(p, str) for p in first)
    assert first == second  # same numbers, same bytes
    other = all_pictures(student_fit=line((0.0, 3.0)), loss=diverging_loss())
    assert other[0] != first[0] and other[1] != first[1]


def test_pictures_are_accessible_and_scale_with_the_page():
    labels = {"fit_plot": "데이터와 학습된 직선", "loss_plot": "손실", "score_distribution": "분포"}
    for picture, title in zip(all_pictures(labels=labels), labels.values(), strict=True):
        root = parse(picture)
        assert root.get("role") == "img" and root.get("aria-label") == title
        assert root.find("title") is not None and root.find("title").text == title
        assert root.get("width") == "100%" and re.fullmatch(r"0 0 600 [\d.]+", root.get("viewBox"))
        assert title in texts(root)  # Korean is drawn by the browser, as text
        assert "http" not in picture and "href" not in picture and "url(" not in picture
        assert "style=" not in picture and "<image" not in picture


@pytest.mark.parametrize("key", PLOT_LABELS)
def test_every_label_is_escaped(key):
    labels = {key: HOSTILE}
    data = curves(GOOD, diverging_loss(), note=HOSTILE)
    pictures = [
        plots.fit_svg(data, labels=labels),
        plots.loss_svg(data, labels=labels),
        plots.histogram_svg([1, 2], 10, labels=labels),
    ]
    shown = []
    for picture in pictures:
        assert picture is not None
        assert "<script" not in picture and picture.count("</svg>") == 1
        shown += [HOSTILE in text for text in texts(parse(picture))]
    assert any(shown)  # drawn, as text
    assert "&lt;/svg&gt;&lt;script&gt;" in "".join(p or "" for p in pictures)


def test_notes_and_the_y_label_are_escaped_too():
    data = curves(GOOD, GOOD_LOSS, note=HOSTILE)
    data["fit"]["reference_note"] = HOSTILE  # type: ignore[index]
    data["loss"]["ylabel"] = HOSTILE  # type: ignore[index]
    for picture in (plots.fit_svg(data, labels={}), plots.loss_svg(data, labels={})):
        assert picture is not None and "<script" not in picture
        assert any(HOSTILE in text for text in texts(parse(picture)))


def test_a_non_finite_student_curve_draws_nothing_and_leaves_the_axes_alone():
    note = "w0=nan, w1=inf"
    without = plots.fit_svg(curves(None, GOOD_LOSS, note), labels={})
    for wild in ([math.nan, math.inf], [math.inf, -math.inf], ["x", None], [], "ab"):
        picture = plots.fit_svg(curves(wild, GOOD_LOSS, note), labels={})  # type: ignore[arg-type]
        assert picture == without  # same axes, same legend, no curve
    root = parse(without)
    assert not curve(root, plots.STUDENT_COLOR)
    assert any(note in text for text in texts(root))  # the legend still says what happened
    assert all(math.isfinite(v) for v in numbers(root))
    assert not re.search(r"\b(nan|inf)\b", " ".join(f"{k}={v}" for el in root.iter()
                                                   for k, v in el.attrib.items()))  # fmt: skip


def test_a_diverged_student_line_is_cut_to_the_axes_where_it_crosses_them():
    # w0 = -5e300, w1 = 7e300: a near-vertical line through y = 0 at x = 5/7.
    student = [-5e300 + 7e300 * x for x in GRID]
    calm = parse(plots.fit_svg(curves(GOOD, GOOD_LOSS), labels={}))
    root = parse(plots.fit_svg(curves(student, GOOD_LOSS), labels={}))
    assert x_ticks(root) == x_ticks(calm)  # the axes follow the data and the reference
    ticks = x_ticks(root)
    scale = (ticks["10"] - ticks["0"]) / 10
    points = curve(root, plots.STUDENT_COLOR)
    assert len(points) == 2
    for x, _ in points:
        assert x == pytest.approx(ticks["0"] + scale * 5 / 7, abs=0.15)
    top, bottom = sorted(y for _, y in points)
    assert bottom - top > 200  # it spans the whole plot area ...
    assert all(0 <= v <= 600 for v in numbers(root))  # ... and nothing leaves the picture


def test_student_curve_is_dashed_and_reference_solid():
    root = parse(plots.fit_svg(curves(line((0.0, 3.0)), GOOD_LOSS), labels={}))
    (student,) = [p for p in root.iter("polyline") if p.get("stroke") == plots.STUDENT_COLOR]
    (reference,) = [p for p in root.iter("polyline") if p.get("stroke") == plots.REFERENCE_COLOR]
    assert student.get("stroke-dasharray") and reference.get("stroke-dasharray") is None
    assert len(list(root.iter("circle"))) >= 21  # the data points (and the legend's dot)


def test_fit_plot_draws_arbitrary_curves():
    xs = [i / 10 for i in range(63)]
    data = {
        "data": {"x": xs, "y": [math.sin(x) for x in xs]},
        "fit": {"x": xs, "reference": [math.sin(x) for x in xs], "student": [0.0] * 63},
    }
    root = parse(plots.fit_svg(data, labels={}))
    assert len(curve(root, plots.REFERENCE_COLOR)) == 63
    assert len(set(curve(root, plots.STUDENT_COLOR))) == 63
    assert len({y for _, y in curve(root, plots.STUDENT_COLOR)}) == 1  # a flat answer


def test_fit_plot_needs_data_and_ignores_the_old_lines_format():
    assert plots.fit_svg({}, labels={}) is None
    assert plots.fit_svg({"data": {"x": [], "y": []}}, labels={}) is None
    assert plots.fit_svg({"data": {"x": [math.nan], "y": [1.0]}}, labels={}) is None
    old = {"data": {"x": [0, 1], "y": [1, 2]}, "lines": {"student": [1, 2], "reference": [1, 2]}}
    assert not list(parse(plots.fit_svg(old, labels={})).iter("polyline"))


@pytest.mark.parametrize(
    ("student", "diverged"),
    [
        ([5.0, 4.0, 3.0], False),
        ([3.0, 4.0, 5.0], True),  # ends higher than it started: divergence or ascent
        ([3.0, 1e10, math.inf], True),  # overflowed after a finite start
        ([3.0, 2.0, math.nan], True),
        ([None, 5.0, None, 2.0, None], False),  # missing points are ignored
        ([None, 2.0, None, 5.0], True),
        ([math.nan, 5.0, 4.0], False),  # nothing finite came before the nan
        ([4.0], False),
        ([], False),
        (None, False),
    ],
)
def test_loss_diverged(student, diverged):
    assert plots.loss_diverged({"loss": {"iters": [0, 1, 2, 3, 4], "student": student}}) is diverged


def test_loss_plot_warns_about_a_diverging_student():
    calm = parse(plots.loss_svg(curves(GOOD, GOOD_LOSS), labels={"diverged": "grows!"}))
    wild_curves = curves([math.nan, math.inf], diverging_loss())
    assert plots.loss_diverged(wild_curves)
    wild = parse(plots.loss_svg(wild_curves, labels={"diverged": "grows!"}))
    assert "⚠ grows!" in texts(wild) and not any("grows" in t for t in texts(calm))
    assert height(wild) > height(calm)  # the note has a row of its own under the legend
    assert curve(wild, plots.DIVERGED_COLOR) and not curve(calm, plots.DIVERGED_COLOR)
    assert curve(calm, plots.STUDENT_COLOR)
    assert all(math.isfinite(v) for v in numbers(wild))  # the inf at the end is skipped
    assert len(curve(wild, plots.DIVERGED_COLOR)) == len(diverging_loss()) - 1


def test_loss_axis_turns_logarithmic_when_values_span_more_than_100x():
    superscript = re.compile("10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+")
    wide = {"iters": [0, 1, 2, 3], "student": [1e6, 1e3, 1.0, 0.5], "reference": [1e6, 1, 1, 1]}
    narrow = {"iters": [0, 1, 2, 3], "student": [90.0, 50.0, 10.0, 1.0], "reference": [1.0] * 4}
    log_labels = texts(parse(plots.loss_svg({"loss": wide}, labels={})))
    linear_labels = texts(parse(plots.loss_svg({"loss": narrow}, labels={})))
    assert sum(bool(superscript.fullmatch(t)) for t in log_labels) >= 2
    assert not any(superscript.fullmatch(t) for t in linear_labels)
    assert {"0", "20", "40", "60", "80"} <= set(linear_labels)


def test_loss_plot_drops_what_a_log_axis_cannot_show():
    # Spans far more than 100×, and 0 cannot sit on a log axis: it is dropped, not fatal.
    loss = {"iters": [0, 1, 2, 3], "student": [1e6, 1e3, 1.0, 0.0], "reference": [1e6, 1, 0, 0]}
    root = parse(plots.loss_svg({"loss": loss}, labels={}))
    assert len(curve(root, plots.STUDENT_COLOR)) == 3
    assert len(curve(root, plots.REFERENCE_COLOR)) == 2


def test_loss_plot_drops_missing_points_and_returns_none_when_empty():
    loss = {"iters": [0, 1, 2, 3], "student": [None, math.nan, 3.0, None], "reference": []}
    assert plots.loss_svg({"loss": loss}, labels={}) is not None
    empty = {"iters": [0, 1], "student": [None, None], "reference": [math.inf, None]}
    assert plots.loss_svg({"loss": empty}, labels={}) is None
    assert plots.loss_svg({}, labels={}) is None


def test_loss_y_label_comes_from_the_curves():
    data = curves(GOOD, GOOD_LOSS)
    assert "MSE" in texts(parse(plots.loss_svg(data, labels={})))
    del data["loss"]["ylabel"]  # type: ignore[attr-defined]
    labels = texts(parse(plots.loss_svg(data, labels={})))
    assert "loss" in labels and "MSE" not in labels


def bars(root: ET.Element) -> list[ET.Element]:
    return [el for el in root.iter("rect") if el.get("class") == "hist-bin"]


def test_histogram_counts_each_student_in_one_bin():
    totals = [0, 5, 35.5, 60, 72, 100, 100, 120, -5, math.nan]  # 120 and -5 are clipped
    root = parse(plots.histogram_svg(totals, 100.0, labels={}))
    found = {el.find("title").text: el for el in bars(root)}  # type: ignore[union-attr]
    assert sorted(found) == ["0–10: 3", "30–40: 1", "60–70: 1", "70–80: 1", "90–100: 3"]
    per_student = {
        float(el.get("height", "nan")) / int(name.rsplit(": ", 1)[1]) for name, el in found.items()
    }
    assert max(per_student) - min(per_student) < 0.2  # bar heights are proportional
    lefts = sorted(float(el.get("x", "nan")) for el in found.values())
    ticks = x_ticks(root)
    for left, edge in zip(lefts, ["0", "30", "60", "70", "90"], strict=True):
        assert left == pytest.approx(ticks[edge], abs=1.0)  # each bar sits on its bin


@pytest.mark.parametrize(
    ("totals", "max_score", "bins", "counts"),
    [
        ([0, 35.5, 60, 100, 100], 100.0, 10, [1, 0, 0, 1, 0, 0, 1, 0, 0, 2]),
        ([], 100.0, 10, [0] * 10),
        ([3, 4], 0.0, 4, [0, 0, 0, 2]),  # no maximum: the best total sets the range
        ([0.5, 1, 2.5], 3.0, 3, [1, 1, 1]),
    ],
)
def test_histogram_bins(totals, max_score, bins, counts):
    edges, found = plots.histogram_bins(totals, max_score)
    assert len(edges) == bins + 1 and found == counts
    picture = plots.histogram_svg(totals, max_score, labels={"total": "Total"})
    assert picture == plots.histogram_svg(totals, max_score, labels={"total": "Total"})
    assert len(bars(parse(picture))) == sum(1 for c in counts if c)


def test_ticks_are_nice():
    assert svg.linear_ticks(-0.5, 10.5).labels == ("0", "2", "4", "6", "8", "10")
    assert svg.linear_ticks(0, 1).labels == ("0", "0.2", "0.4", "0.6", "0.8", "1.0")
    assert svg.linear_ticks(-63, 2120, integer=True).labels == ("0", "500", "1000", "1500", "2000")
    assert svg.linear_ticks(0, 3.5, integer=True).labels == ("0", "1", "2", "3")
    assert svg.log_ticks(-0.2, 6.3).labels == ("1", "10²", "10⁴", "10⁶")
    assert svg.log_ticks(-3.1, -0.9).labels == ("10⁻³", "10⁻²", "10⁻¹")
    few_decades = svg.log_ticks(1.3, 3.55)
    assert few_decades.labels == ("20", "50", "100", "200", "500", "1000", "2000")
    assert few_decades.values[2] == 2.0 and few_decades.values[0] == pytest.approx(math.log10(20))


def test_gradient_descent_probes_give_the_generic_format():
    class Reply:
        def __init__(self, pair):
            self.values = pair

        def pair(self):
            return self.values

    def reference(x, y, *, alpha, n_iters):
        return (0.1 * n_iters, 0.5)

    ref = SimpleNamespace(
        gradient_descent=reference, mse=lambda y, pred: float(np.mean((y - pred) ** 2))
    )
    student = SimpleNamespace(gradient_descent=lambda x, y, **kw: Reply((math.nan, math.inf)))
    found = probes.collect(student, ref)
    fit, loss = found["fit"], found["loss"]
    lo, hi = min(found["data"]["x"]), max(found["data"]["x"])
    assert fit["x"] == pytest.approx([lo - 0.05 * (hi - lo), hi + 0.05 * (hi - lo)])
    assert fit["student"] is None and fit["student_note"] == "w0=nan, w1=inf"
    last = 0.1 * probes.ITERS[-1]  # the fake reference's w0 after the longest run
    assert fit["reference"] == pytest.approx([last + 0.5 * x for x in fit["x"]])
    assert fit["reference_note"] == f"w0={last:.4g}, w1=0.5"
    assert loss["ylabel"] == "MSE" and loss["iters"] == list(probes.ITERS)
    assert "lines" not in found
    student = SimpleNamespace(gradient_descent=lambda x, y, **kw: Reply((1.0, 2.0)))
    fit = probes.collect(student, ref)["fit"]
    assert fit["student"] == pytest.approx([1 + 2 * x for x in fit["x"]])
    assert fit["student_note"] == "w0=1, w1=2"
    assert parse(plots.fit_svg(probes.collect(student, ref), labels={})) is not None


def test_importing_and_plotting_never_touch_matplotlib():
    code = (
        "import sys\n"
        "import autograder.writers.html_report, autograder.writers.plots as p\n"
        "from tests.writers.html_samples import curves, diverging_loss\n"
        "c = curves([1.0, 2.0], diverging_loss())\n"
        "p.fit_svg(c, labels={}); p.loss_svg(c, labels={})\n"
        "p.histogram_svg([1.0, 2.0], 10.0, labels={})\n"
        "assert 'matplotlib' not in sys.modules, 'matplotlib imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=120)
    for path in (ROOT / "autograder" / "writers").glob("*.py"):
        assert "matplotlib" not in path.read_text(encoding="utf-8"), path
